"""Information requests, incoming and outgoing, their life as events, and the
documents that answer them.

Access: guardian object permissions on ``InformationRequest`` (direct foreign-key
tables). The owning team's group may view and change its requests; the school
safeguarding officer a request is addressed to gets view and respond on that one
request, and nothing of the case behind it.
"""

import uuid

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from cases.models import Case, Person
from sharing.choices import InformationStatus, SecureChannel
from sharing.models import Gateway, NotForSubject, Organisation, Team


class Direction(models.TextChoices):
    INCOMING = "incoming", "Incoming (a partner asks us)"
    OUTGOING = "outgoing", "Outgoing (we ask a partner)"


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent"
    EMERGENCY = "emergency", "Emergency (same day)"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Sent / received"
    CLARIFICATION = "clarification", "Clarification sought"
    IN_PROGRESS = "in_progress", "In progress"
    ANSWERED = "answered", "Answered"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    SHARED = "shared", "Information shared"
    SHARED_IN_PART = "shared_in_part", "Shared in part"
    DECLINED = "declined", "Declined, with reason"
    NOT_HELD = "not_held", "Not held"


class FeedbackRoute(models.TextChoices):
    """How feedback reached a requester outside the register ("close the
    loop", seed 001)."""

    SECURE_EMAIL = "secure_email", "By secure e-mail"
    TELEPHONE = "telephone", "By telephone"
    IN_PERSON = "in_person", "In person, at a meeting"
    LETTER = "letter", "By letter"


class ScpFunction(models.TextChoices):
    """The partnership functions an s14B request may serve (seed 000 §7)."""

    PRACTICE_REVIEW = "cspr", "Child safeguarding practice review / serious case review"
    CHILD_DEATH_REVIEW = "cdr", "Child death review"
    ALLEGATIONS = "allegations", "Allegations management"
    OTHER = "other", "Other partnership function (stated)"


class Ca1989Section(models.TextChoices):
    S17 = "s17", "s17: child in need"
    S47 = "s47", "s47: enquiries where significant harm is suspected"


