"""A sharing decision written one section at a time (the task list).

The draft is kept server-side, owned by the person writing it, and deleted
when it expires or when the decision is recorded. It is checked by the same
form and the same rules as the record (``rules.decision_problems``); it is
recorded by ``decision_record`` and nothing else, in one transaction with the
draft's deletion, so two presses of "Record decision" record it once."""

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from requests import permissions as request_permissions

from ...models import Decision, DecisionDraft, User
from .. import permissions, rules
from .answers import request_answer_by_decision
from .records import _facts, _keep_decline_reason_with_a_decline, decision_record

# A draft not saved for this long is deleted (it holds what was typed about a
# child: it is not kept longer than the work on it).
DRAFT_LIFETIME = timedelta(days=7)
RECORDED_ALREADY = "This decision has already been recorded, or its draft has expired."


def draft_start(
    *,
    user: User,
    request: Any = None,
    case: Any = None,
    supersedes: Decision | None = None,
    guide_answers: Mapping[str, bool] | None = None,
    answers: Mapping[str, list[str]] | None = None,
    answering: bool = False,
) -> DecisionDraft:
    """Start a draft: the guide's answers, and what is already known (the
    request's law and requester, consent given in the guide), filled in.
    ``answering``: the addressee's answer to ``request``, written with it."""
    if not permissions.makes_decisions(user):
        raise PermissionDenied("Only staff who make sharing decisions can record one.")
    if answering and (request is None or not request_permissions.is_addressee(user, request)):
        raise PermissionDenied("Only the person the request is addressed to answers it.")
    return DecisionDraft.objects.create(
        owner=user,
        request=request,
        case=case,
        supersedes=supersedes,
        guide_answers=dict(guide_answers or {}),
        answers=dict(answers or {}),
        answering=answering,
        expires_at=timezone.now() + DRAFT_LIFETIME,
    )


def _claim(user: User, draft: DecisionDraft) -> DecisionDraft:
    claimed = (
        DecisionDraft.objects.select_for_update()
        .filter(pk=draft.pk, owner=user, expires_at__gt=timezone.now())
        .first()
    )
    if claimed is None:
        raise ValidationError(RECORDED_ALREADY)
    return claimed


@transaction.atomic
def draft_section_save(
    *,
    user: User,
    draft: DecisionDraft,
    section: str,
    keys: Iterable[str],
    posted: Mapping[str, list[str]],
) -> DecisionDraft:
    """Keep a section's answers as posted: its ``keys`` are replaced by what
    was ``posted`` under them (an unticked box posts nothing and is cleared)."""
    draft = _claim(user, draft)
    keys = list(keys)
    answers = {key: value for key, value in draft.answers.items() if key not in keys}
    answers.update({key: list(posted[key]) for key in keys if key in posted})
    draft.answers = answers
    if section not in draft.sections_saved:
        draft.sections_saved = [*draft.sections_saved, section]
    draft.expires_at = timezone.now() + DRAFT_LIFETIME
    draft.save(update_fields=["answers", "sections_saved", "expires_at", "updated_at"])
    return draft


def decision_problems_for(
    *, user: User, guide_answers: Mapping[str, bool], fields: Mapping[str, Any]
) -> dict[str, str]:
    """What the record's own checks (``rules.RECORD_CHECKS``) would refuse in
    these answers, by field: the task list's statuses and section pages show
    them before the record is attempted. Nothing is written."""
    decision = Decision(
        guide_answers=dict(guide_answers),
        guide_suggestion=rules.decision_guide(guide_answers).suggestion,
        **fields,
    )
    _keep_decline_reason_with_a_decline(decision)
    kind = user.organisation.kind if user.organisation is not None else ""
    return rules.decision_problems(_facts(decision, kind))


@transaction.atomic
def draft_record(
    *,
    user: User,
    draft: DecisionDraft,
    consent_covers: Iterable[Any] = (),
    identities_protected: Iterable[Any] = (),
    names_checked: bool = False,
    **fields: Any,
) -> Decision:
    """Record the decision the draft holds, through ``decision_record``, and
    delete the draft in the same transaction."""
    draft = _claim(user, draft)
    decision = decision_record(
        user=user,
        guide_answers=draft.guide_answers,
        consent_covers=consent_covers,
        identities_protected=identities_protected,
        supersedes=draft.supersedes,
        request=draft.request,
        case=draft.case,
        names_checked=names_checked,
        **fields,
    )
    draft.delete()
    return decision


def draft_answer_send(
    *,
    user: User,
    draft: DecisionDraft,
    consent_covers: Iterable[Any] = (),
    identities_protected: Iterable[Any] = (),
    response_text: str = "",
    response_status: str = "",
    channel: str,
    files: Iterable[Any] = (),
    names_checked: bool = False,
    **fields: Any,
) -> Decision:
    """Answer the draft's request with the decision it holds, through
    ``request_answer_by_decision`` (one path out: the decision, the answer and
    what left under it in one transaction, or a decline waiting for sign-off),
    and delete the draft in the same transaction."""
    with transaction.atomic():
        draft = _claim(user, draft)
        if not draft.answering or draft.request is None:
            raise ValidationError("This draft is not an answer to a request.")
        decision = request_answer_by_decision(
            user=user,
            request=draft.request,
            guide_answers=draft.guide_answers,
            consent_covers=consent_covers,
            identities_protected=identities_protected,
            decision_fields=fields,
            response_text=response_text,
            response_status=response_status,
            channel=channel,
            files=files,
            names_checked=names_checked,
        )
        draft.delete()
    return decision


def drafts_purge(now: datetime) -> int:
    """Delete the drafts that have expired; safe to run twice or at once."""
    deleted, _ = DecisionDraft.objects.filter(expires_at__lte=now).delete()
    return deleted
