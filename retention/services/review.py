"""The DPO's decisions: retain a record, approve its disposal, place and lift
legal holds.

Each claims its rows under a lock and re-checks them there, so two people (or a
person and the nightly disposal) acting at once cannot both win: the one who
comes second changes nothing and is told plainly what happened a moment ago.
History rows carry the acting user and a summary of the reason; the reason
itself is kept whole on the record."""

from collections.abc import Iterable
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from cases.models import Case, CaseCategoryKind
from requests.models import InformationRequest
from sharing.history import save_with_history
from sharing.models import Organisation, User

from .. import holds, permissions, rules, selectors
from ..models import HoldScope, LegalHold, RecordType, RetentionState, Status

DUE = {Status.DUE_REVIEW, Status.DUE_DISPOSAL}

# What the one who comes second is told, by what the locked row shows.
A_MOMENT_AGO: dict[str, str] = {
    Status.APPROVED: "This record was approved for disposal a moment ago.",
    Status.RETAINED: "This record was retained a moment ago.",
}
NOT_DUE = "This record is not due for a decision."
GONE = "This record was disposed of a moment ago."


def _claim_states(ids: Iterable[int]) -> dict[int, RetentionState]:
    """Lock the states, in id order so that two batches never wait on each other."""
    return {
        state.pk: state
        for state in RetentionState.objects.select_for_update(of=("self",))
        .select_related("rule")
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
    }


def _within_label(held: list[tuple[str, int]]) -> str:
    """The first held record under another, by its reference."""
    record_type, object_id = held[0]
    return selectors.label_of(record_type, object_id)


@transaction.atomic
def state_retain(
    *, user: User, state: RetentionState, reason: str, next_review_on: date
) -> RetentionState:
    """Keep a record, with a reason and a next review within the rule's maximum."""
    permissions.require_dpo(user)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the record is kept."})
    locked = _claim_states([state.pk]).get(state.pk)
    if locked is None:
        raise ValidationError(GONE)
    if locked.status not in DUE:
        raise ValidationError(A_MOMENT_AGO.get(locked.status, NOT_DUE))
    months = locked.rule.max_retain_months
    if not rules.next_review_allowed(timezone.localdate(), next_review_on, months):
        raise ValidationError({"next_review_on": f"Set the next review within {months} months."})
    locked.status, locked.next_review_on, locked.retain_reason = (
        Status.RETAINED,
        next_review_on,
        reason,
    )
    save_with_history(locked, user=user, reason=f"Retained: {reason}")
    return locked


def _label(state: RetentionState) -> str:
    """The record by its reference, for a refusal the DPO reads (not its row id)."""
    named = selectors.with_references(RetentionState.objects.filter(pk=state.pk)).first()
    return selectors.record_label(named or state)


@transaction.atomic
def states_approve_disposal(*, user: User, states: Iterable[RetentionState]) -> int:
    """Approve disposal of reviewed records (one or a batch), all or none. Held
    records and records not due are refused."""
    permissions.require_dpo(user)
    wanted = [state.pk for state in states]
    locked = _claim_states(wanted)
    for pk in wanted:
        if pk not in locked:
            raise ValidationError(GONE)
    approved_at = timezone.now()
    for state in locked.values():
        label = _label(state)
        if state.status not in DUE:
            raise ValidationError(f"{label}: {A_MOMENT_AGO.get(state.status, NOT_DUE)}")
        # Read after the lock: a hold placed meanwhile has committed by now
        # (hold_place locks this row too), so it is seen here. A case goes
        # with everything under it: a hold on any of it refuses the case.
        held = holds.held_within(state.record_type, state.object_id)
        if (state.record_type, state.object_id) in held:
            raise ValidationError(f"{label} is under legal hold.")
        if held:
            raise ValidationError(
                f"{label} cannot be disposed of: {_within_label(held)} in it is under legal hold."
            )
        state.status, state.approved_by, state.approved_at = Status.APPROVED, user, approved_at
        save_with_history(state, user=user, reason="Disposal approved")
    return len(locked)


def _hold_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": "Say why the record is held (litigation, a review, an inquiry)."}
        )
    return reason


def _back_to_review(user: User, states: Iterable[int]) -> None:
    for state in _claim_states(states).values():
        if state.status == Status.APPROVED:
            state.status, state.approved_by, state.approved_at = Status.DUE_REVIEW, None, None
            save_with_history(state, user=user, reason="Legal hold placed: back to review")


