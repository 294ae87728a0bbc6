"""A manager signs off a decision, or returns it, and the answer that waited
with it is sent or not in the same transaction (seed 000 §6: managers'
oversight; rules.needs_sign_off). Its own module because it sits on both the
record (records) and the answer (answers)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ...history import save_with_history
from ...models import Decision, SignOff, User
from .. import permissions
from .answers import held_answer_settle
from .records import _claim

SIGNED_ALREADY: dict[str, str] = {
    SignOff.SIGNED_OFF: "This decision was signed off a moment ago.",
    SignOff.RETURNED: "This decision was returned for more work a moment ago.",
}


@transaction.atomic
def decision_sign_off(*, user: User, decision: Decision, approve: bool, note: str) -> Decision:
    """A manager of the deciding organisation signs off (or returns) a decision.
    Nobody signs off their own decision."""
    if not permissions.is_manager_of(user, decision.organisation_id):
        raise PermissionDenied("Only a manager of the deciding organisation signs decisions off.")
    if decision.made_by_id == user.pk:
        raise PermissionDenied("You cannot sign off your own decision.")
    if not approve and not note.strip():
        raise ValidationError({"note": "Say what is needed before it can be signed off."})
    decision = _claim(decision)
    if decision.sign_off != SignOff.PENDING:
        raise ValidationError(
            SIGNED_ALREADY.get(decision.sign_off, "This decision is not waiting for sign-off.")
        )
    if Decision.objects.filter(supersedes=decision).exists():
        raise ValidationError("This decision has been reconsidered: sign off the latest one.")
    decision.sign_off = SignOff.SIGNED_OFF if approve else SignOff.RETURNED
    decision.signed_off_by = user
    decision.signed_off_at = timezone.now()
    # The note is kept whole on the decision; the history gets the summary.
    decision.sign_off_note = note.strip()
    save_with_history(
        decision, user=user, reason="Signed off" if approve else "Returned for more work"
    )
    # The answer that waited with the decision goes now, or (returned) never.
    held_answer_settle(user=user, decision=decision, approved=approve)
    return decision
