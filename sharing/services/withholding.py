"""Marking a record "not to be disclosed to the person it is about" (seed 000
§6): the one write behind the flag on chronology entries, documents and
disclosed items. Each app's service checks that the user may edit the record,
then calls this inside its transaction."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from ..choices import SubjectAccessExemption
from ..history import save_with_history

SAY_WHICH = "Select the exemption that applies."
SAY_WHY = "Say why."


def not_for_subject_set(
    record: models.Model, *, user: Any, not_for_subject: bool, exemption: str, reason: str
) -> models.Model:
    """Flag or unflag ``record`` under a row lock, with the exemption relied on
    and a reason; its history row names who and why. Call in a transaction."""
    reason = reason.strip()
    errors: dict[str, str] = {}
    if not_for_subject and exemption not in SubjectAccessExemption.values:
        errors["exemption"] = SAY_WHICH
    if not reason:
        errors["reason"] = SAY_WHY
    if errors:
        raise ValidationError(errors)
    locked = type(record)._base_manager.select_for_update().filter(pk=record.pk).first()
    if locked is None:
        raise ValidationError("This record was removed a moment ago.")
    locked.not_for_subject = not_for_subject  # type: ignore[attr-defined]
    locked.not_for_subject_exemption = exemption if not_for_subject else ""  # type: ignore[attr-defined]
    locked.not_for_subject_reason = reason if not_for_subject else ""  # type: ignore[attr-defined]
    said = (
        "Not to be disclosed to the person it is about"
        if not_for_subject
        else "May be disclosed to the person it is about"
    )
    save_with_history(locked, user=user, reason=f"{said}: {reason}")
    return locked
