"""A transfer of a child's file, what it carried, and schools' term calendars.

States and dates are plain fields (``status``, ``kind``, ``confirmed_on``,
``due_on``, ``received_at``, ``escalated_on``), so the partnership's figures
are one grouped query."""

import uuid

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from sharing.models import Gateway, Organisation, Team

# The gateway every transfer is recorded under (seeded by
# cases/migrations/0005_transfers.py into the catalogue).
TRANSFER_GATEWAY_CODE = "kcsie-cp-file-transfer"
LAWFUL_BASIS = (
    "UK GDPR Article 6(1)(e) public task, and for special category data Article 9(2)(g) with "
    "DPA 2018 Schedule 1 paragraph 18 (safeguarding of children)"
)
CONSENT_NOTE = (
    "No consent required: Keeping Children Safe in Education requires the file to follow the "
    "child, and the data protection legislation does not prevent sharing to keep a child safe "
    "(seed 001)."
)


class TransferKind(models.TextChoices):
    SCHOOL = "school", "Child protection file to a new school or college"
    AUTHORITY = "authority", "Handover to another local authority"
    RISK_NOTIFICATION = "risk_notification", "A person who poses a risk has moved to their area"


class TransferRoute(models.TextChoices):
    REGISTER = "register", "Inside the register: their safeguarding lead has an account"
    PACK = "pack", "Encrypted pack, password by another route, with a one-time receipt link"


class TransferStatus(models.TextChoices):
    SENT = "sent", "Sent, not yet received"
    RECEIVED = "received", "Received"
    CANCELLED = "cancelled", "Cancelled"


class PasswordRoute(models.TextChoices):
    """How the pack's password travels: never with the file (seed 000 §7)."""

    PHONE = "phone", "Read out by phone"
    IN_PERSON = "in_person", "Given in person"
    SMS = "sms", "Text message to a known number"
    SEPARATE_EMAIL = "separate_email", "Separate e-mail, after the file"


def pack_path(instance: object, filename: str) -> str:
    # A random name: no reference, no child, on disk or anywhere else.
    return f"transfers/{uuid.uuid4().hex}"


def private_storage() -> Storage:
    return storages["private"]


class Transfer(models.Model):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=TransferKind.choices)
    route = models.CharField(max_length=12, choices=TransferRoute.choices)
    status = models.CharField(
        max_length=12, choices=TransferStatus.choices, default=TransferStatus.SENT
    )
    # The sender's side. The case stays the sender's; the receiver never
    # reaches it through the transfer.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="transfers"
    )
    sending_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="transfers_sent")
    sending_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="transfers_sent"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()
    # The receiving side: an organisation, and its safeguarding lead where known.
    receiving_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="transfers_received"
    )
    receiving_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_addressed",
    )
    # Colleagues the receiving lead has given the file to (a deputy lead).
    shared_with = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="transfers_shared"
    )
    receiving_contact = models.CharField(
        "who receives it",
        max_length=200,
        blank=True,
        help_text="For an encrypted pack: the role and secure address it goes to.",
    )
    # What the file says about the child, copied when it was sent: the
    # receiver sees this, not the sender's case.
    subject_first_name = models.CharField(max_length=100)
    subject_last_name = models.CharField(max_length=100)
    subject_date_of_birth = models.DateField(null=True, blank=True)
    subject_upn = models.CharField(max_length=13, blank=True)
    subject_nhs_number = models.CharField(max_length=10, blank=True)
    summary = models.TextField()
    # The dates KCSIE counts from.
    confirmed_on = models.DateField("date the new setting was confirmed")
    due_on = models.DateField()
    # The disclosure, recorded on the transfer (see docs/rules.md).
    gateway = models.ForeignKey(Gateway, on_delete=models.PROTECT, related_name="transfers")
    lawful_basis = models.TextField(default=LAWFUL_BASIS)
    consent_note = models.TextField(default=CONSENT_NOTE)
    # Receipt.
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_by_name = models.CharField(
        "who confirmed receipt",
        max_length=200,
        blank=True,
        help_text="By the receipt link: the name and role they gave.",
    )
    receiver_case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Chasing.
    last_chased_on = models.DateField(null=True, blank=True)
    chase_count = models.PositiveSmallIntegerField(default=0)
    escalated_on = models.DateField(null=True, blank=True)
    # Cancelling.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    # The encrypted pack and its one-time receipt link (only a hash of the token).
    pack = models.FileField(
        upload_to=pack_path, max_length=200, storage=private_storage, blank=True
    )
    pack_sha256 = models.CharField(max_length=64, blank=True)
    password_route = models.CharField(max_length=16, choices=PasswordRoute.choices, blank=True)
    receipt_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    receipt_link_expires_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["receiving_organisation", "status"]),
            # The statistics count the files sent in a period (transfer_figures):
            # a range of sent_at, read from here.
            models.Index(fields=["sent_at", "kind"], name="transfer_sent_in_period"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="received") | models.Q(received_at__isnull=False),
                name="transfer_received_has_a_time",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("cases:transfer_detail", args=[self.pk])

    @property
    def subject_name(self) -> str:
        return f"{self.subject_first_name} {self.subject_last_name}"

    @property
    def is_waiting(self) -> bool:
        return self.status == TransferStatus.SENT


class TransferItemKind(models.TextChoices):
    CHRONOLOGY = "chronology", "Chronology"
    PERSON = "person", "Person around the child"
    OPEN_REQUEST = "open_request", "Open request"
    DOCUMENT = "document", "Document"


class TransferItem(models.Model):
    """One thing the file carried, copied when it was sent: a chronology entry
    (with its fact, opinion or historical marking), a person around the child
    (masked if their identity is protected), an open request."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=16, choices=TransferItemKind.choices)
    occurred_on = models.DateField(null=True, blank=True)
    label = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    information_status = models.CharField(max_length=12, blank=True)
    # A document's copy, under a random name outside the web root.
    file = models.FileField(
        upload_to=pack_path, max_length=200, storage=private_storage, blank=True
    )

    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        ordering = ["transfer", "kind", "occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.transfer_id}"

    @property
    def download_name(self) -> str:
        """A neutral name: the original may name a child."""
        suffix = self.label.rsplit(".", 1)[-1].lower() if "." in self.label else "bin"
        return f"document-{self.pk}.{suffix}"


class TermHoliday(models.Model):
    """A school's holiday (both dates included): the days a child protection
    file's five school days do not count."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="term_holidays"
    )
    name = models.CharField(max_length=100)
    starts_on = models.DateField("first day of the holiday")
    ends_on = models.DateField("last day of the holiday")

    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        ordering = ["organisation", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="term_holiday_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on} to {self.ends_on})"
