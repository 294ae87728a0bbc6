"""The DPO changes a retention rule on their own page (not only in the admin),
with a reason kept in the rule's history. The sweep applies the change to
every record of the rule the next night."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from sharing.history import save_with_history
from sharing.models import OrganisationKind, User

from .. import permissions
from ..models import Action, RecordType, RetentionRule

EDITABLE = (
    "period_months",
    "action",
    "disposal_method",
    "max_retain_months",
    "fallback_months",
    "inactivity_months",
    "died_before_18_months",
    "notice_days",
    "is_active",
    "source",
)


def _check(rule: RetentionRule) -> None:
    """Every rule for the unit's primary records ends in a review by a person:
    only the school-held secondary records (seed 000 §7) and the read log end
    in disposal; only certificates, which hold no personal data, are kept for good."""
    if rule.action == Action.DISPOSE and not (
        rule.organisation_kind == OrganisationKind.SCHOOL or rule.record_type == RecordType.READ_LOG
    ):
        raise ValidationError(
            {
                "action": "The unit's own records always end in a review by a person, "
                "never in disposal."
            }
        )
    if rule.action == Action.KEEP and rule.record_type != RecordType.CERTIFICATE:
        raise ValidationError(
            {"action": "Only disposal certificates, which name no one, are kept for good."}
        )
    if rule.is_default and not rule.is_active:
        raise ValidationError(
            {
                "is_active": "The default rule cannot be switched off: it covers records no "
                "other rule fits."
            }
        )
    if not rule.source.strip():
        raise ValidationError({"source": "Say where the rule comes from."})
    if rule.max_retain_months < 1:
        raise ValidationError({"max_retain_months": "Set the longest time to the next review."})


@transaction.atomic
def rule_change(*, user: User, rule: RetentionRule, reason: str, **fields: Any) -> RetentionRule:
    permissions.require_dpo(user)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the rule changes: it is kept in its history."})
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    locked = RetentionRule.objects.select_for_update().get(pk=rule.pk)
    for key, value in fields.items():
        setattr(locked, key, value)
    _check(locked)
    save_with_history(locked, user=user, reason=f"Rule changed: {reason.strip()}")
    return locked