class InformationRequest(models.Model):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    direction = models.CharField(max_length=8, choices=Direction.choices)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="requests",
        help_text="The unit team that owns the request.",
    )
    gateway = models.ForeignKey(Gateway, on_delete=models.PROTECT, related_name="requests")
    ca1989_section = models.CharField(
        "Children Act 1989 section", max_length=4, choices=Ca1989Section.choices, blank=True
    )
    scp_function = models.CharField(
        "partnership function served", max_length=16, choices=ScpFunction.choices, blank=True
    )
    scp_function_other = models.CharField("other function", max_length=200, blank=True)
    for_svd_functions = models.BooleanField(
        "made for the requester's Serious Violence Duty functions", default=False
    )
    includes_personal_information = models.BooleanField(default=True)
    includes_patient_information = models.BooleanField(default=False)
    requesting_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="requests_made"
    )
    requester_contact = models.CharField(
        "requester (name and role)",
        max_length=200,
        blank=True,
        help_text="Who asked, so the answer reaches them.",
    )
    receiving_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="requests_received"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests_addressed",
        help_text="For a request to a school: its safeguarding officer (SCPO).",
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    subjects = models.ManyToManyField(Person, blank=True, related_name="requests")
    information_sought = models.TextField()
    purpose = models.TextField()
    necessity = models.TextField("why it is needed (necessity and proportionality)", blank=True)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    started_on = models.DateField("received or sent on")
    due_on = models.DateField()
    due_override_reason = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(
        blank=True, help_text="Why information was declined or shared only in part."
    )
    channel = models.CharField(
        max_length=20, choices=SecureChannel.choices, default=SecureChannel.REGISTER.value
    )
    response_text = models.TextField(blank=True)
    # What the answer gives is marked, as each disclosure item is (seed 003
    # principles: distinguish fact from opinion, say what is historical).
    response_status = models.CharField(
        "fact, opinion or historical", max_length=12, choices=InformationStatus.choices, blank=True
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    feedback = models.TextField(
        "feedback to the sharer",
        blank=True,
        help_text="Close the loop: tell the sharer what difference their information made.",
    )
    # Closing an incoming request: what the information was used for, and how
    # the requester was told, or why they were not (seed 001, "close the loop":
    # feedback "unless there is a sound reason not to").
    used_for = models.TextField("what the information was used for", blank=True)
    feedback_route = models.CharField(
        "how the feedback was given", max_length=16, choices=FeedbackRoute.choices, blank=True
    )
    no_feedback_reason = models.TextField("why no feedback was given", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(cascade_delete_history=True, m2m_fields=[subjects])

    class Meta:
        ordering = ["due_on", "id"]
        permissions = [("respond_informationrequest", "Can respond to information request")]
        indexes = [
            # The partnership's statistics count the requests received or sent
            # in a period (reports/figures/requests.py): a range of started_on,
            # read from here rather than from every request of every year.
            models.Index(fields=["started_on", "direction"], name="request_started_in_period"),
            models.Index(fields=["team", "status", "due_on"]),
            models.Index(fields=["recipient", "status"]),
            # The dashboards list open requests soonest due first; open ones are
            # a small share of years of requests, so the index holds only them.
            models.Index(
                fields=["due_on", "id"],
                condition=models.Q(status__in=["open", "clarification", "in_progress"]),
                name="request_open_by_due_date",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("requests:request_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status not in {Status.ANSWERED, Status.WITHDRAWN, Status.CLOSED, Status.DRAFT}


class RequestUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(InformationRequest, on_delete=models.CASCADE)


class RequestGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(InformationRequest, on_delete=models.CASCADE)


class EventKind(models.TextChoices):
    LOGGED = "logged", "Logged"
    SENT = "sent", "Sent"
    VIEWED = "viewed", "Viewed by recipient"
    CLARIFICATION_ASKED = "clarification_asked", "Clarification asked"
    CLARIFICATION_GIVEN = "clarification_given", "Clarification given"
    DUE_DATE_CHANGED = "due_date_changed", "Due date changed"
    IN_PROGRESS = "in_progress", "Work started"
    ANSWERED = "answered", "Answered"
    OVERDUE = "overdue", "Overdue"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CLOSED = "closed", "Closed"
    EXPORTED = "exported", "Password-protected export issued"


class RequestEvent(models.Model):
    """The request's life at a glance. Append-only: events are never edited."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["request", "kind"])]
        constraints = [
            # The daily check flags a request once per due date, even if two
            # runs overlap.
            models.UniqueConstraint(
                fields=["request", "kind", "text"],
                condition=models.Q(kind="overdue"),
                name="overdue_once_per_due_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind}"


def private_storage() -> Storage:
    return storages["private"]


def attachment_path(instance: "Attachment", filename: str) -> str:
    # A random name: the original file name (which may name a child) is kept
    # only in the database, never on disk or in a URL.
    return f"requests/{uuid.uuid4().hex}"


class Attachment(NotForSubject):
    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=200, storage=private_storage)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"attachment {self.pk}"

    @property
    def archive_name(self) -> str:
        """A neutral name for the file in downloads and exports: the original
        name may name a child."""
        suffix = (
            self.original_name.rsplit(".", 1)[-1].lower() if "." in self.original_name else "bin"
        )
        return f"document-{self.pk}.{suffix}"


class PasswordRoute(models.TextChoices):
    """How the export's password travels: never with the file (seed 000 §7)."""

    PHONE = "phone", "Read out by phone"
    IN_PERSON = "in_person", "Given in person"
    SMS = "sms", "Text message to a known number"
    SEPARATE_EMAIL = "separate_email", "Separate e-mail, after the file"


class SecureExport(models.Model):
    """That a password-protected export was issued, to whom, and how its
    password went. Never the password itself."""

    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="exports"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_to = models.CharField(
        max_length=200, help_text="Who receives the file (role and organisation)."
    )
    password_route = models.CharField(max_length=16, choices=PasswordRoute.choices)
    file = models.FileField(upload_to=attachment_path, max_length=200, storage=private_storage)
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"export {self.pk} of {self.request_id}"
