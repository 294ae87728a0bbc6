"""Settling an answer that waited for a manager's sign-off (sharing.models.answers):
sent, returned or withdrawn, it waits no more and its documents go from where
they waited. Called with the request's row claimed by whoever settles it (the
manager's sign-off, sharing.decisions.services; the request's withdrawal,
requests.services), so of the two acting at once one settles it."""

from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone

from ..history import save_with_history
from ..models import PendingAnswer, PendingAnswerState, User


def waiting_answer_claim(request_id: int) -> PendingAnswer | None:
    """The answer waiting on the request, its row locked for the rest of the
    transaction (the request's row is claimed first, by the caller)."""
    return (
        PendingAnswer.objects.select_for_update()
        .filter(request_id=request_id, state=PendingAnswerState.WAITING)
        .first()
    )


def pending_answer_settle(*, pending: PendingAnswer, state: str, user: User) -> PendingAnswer:
    """Mark the waiting answer sent, returned or withdrawn, and remove the
    documents that waited with it: once sent they are the request's own copies,
    otherwise nothing of them left the register. Files go only once the
    transaction commits, so a rollback keeps them."""
    pending.state = state
    pending.settled_at = timezone.now()
    save_with_history(pending, user=user, reason=PendingAnswerState.label_of(state))
    stored = [(document.file.storage, document.file.name) for document in pending.documents.all()]
    pending.documents.all().delete()
    transaction.on_commit(lambda: _delete_files(stored))
    return pending


def _delete_files(stored: list[tuple[Storage, str]]) -> None:
    for storage, name in stored:
        storage.delete(name)
