"""Children and young people, the adults around them, and a chronology.

Access: a case is seen through guardian object permissions on ``Case`` (direct
foreign-key permission tables, granted to the owning team's group and to named
practitioners). Participants, people and chronology entries are seen through
the cases they belong to: one join, and no second set of grants to drift.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from sharing.models import NotForSubject, Organisation, Team

from . import rules


def validate_nhs_number(value: str) -> None:
    if not rules.nhs_number_is_valid(value):
        raise ValidationError(
            "This is not a valid NHS number: it must be 10 digits and its check digit must match."
        )


def validate_upn(value: str) -> None:
    if not rules.upn_is_well_formed(value):
        raise ValidationError(
            "This is not a valid unique pupil number: "
            "a letter, eleven digits, and a digit or letter."
        )


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other / self-described"
    NOT_KNOWN = "not_known", "Not known"


class Person(models.Model):
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    other_names = models.CharField("also known as", max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    # Only for retention: a looked-after child who died before 18 is kept
    # 15 years from the death rather than 75 from birth.
    date_of_death = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=16, choices=Gender.choices, default=Gender.NOT_KNOWN)
    address = models.TextField(blank=True)
    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, validators=[validate_nhs_number]
    )
    upn = models.CharField(
        "unique pupil number", max_length=13, blank=True, validators=[validate_upn]
    )
    la_identifier = models.CharField("local authority ID", max_length=30, blank=True)
    identity_protected = models.BooleanField(
        "identity to be protected",
        default=False,
        help_text="Their details must not reach anyone information is shared with "
        "(a referrer, a neighbour, a carer at risk).",
    )
    identity_protection_reason = models.TextField(blank=True)
    # The team that recorded the person: they see them before any case links them.
    owning_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="people")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["last_name", "first_name", "date_of_birth"]),
            models.Index(fields=["nhs_number"]),
            models.Index(fields=["upn"]),
            models.Index(fields=["la_identifier"]),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        return reverse("cases:person_detail", args=[self.pk])

    def clean(self) -> None:
        if self.date_of_birth and self.date_of_death and self.date_of_death < self.date_of_birth:
            raise ValidationError({"date_of_death": "The date of death must be after the birth."})
        if self.identity_protected and not self.identity_protection_reason.strip():
            raise ValidationError(
                {"identity_protection_reason": "Say why this person's identity must be protected."}
            )
        self.nhs_number = self.nhs_number.replace(" ", "")
        self.upn = self.upn.strip().upper()


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Case(models.Model):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    lead_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_cases",
    )
    status = models.CharField(max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    summary = models.TextField()
    responsible_authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_for_cases",
        verbose_name="local authority responsible",
    )
    moving_between_authorities = models.BooleanField(
        "child moving between local authorities",
        default=False,
        help_text="Flag a move so knowledge of the child is passed on, not lost (seed 000).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["team", "status"]),
            # The case list's order: its first page is read from here, each
            # case probed for the user's grant (cases.selectors.case_list).
            models.Index(fields=["-opened_on", "-id"], name="case_newest_first"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", closed_on__isnull=True)
                | models.Q(status="closed", closed_on__isnull=False),
                name="case_closed_on_matches_status",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN


class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseCategoryKind(models.TextChoices):
    """What kind of work a case is; its retention follows the longest-kept
    category it has had (docs/rules.md, README "Retention")."""

    CHILD_PROTECTION = "child_protection", "Child protection (section 47 enquiry or plan)"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    LOOKED_AFTER = "looked_after", "Looked after child"
    CARE_LEAVER = "care_leaver", "Care leaver"
    ALLEGATION = "allegation", "Allegation against a person who works with children (LADO)"
    PRACTICE_REVIEW = "practice_review", "Child safeguarding practice review"
    CHILD_DEATH_REVIEW = "child_death_review", "Child death review"
    EARLY_HELP = "early_help", "Early help"
    REQUEST_ONLY = "request_only", "Information request only"


class AllegationOutcome(models.TextChoices):
    NOT_CONCLUDED = "not_concluded", "Not yet concluded"
    SUBSTANTIATED = "substantiated", "Substantiated"
    UNSUBSTANTIATED = "unsubstantiated", "Unsubstantiated"
    UNFOUNDED = "unfounded", "Unfounded"
    MALICIOUS = "malicious", "Malicious"
    FALSE = "false", "False"
    ADVICE_ONLY = "advice_only", "Advice only (consultation, no referral)"


class CaseCategory(models.Model):
    """A period in which a case was of one category. Periods are ended, not
    deleted: a case keeps every category it has had over its life."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="categories")
    category = models.CharField(max_length=24, choices=CaseCategoryKind.choices)
    allegation_outcome = models.CharField(
        max_length=16, choices=AllegationOutcome.choices, blank=True
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name_plural = "case categories"
        indexes = [models.Index(fields=["category", "case"])]

    def __str__(self) -> str:
        return self.get_category_display()


class ReferenceCounter(models.Model):
    """The last serial issued per prefix and year. Serials come from here, not
    from row ids, so they are dense per year and never reused after disposal."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class ParticipantRole(models.TextChoices):
    CHILD = "child", "Child or young person"
    SIBLING = "sibling", "Sibling"
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    ADULT_CONTACT = "adult_contact", "Adult with contact"
    ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator"
    OTHER = "other", "Other"


class CaseParticipant(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=24, choices=ParticipantRole.choices)

    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="participant_once_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class EntryKind(models.TextChoices):
    CONCERN = "concern", "Concern"
    CONTACT = "contact", "Contact"
    REFERRAL = "referral", "Referral"
    MEETING = "meeting", "Meeting"
    INFORMATION_RECEIVED = "information_received", "Information received"
    INFORMATION_SHARED = "information_shared", "Information shared"
    DECISION = "decision", "Decision"


class InformationStatus(models.TextChoices):
    """Fact distinguished from opinion, and historical information marked as
    such (seed 003 principles)."""

    FACT = "fact", "Fact"
    OPINION = "opinion", "Opinion"
    HISTORICAL = "historical", "Historical information"


class ChronologyEntry(NotForSubject):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="chronology")
    occurred_on = models.DateField("date")
    kind = models.CharField("type", max_length=24, choices=EntryKind.choices)
    source_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    information_status = models.CharField(
        "fact, opinion or historical", max_length=12, choices=InformationStatus.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        ordering = ["occurred_on", "id"]
        verbose_name_plural = "chronology entries"
        indexes = [models.Index(fields=["case", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}"


class BreakGlassAccess(models.Model):
    """A manager's emergency access to a case outside their grants: a reason is
    required, it lasts a short while, and it is listed for review."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_accesses"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass_accesses")
    reason = models.TextField()
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"break-glass {self.case_id} by {self.user_id}"


# Moving a child's file: its models live with the rest of the transfers.
from .transfers.models import (  # noqa: E402
    TermHoliday,
    Transfer,
    TransferItem,
    TransferItemKind,
    TransferKind,
    TransferRoute,
    TransferStatus,
)

__all__ = [
    "BreakGlassAccess",
    "Case",
    "CaseGroupObjectPermission",
    "CaseParticipant",
    "CaseStatus",
    "CaseUserObjectPermission",
    "ChronologyEntry",
    "EntryKind",
    "Gender",
    "InformationStatus",
    "ParticipantRole",
    "Person",
    "ReferenceCounter",
    "TermHoliday",
    "Transfer",
    "TransferItem",
    "TransferItemKind",
    "TransferKind",
    "TransferRoute",
    "TransferStatus",
    "validate_nhs_number",
    "validate_upn",
]
