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
from django.utils import timezone

from sharing.history import save_with_history
from sharing.models import User

from .. import permissions, rules, selectors
from ..models import LegalHold, RetentionState, Status

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


def _held(content_type_id: int, object_id: int) -> bool:
    return LegalHold.objects.filter(
        content_type_id=content_type_id, object_id=object_id, lifted_at__isnull=True
    ).exists()


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
        # (hold_place locks this row too), so it is seen here.
        if _held(state.content_type_id, state.object_id):
            raise ValidationError(f"{label} is under legal hold.")
        state.status, state.approved_by, state.approved_at = Status.APPROVED, user, approved_at
        save_with_history(state, user=user, reason="Disposal approved")
    return len(locked)


@transaction.atomic
def hold_place(*, user: User, record: models.Model, reason: str) -> LegalHold:
    """Put a record under legal hold. A disposal approved for it goes back to
    review while the hold stands."""
    permissions.require_dpo(user)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": "Say why the record is held (litigation, a review, an inquiry)."}
        )
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
    states = RetentionState.objects.filter(content_type=content_type, object_id=record.pk)
    for state in _claim_states(states.values_list("pk", flat=True)).values():
        if state.status == Status.APPROVED:
            state.status, state.approved_by, state.approved_at = Status.DUE_REVIEW, None, None
            save_with_history(state, user=user, reason="Legal hold placed: back to review")
    hold = LegalHold(content_type=content_type, object_id=record.pk, reason=reason, placed_by=user)
    save_with_history(hold, user=user, reason=f"Legal hold placed: {reason}")
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
