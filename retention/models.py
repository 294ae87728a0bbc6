"""Retention rules, each record's retention state, legal holds and sweep runs.

A record's state is kept beside it (by content type and id) rather than on
every model, so one set-based sweep covers every record type the same way."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords


class RecordType(models.TextChoices):
    CASE = "case", "Case"
    REQUEST = "request", "Information request"
    DECISION = "decision", "Sharing decision"
    ATTACHMENT = "attachment", "Attachment"
    AGREEMENT = "agreement", "Information sharing agreement"
    PERSON = "person", "Person in no case or request"
    READ_LOG = "read_log", "Read log"
    CERTIFICATE = "certificate", "Disposal certificate"
    TRANSFER = "transfer", "Transfer of a child's file"
    SAR = "sar", "Subject access request"
    # The default rule: a record that matches no specific rule.
    ANY = "any", "Any record with no specific rule"


class Trigger(models.TextChoices):
    CASE_CLOSED = "case_closed", "Case closed"
    REQUEST_CLOSED = "request_closed", "Request closed"
    DATE_OF_BIRTH = "date_of_birth", "Subject's date of birth"
    REVIEW_DATE = "review_date", "Agreement review date"
    CREATED = "created", "Record created"
    LAST_ACTIVITY = "last_activity", "Last activity (last contact)"
    ALLEGED_DOB = "alleged_dob", "Date of birth of the person the allegation is about"
    TRANSFER_CLOSED = "transfer_closed", "Transfer received or cancelled"
    SAR_ANSWERED = "sar_answered", "Subject access request answered"


class Action(models.TextChoices):
    REVIEW = "review", "Review"
    DISPOSE = "dispose", "Dispose"
    KEEP = "keep", "Keep permanently (holds no personal data)"


class DisposalMethod(models.TextChoices):
    SECURE_DELETION = "secure_deletion", "Secure deletion"
    CROSS_CUT_SHREDDING = "cross_cut_shredding", "Paper: cross-cut shredding"
    INCINERATION = "incineration", "Paper: incineration"


class RetentionRule(models.Model):
    name = models.CharField(max_length=200, unique=True)
    record_type = models.CharField(max_length=12, choices=RecordType.choices)
    organisation_kind = models.CharField(
        max_length=32,
        blank=True,
        help_text="Only records held by this kind of organisation (blank: any).",
    )
    trigger = models.CharField(max_length=16, choices=Trigger.choices)
    period_months = models.PositiveIntegerField(default=0)
    school_year_rule = models.BooleanField(
        default=False,
        help_text="Seed 000 §7: the end of the school year after the 25th birthday "
        "(trigger: date of birth).",
    )
    action = models.CharField(max_length=8, choices=Action.choices)
    disposal_method = models.CharField(
        max_length=20, choices=DisposalMethod.choices, default=DisposalMethod.SECURE_DELETION
    )
    max_retain_months = models.PositiveIntegerField(
        default=24, help_text="A decision to retain sets a next review at most this far ahead."
    )
    notice_days = models.PositiveSmallIntegerField(
        default=0, help_text="Flag this many days before the due date (agreements near review)."
    )
    priority = models.PositiveSmallIntegerField(
        default=100, help_text="Where several rules fit a record, the lowest number applies."
    )
    is_active = models.BooleanField(default=True)
    source = models.TextField(
        blank=True, help_text="Where the rule comes from: the schedule, guidance or law."
    )
    case_category = models.CharField(
        max_length=24,
        blank=True,
        help_text="Only records of cases that have had this category (blank: any).",
    )
    allegation_outcomes = models.CharField(
        max_length=100,
        blank=True,
        help_text="Only allegations with one of these outcomes (comma-separated; blank: any).",
    )
    inactivity_months = models.PositiveIntegerField(
        default=0, help_text="Also not before this many months without activity (0: not used)."
    )
    died_before_18_months = models.PositiveIntegerField(
        default=0,
        help_text="If the child died before 18, this many months from the death instead "
        "(0: not used).",
    )
    fallback_months = models.PositiveIntegerField(
        default=72,
        help_text="If the trigger never comes (never closed, no date of birth): review this long "
        "after the last activity.",
    )
    is_default = models.BooleanField(
        default=False, help_text="The rule for records that match no specific rule."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["record_type", "priority", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default_rule"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    NOT_DUE = "not_due", "Not yet due"
    DUE_REVIEW = "due_review", "Due for review"
    DUE_DISPOSAL = "due_disposal", "Due for disposal"
    RETAINED = "retained", "Retained until next review"
    APPROVED = "approved", "Disposal approved"


class RetentionState(models.Model):
    """Where one record stands: the rule that applies, when it falls due, and
    what has been decided. Holds no personal data."""

    # No index of its own: one_state_per_record (content_type, object_id) leads with it.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    object_id = models.PositiveBigIntegerField()
    record_type = models.CharField(max_length=12, choices=RecordType.choices)
    organisation_id = models.PositiveBigIntegerField(null=True, blank=True)
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="states")
    due_on = models.DateField(null=True, blank=True)
    # What the due date was counted from, for the DPO: the trigger's date (or
    # none, when the rule's fallback after the last activity applies).
    trigger_on = models.DateField(null=True, blank=True)
    last_activity_on = models.DateField(null=True, blank=True)
    by_fallback = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_DUE)
    flagged_on = models.DateField(null=True, blank=True)
    # When the sweep flagged it (the clock's time, not the sweep's "today"):
    # the DPO's notice counts what was flagged since the last notice was sent,
    # so records flagged by a sweep killed before it could send are not lost.
    flagged_at = models.DateTimeField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    retain_reason = models.TextField(blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    # The sweep writes a history row for each of its changes (one per record on
    # a first sweep): history is read by record id and date only, so
    # its copies of the foreign keys need no index and the sweep account no
    # constraint check per row.
    history = HistoricalRecords(
        cascade_delete_history=True,
        user_db_constraint=False,
        no_db_index=["content_type", "rule", "approved_by"],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_state_per_record"
            )
        ]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["record_type", "status"]),
            # The DPO's list: records needing a decision, soonest due first. Most
            # states are "not yet due", so the index holds only the others.
            models.Index(
                fields=["due_on", "id"],
                condition=models.Q(
                    status__in=["due_review", "due_disposal", "retained", "approved"]
                ),
                name="state_flagged_by_due_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.object_id}: {self.status}"


class HoldScope(models.TextChoices):
    RECORD = "record", "One record (a case with everything in and under it)"
    CATEGORY = "category", "Every case of a category, and everything in them"
    ORGANISATION = "organisation", "Everything an organisation holds or is party to"


class LegalHold(models.Model):
    """A record under legal hold is never flagged for disposal or disposed of.
    A hold on a case covers everything in and under it; a hold on a category
    (the IICSA moratorium) or an organisation covers everything of theirs
    (retention.holds)."""

    scope = models.CharField(max_length=12, choices=HoldScope.choices, default=HoldScope.RECORD)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    category = models.CharField(max_length=24, blank=True)
    organisation = models.ForeignKey(
        "sharing.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(help_text="Litigation, a practice review, an inquiry.")
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    scope="record", content_type__isnull=False, object_id__isnull=False
                )
                | models.Q(scope="category", content_type__isnull=True) & ~models.Q(category="")
                | models.Q(
                    scope="organisation", content_type__isnull=True, organisation__isnull=False
                ),
                name="hold_names_what_it_holds",
            )
        ]

    def __str__(self) -> str:
        return f"hold {self.pk} ({self.scope})"


class SweepRun(models.Model):
    """One run of the sweep: its progress for the DPO, and the lock that keeps
    two sweeps from running at once (one "running" row at most)."""

    started_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    running = models.BooleanField(default=True)
    today = models.DateField()
    processed = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    newly_due = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["running"], condition=models.Q(running=True), name="one_sweep_at_a_time"
            )
        ]

    def __str__(self) -> str:
        return f"sweep {self.pk}"


class SweepChunk(models.Model):
    """A part of a sweep fanned out over Celery workers: one record type's
    ids from ``first_id`` to ``last_id``. A worker claims it by setting
    ``claimed_at`` where it is still unset (one wins); sweeping a range twice
    changes nothing, so a chunk redone after a killed worker is safe."""

    run = models.ForeignKey(SweepRun, on_delete=models.CASCADE, related_name="chunks")
    record_type = models.CharField(max_length=12, choices=RecordType.choices)
    first_id = models.PositiveBigIntegerField()
    last_id = models.PositiveBigIntegerField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    processed = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    newly_due = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"sweep {self.run_id}: {self.record_type} {self.first_id}-{self.last_id}"


class DisposalCertificate(models.Model):
    """Proof that a record was disposed of, holding no personal data: what kind
    of record and its internal id, the rule, the dates, who approved, the
    method, and how many rows and files went."""

    number = models.CharField(max_length=20, unique=True)
    record_type = models.CharField(max_length=12, choices=RecordType.choices)
    object_id = models.PositiveBigIntegerField()
    rule_name = models.CharField(max_length=200)
    due_on = models.DateField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField()
    disposed_at = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=20, choices=DisposalMethod.choices)
    rows_removed = models.JSONField(default=dict)
    files_removed = models.PositiveIntegerField(default=0)
    # That the record had legal holds (all lifted by then), not why: their
    # reasons name families and go with the record.
    holds_removed = models.PositiveIntegerField(default=0)
    # A person's record of what was disclosed about them goes with their records.
    disclosures_removed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-disposed_at", "-id"]
        indexes = [
            # The statistics count the disposals and approvals of a period
            # (reports/figures/retention.py): ranges of these two dates.
            models.Index(fields=["disposed_at", "record_type"], name="certificate_disposed_in"),
            models.Index(fields=["approved_at"], name="certificate_approved_in"),
        ]

    def __str__(self) -> str:
        return self.number


class DueNotice(models.Model):
    """A "newly due" e-mail sent to the DPOs: how many records, and up to when
    it counted. The next notice counts from here, whatever the sweeps did."""

    sent_at = models.DateTimeField()
    counted_until = models.DateTimeField()
    newly_due = models.PositiveIntegerField()

    class Meta:
        ordering = ["-counted_until", "-id"]

    def __str__(self) -> str:
        return f"notice {self.pk}: {self.newly_due}"


class FileDeletion(models.Model):
    """A file to delete from storage, recorded in the disposal's own transaction
    (an outbox): a process killed after the commit leaves this row, and the
    deletion task retries it until the file is gone. No personal data: stored
    file names are random."""

    storage = models.CharField(max_length=32, help_text="The STORAGES alias.")
    name = models.CharField(max_length=255)
    recorded_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    # The kind of error only: a storage's message may carry a path.
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"delete {self.storage}:{self.pk}"


# Subject access requests live in their own package (retention/subject_access/);
# imported here so the app's migrations carry them.
from .subject_access.models import (  # noqa: E402, F401
    ItemDecision,
    ItemKind,
    PasswordRoute,
    Requester,
    SarStatus,
    SubjectAccessItem,
    SubjectAccessRequest,
)