@transaction.atomic
def hold_place(*, user: User, record: models.Model, reason: str) -> LegalHold:
    """Put a record under legal hold: a case with everything in and under it.
    A disposal approved for any of them goes back to review while the hold stands."""
    permissions.require_dpo(user)
    reason = _hold_reason(reason)
    content_type = ContentType.objects.get_for_model(record)
    # The record itself first: a disposal that is removing it holds its row,
    # and a hold on a record that has just gone would protect nothing.
    still_there = list(
        type(record)
        ._base_manager.select_for_update()
        .filter(pk=record.pk)
        .values_list("pk", flat=True)
    )
    if not still_there:
        raise ValidationError(GONE)
    covered = Q(content_type=content_type, object_id=record.pk)
    record_type = next((kind for kind, model in holds.MODELS.items() if model is type(record)), "")
    below = (
        holds.under_case(record.pk)
        if record_type == RecordType.CASE
        else holds.under_request(record.pk)
        if record_type == RecordType.REQUEST
        else {}
    )
    for kind, ids in below.items():
        covered |= Q(
            content_type=ContentType.objects.get_for_model(holds.MODELS[kind]), object_id__in=ids
        )
    # What it is in: a case cannot go while anything under it is held, so a
    # disposal approved for the case (or the request) goes back to review too.
    # Their states are locked here, so an approval at the same moment either
    # comes first (and is sent back) or waits and sees the hold.
    above = holds.ancestry(record_type, record.pk)
    for model, pk in ((Case, above.case_id), (InformationRequest, above.request_id)):
        if pk is not None:
            covered |= Q(content_type=ContentType.objects.get_for_model(model), object_id=pk)
    _back_to_review(user, RetentionState.objects.filter(covered).values_list("pk", flat=True))
    hold = LegalHold(content_type=content_type, object_id=record.pk, reason=reason, placed_by=user)
    save_with_history(hold, user=user, reason=f"Legal hold placed: {reason}")
    return hold


def _approved_now_held(user: User) -> None:
    """After a hold on a category or an organisation: every disposal approved
    for a record it covers goes back to review (the new hold is seen here,
    in its own transaction)."""
    approved = RetentionState.objects.filter(status=Status.APPROVED).values_list(
        "pk", "record_type", "object_id"
    )
    by_type: dict[str, dict[int, int]] = {}
    for pk, record_type, object_id in approved:
        by_type.setdefault(record_type, {})[object_id] = pk
    standing = holds.Standing.now()
    going_back = [
        states[object_id]
        for record_type, states in by_type.items()
        for object_id in holds.held_ids(record_type, states, standing)
    ]
    _back_to_review(user, going_back)


@transaction.atomic
def hold_place_on_category(*, user: User, category: str, reason: str) -> LegalHold:
    """Hold every case that has had a category, and everything under them (the
    IICSA moratorium on anything relevant to child sexual abuse, say)."""
    permissions.require_dpo(user)
    reason = _hold_reason(reason)
    if category not in CaseCategoryKind.values:
        raise ValidationError({"category": "Choose a category from the list."})
    hold = LegalHold(scope=HoldScope.CATEGORY, category=category, reason=reason, placed_by=user)
    save_with_history(hold, user=user, reason=f"Legal hold placed on a category: {reason}")
    _approved_now_held(user)
    return hold


@transaction.atomic
def hold_place_on_organisation(*, user: User, organisation: Organisation, reason: str) -> LegalHold:
    """Hold everything an organisation holds or is party to."""
    permissions.require_dpo(user)
    reason = _hold_reason(reason)
    hold = LegalHold(
        scope=HoldScope.ORGANISATION, organisation=organisation, reason=reason, placed_by=user
    )
    save_with_history(hold, user=user, reason=f"Legal hold placed on an organisation: {reason}")
    _approved_now_held(user)
    return hold


@transaction.atomic
def hold_lift(*, user: User, hold: LegalHold, reason: str) -> LegalHold:
    permissions.require_dpo(user)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the hold is lifted."})
    locked = LegalHold.objects.select_for_update().filter(pk=hold.pk).first()
    if locked is None:
        raise ValidationError(GONE)
    if locked.lifted_at is not None:
        raise ValidationError("This hold was lifted a moment ago.")
    locked.lifted_by, locked.lifted_at, locked.lift_reason = user, timezone.now(), reason
    save_with_history(locked, user=user, reason=f"Legal hold lifted: {reason}")
    return locked
