"""A subject access request and the items of its pack. Re-exported by
``retention.models``, so the app's migrations carry them."""

import uuid
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import Storage, storages
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from sharing.choices import SubjectAccessExemption


def _private_storage() -> Storage:
    return storages["private"]


def pack_path(instance: object, filename: str) -> str:
    # A random name: nothing of the person or the request on disk.
    return f"subject-access/{uuid.uuid4().hex}"


class Requester(models.TextChoices):
    SUBJECT = "subject", "The person themselves"
    PARENT = "parent", "A parent or carer with parental responsibility, for a child"
    REPRESENTATIVE = "representative", "Someone acting for them, with their written authority"


class SarStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    IN_REVIEW = "in_review", "Pack being reviewed"
    RELEASED = "released", "Released"
    EXPIRED = "expired", "Released; the stored pack has been deleted"


class PasswordRoute(models.TextChoices):
    """How the pack's password reaches the requester: never with the file."""

    PHONE = "phone", "Read out by phone"
    IN_PERSON = "in_person", "Given in person"
    SMS = "sms", "Text message to a known number"
    LETTER = "letter", "By letter, sent separately"


class SubjectAccessRequest(models.Model):
    """A request by a person for the records held about them (UK GDPR Art 15)."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    requester = models.CharField("who asked", max_length=200)
    requester_is = models.CharField("they are", max_length=16, choices=Requester.choices)
    # The person the records are about. A disposal that removes them leaves
    # the request (its own retention applies) without them.
    person = models.ForeignKey(
        "cases.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Searched for and not found: the answer says the register holds nothing
    # about them (a request is answered either way).
    not_held = models.BooleanField("the register holds nothing about them", default=False)
    received_on = models.DateField()
    due_on = models.DateField()
    identity_checked = models.BooleanField(default=False)
    identity_check = models.TextField("how their identity was checked", blank=True)
    identity_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    identity_checked_on = models.DateField(null=True, blank=True)
    extended_to = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    extension_told_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=SarStatus.choices, default=SarStatus.RECEIVED)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(auto_now_add=True)
    built_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    password_route = models.CharField(max_length=12, choices=PasswordRoute.choices, blank=True)
    pack = models.FileField(
        upload_to=pack_path, max_length=200, storage=_private_storage, blank=True
    )
    pack_sha256 = models.CharField(max_length=64, blank=True)
    pack_expires_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "subject access request"
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("subject_access:detail", args=[self.pk])

    @property
    def answer_by(self) -> date:
        """The date the answer is due: the extended date once extended."""
        return self.extended_to or self.due_on

    @property
    def is_open(self) -> bool:
        return self.status in (SarStatus.RECEIVED, SarStatus.IN_REVIEW)


class ItemKind(models.TextChoices):
    PERSON = "person", "Their details"
    PARTICIPATION = "participation", "A case they are part of"
    CHRONOLOGY = "chronology", "Chronology entry"
    REQUEST = "request", "Information request about them"
    DOCUMENT = "document", "Document"
    DECISION = "decision", "Sharing decision"
    DISCLOSURE = "disclosure", "Information shared"
    READ_LOG = "read_log", "Who has looked at their records"


class ItemDecision(models.TextChoices):
    PENDING = "pending", "Not yet reviewed"
    INCLUDE = "include", "Include"
    WITHHOLD = "withhold", "Withhold"


class SubjectAccessItem(models.Model):
    """One thing held about the person, as it will be sent (other people
    redacted), and the DPO's decision on it. Deleted with the pack when it
    expires."""

    sar = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=ItemKind.choices)
    # The record it was drawn from (none for the read log's summary).
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    heading = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    # Marked on its record "not to be disclosed to the person it is about":
    # held back unless the DPO decides otherwise.
    flagged = models.BooleanField(default=False)
    flag_reason = models.TextField(blank=True)
    decision = models.CharField(
        max_length=8, choices=ItemDecision.choices, default=ItemDecision.PENDING
    )
    exemption = models.CharField(max_length=24, choices=SubjectAccessExemption.choices, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    # Who decided what, and when; the words themselves are not copied into
    # history, so they go when the pack does.
    history = HistoricalRecords(
        cascade_delete_history=True, excluded_fields=["heading", "text", "flag_reason"]
    )

    class Meta:
        ordering = ["sar", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sar", "position"], name="sar_item_position_unique"),
            models.CheckConstraint(
                condition=~models.Q(decision="withhold") | ~models.Q(exemption=""),
                name="sar_item_withheld_names_exemption",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sar_id} item {self.position}"
