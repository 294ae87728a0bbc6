"""An answer waiting for a manager's sign-off.

A decision not to share, or to share against refused or withdrawn consent, is
final only once a manager signs it off (``sharing.decisions.rules.needs_sign_off``;
seed 000 §6, seed 004). The answer made with such a decision is kept here, not
on the request, until then: the requester sees nothing of it, and the manager's
sign-off sends it in the same transaction (or, returned, sends nothing). Its
documents wait here too, under random file names in private storage."""

import uuid

from django.core.files.storage import Storage, storages
from django.db import models
from simple_history.models import HistoricalRecords

from ..choices import Choices, InformationStatus, SecureChannel
from .decisions import Decision


class PendingAnswerState(Choices):
    WAITING = "waiting", "Waiting for a manager's sign-off"
    SENT = "sent", "Sent once a manager signed off the decision"
    RETURNED = "returned", "Not sent: a manager returned the decision"
    WITHDRAWN = "withdrawn", "Not sent: the request was withdrawn"


class PendingAnswer(models.Model):
    """What the answerer wrote with a decision that waits for sign-off: what
    ``requests.services.request_answer`` is given once it is signed off. The
    explanation to the requester is the decision's own."""

    decision = models.OneToOneField(
        Decision, on_delete=models.CASCADE, related_name="pending_answer"
    )
    request = models.ForeignKey(
        "requests.InformationRequest", on_delete=models.CASCADE, related_name="pending_answers"
    )
    response_text = models.TextField(blank=True)
    response_status = models.CharField(max_length=12, choices=InformationStatus.choices, blank=True)
    channel = models.CharField(max_length=20, choices=SecureChannel.choices)
    state = models.CharField(
        max_length=10, choices=PendingAnswerState.choices, default=PendingAnswerState.WAITING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One answer waits on a request at a time: the answer page refuses
            # a second while one waits, and this holds whatever the route.
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(state="waiting"),
                name="one_waiting_answer_per_request",
            )
        ]

    def __str__(self) -> str:
        return f"answer waiting on decision {self.decision_id}"


def _private_storage() -> Storage:
    return storages["private"]


def _document_path(instance: "PendingAnswerDocument", filename: str) -> str:
    # A random name: the original file name (which may name a child) is kept
    # only in the database, never on disk or in a URL.
    return f"answers/{uuid.uuid4().hex}"


class PendingAnswerDocument(models.Model):
    """A document uploaded with an answer that waits for sign-off; copied to
    the request's documents when it is sent, deleted when it is not."""

    pending_answer = models.ForeignKey(
        PendingAnswer, on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(upload_to=_document_path, max_length=200, storage=_private_storage)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"document {self.pk} of {self.pending_answer_id}"
