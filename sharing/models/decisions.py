"""Sharing decisions and what was actually shared.

Golden rule 7 of every seed: record the decision and the reasons for it,
whether or not information is shared; if shared, what, with whom and for what
purpose. A decision is made by a person for their organisation; the register
suggests, through the guidance's questions, but never decides (UK GDPR Art 22).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..choices import (
    Advice,
    Article6Basis,
    Article9Condition,
    ConsentGivenBy,
    ConsentNotSoughtReason,
    ConsentStatus,
    DecisionOutcome,
    DeclineReason,
    InformationStatus,
    NotToldReason,
    Para18ConsentReason,
    Schedule1Condition,
    SecureChannel,
    SignOff,
    relies_on_consent,
)
from .core import Gateway, Organisation
from .withholding import NotForSubject

# The decision's fixed lists live in sharing.choices, importable without
# Django, so the pure rules use the same members; they are re-exported here
# beside the model that offers them.
__all__ = [
    "Advice",
    "Article6Basis",
    "Article9Condition",
    "ConsentNotSoughtReason",
    "ConsentStatus",
    "Decision",
    "DecisionOutcome",
    "DeclineReason",
    "Disclosure",
    "DisclosureItem",
    "InformationStatus",
    "NotToldReason",
    "Para18ConsentReason",
    "Reminder",
    "ReminderKind",
    "Schedule1Condition",
    "SignOff",
]


class Decision(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="decisions"
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions_made"
    )
    made_at = models.DateTimeField(auto_now_add=True)
    request = models.ForeignKey(
        "requests.InformationRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    recipient_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="share with",
    )
    outcome = models.CharField(max_length=16, choices=DecisionOutcome.choices)
    rationale = models.TextField(
        "reasons for the decision", help_text="Kept for the record, whatever the outcome."
    )
    explanation_to_requester = models.TextField(
        blank=True, help_text="What the requester is told when not everything is shared."
    )
    # A decision not to share names its main reason as a category, for the
    # partnership's statistics (sharing.choices.DeclineReason); the reasons
    # themselves stay in words above.
    decline_reason = models.CharField(
        "main reason for not sharing", max_length=24, choices=DeclineReason.choices, blank=True
    )
    decline_reason_other = models.TextField("the other reason for not sharing", blank=True)
    purpose = models.TextField(blank=True)
    gateway = models.ForeignKey(
        Gateway, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    article6_basis = models.CharField(
        "UK GDPR Article 6 basis", max_length=8, choices=Article6Basis.choices, blank=True
    )
    special_category = models.BooleanField("special category data", default=False)
    article9_condition = models.CharField(
        "Article 9 condition", max_length=8, choices=Article9Condition.choices, blank=True
    )
    schedule1_condition = models.CharField(
        "DPA 2018 Schedule 1 condition",
        max_length=8,
        choices=Schedule1Condition.choices,
        blank=True,
    )
    schedule1_para18_reason = models.CharField(
        "why para 18 and not consent",
        max_length=24,
        choices=Para18ConsentReason.choices,
        blank=True,
    )
    law_enforcement_processing = models.BooleanField(
        "Part 3 DPA 2018 (law enforcement) processing", default=False
    )
    consent_status = models.CharField("consent", max_length=12, choices=ConsentStatus.choices)
    consent_not_sought_reason = models.CharField(
        "why consent was not sought",
        max_length=24,
        choices=ConsentNotSoughtReason.choices,
        blank=True,
    )
    consent_given_by = models.CharField(
        "whose consent", max_length=24, choices=ConsentGivenBy.choices, blank=True
    )
    consent_how_recorded = models.CharField(max_length=300, blank=True)
    consent_given_on = models.DateField(null=True, blank=True)
    consent_information = models.TextField(
        "the information the consent covers", blank=True
    )
    consent_review_on = models.DateField("date to review the consent", null=True, blank=True)
    consent_covers = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="+",
        help_text="Partial consent: the organisations it covers (none: all).",
    )
    consent_override_rationale = models.TextField(
        "why overriding refused consent is proportionate",
        blank=True,
        help_text="Why sharing against refused consent is proportionate.",
    )
    consent_withdrawn_on = models.DateField(null=True, blank=True)
    subject_told = models.BooleanField("the child or family was told", default=False)
    not_told_reason = models.CharField(
        "why they were not told", max_length=16, choices=NotToldReason.choices, blank=True
    )
    not_told_explanation = models.TextField("the other reason they were not told", blank=True)
    tell_later = models.BooleanField("tell them later", default=False)
    tell_later_on = models.DateField("date to tell them", null=True, blank=True)
    public_interest = models.TextField(
        "confidentiality and the public interest",
        blank=True,
        help_text="Seed 004's public interest test: the risk, its seriousness, and the balance.",
    )
    necessity_proportionality = models.TextField(blank=True)
    identities_protected = models.ManyToManyField(
        "cases.Person",
        blank=True,
        related_name="protected_in_decisions",
        help_text="People whose details must not reach the recipient.",
    )
    advice_source = models.CharField(max_length=16, choices=Advice.choices, blank=True)
    advice_from = models.CharField(max_length=200, blank=True)
    advice_on = models.DateField(null=True, blank=True)
    advice_asked = models.TextField("what advice was asked for", blank=True)
    advice_given = models.TextField(blank=True)
    emergency = models.BooleanField("emergency: shared before this record was made", default=False)
    record_completed_at = models.DateTimeField(null=True, blank=True)
    guide_answers = models.JSONField(default=dict, blank=True)
    guide_suggestion = models.CharField(max_length=16, blank=True)
    against_suggestion_reason = models.TextField(blank=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    new_information = models.TextField(blank=True, help_text="For a reconsideration: what is new.")
    sign_off = models.CharField(max_length=12, choices=SignOff.choices, default=SignOff.NOT_NEEDED)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_note = models.TextField(blank=True)

    history = HistoricalRecords(
        cascade_delete_history=True, m2m_fields=[consent_covers, identities_protected]
    )

    class Meta:
        ordering = ["-made_at", "-id"]
        constraints = [
            # Only a decision not to share has a reason for not sharing, so the
            # statistics' count of declines by reason is a count of declines.
            models.CheckConstraint(
                condition=models.Q(outcome=DecisionOutcome.DO_NOT_SHARE)
                | models.Q(decline_reason="", decline_reason_other=""),
                name="decision_decline_reason_only_when_not_sharing",
            ),
        ]
        indexes = [
            # The partnership's statistics count the decisions of a period
            # (reports/figures/decisions.py): a range of made_at, read from here
            # rather than from every decision of every year.
            models.Index(fields=["made_at", "organisation"], name="decision_made_in_period"),
            models.Index(fields=["organisation", "sign_off"]),
            models.Index(fields=["request"]),
            # The decisions page: an organisation's latest first, read from the
            # index in order instead of sorting all of the organisation's
            # decisions to show 50.
            models.Index(fields=["organisation", "-made_at", "-id"], name="decision_latest"),
            # The latest decisions tied to no case, read on their own for staff
            # (sharing.decisions.selectors.latest_decisions): few among many.
            models.Index(
                fields=["organisation", "-made_at", "-id"],
                condition=models.Q(case__isnull=True),
                name="decision_latest_without_case",
            ),
            # Consent withdrawn, for the DPO's review of what relied on it: a
            # handful, found without reading every decision of the organisation.
            models.Index(
                fields=["organisation"],
                condition=models.Q(consent_status=ConsentStatus.WITHDRAWN),
                name="decision_consent_withdrawn",
            ),
            # Emergency records still to be completed, flagged on the unit's
            # dashboard: a handful among hundreds of thousands of decisions.
            models.Index(
                fields=["organisation"],
                condition=models.Q(emergency=True, record_completed_at__isnull=True),
                name="decision_emergency_incomplete",
            ),
        ]

    def __str__(self) -> str:
        return f"Decision {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("decisions:decision_detail", args=[self.pk])

    @property
    def record_incomplete(self) -> bool:
        return self.emergency and self.record_completed_at is None

    @property
    def is_final(self) -> bool:
        return SignOff.final(self.sign_off)

    @property
    def guide_suggested_sharing(self) -> bool:
        return self.guide_suggestion == DecisionOutcome.SHARE

    @property
    def relies_on_consent(self) -> bool:
        """Consent is a lawful basis of this decision (Article 6(1)(a) or 9(2)(a))."""
        return relies_on_consent(self.article6_basis, self.article9_condition)

    @staticmethod
    def relying_on_consent(prefix: str = "") -> models.Q:
        """The filter for decisions that rely on consent (``prefix``: the path
        to the decision, as "decision__" from a disclosure)."""
        return models.Q(**{f"{prefix}article6_basis": Article6Basis.CONSENT}) | models.Q(
            **{f"{prefix}article9_condition": Article9Condition.EXPLICIT_CONSENT}
        )


class ReminderKind(models.TextChoices):
    EMERGENCY_OVERDUE = "emergency_overdue", "Emergency record overdue"
    TELL_LATER = "tell_later", "Tell the child or family"
    CONFIRM_IN_WRITING = "confirm_in_writing", "Confirm in writing what was said"
    CONSENT_REVIEW = "consent_review", "Review the consent"


class Reminder(models.Model):
    """A reminder sent about a decision: a count and a link went by e-mail, no
    more. One per decision, kind and day (for "tell them later", the day set),
    held by a unique constraint, so two runs of the daily job at once send it
    once."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "kind", "day"], name="decision_reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.kind} {self.day}"


class Disclosure(models.Model):
    """What was actually shared under a decision, with whom, when and how."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="disclosures")
    recipient_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    shared_on = models.DateField()
    channel = models.CharField(max_length=20, choices=SecureChannel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Shared by word of mouth (SecureChannel.spoken): confirmed in writing
    # afterwards (seed 000 §6), and flagged until it is.
    confirmed_in_writing_on = models.DateField(null=True, blank=True)
    confirmed_in_writing_how = models.CharField(max_length=300, blank=True)
    confirmed_in_writing_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Consent withdrawn (UK GDPR Art 7(3)): the decision's maker tells each
    # recipient that relied on it, and the DPO's review lists who is still to be told.
    withdrawal_told_on = models.DateField(null=True, blank=True)
    withdrawal_told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    chronology_entry = models.OneToOneField(
        "cases.ChronologyEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="disclosure",
    )

    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        ordering = ["shared_on", "id"]
        indexes = [
            # Spoken shares still to be confirmed in writing, flagged on the
            # unit's dashboard: a handful among all disclosures.
            models.Index(
                fields=["decision"],
                condition=models.Q(
                    channel__in=SecureChannel.spoken_values(),
                    confirmed_in_writing_on__isnull=True,
                ),
                name="disclosure_to_confirm",
            ),
        ]

    def __str__(self) -> str:
        return f"Disclosure {self.pk}"

    @property
    def awaits_written_confirmation(self) -> bool:
        return SecureChannel.spoken(self.channel) and self.confirmed_in_writing_on is None

    @property
    def recipient_to_be_told_of_withdrawal(self) -> bool:
        """Consent, the decision's only basis, was withdrawn, and the recipient
        who relied on it has not yet been told."""
        decision = self.decision
        return (
            decision.consent_status == ConsentStatus.WITHDRAWN
            and decision.relies_on_consent
            and self.withdrawal_told_on is None
        )

    @staticmethod
    def awaiting_written_confirmation() -> models.Q:
        """Spoken shares not yet confirmed in writing."""
        return models.Q(
            channel__in=SecureChannel.spoken_values(),
            confirmed_in_writing_on__isnull=True,
        )


class DisclosureItem(NotForSubject):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="items")
    text = models.TextField()
    information_status = models.CharField(max_length=12, choices=InformationStatus.choices)

    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            # Every item shared is marked fact, opinion or historical (seed 003
            # principles), whichever route writes it (bulk loads included).
            models.CheckConstraint(
                condition=models.Q(information_status__in=InformationStatus.values),
                name="disclosure_item_marked",
            ),
        ]

    def __str__(self) -> str:
        return f"Item {self.pk}"


class DecisionDraft(models.Model):
    """A sharing decision being written one section at a time (the task list),
    kept server-side and owned by the person writing it: never in the session,
    nothing of it in an address. What was typed is kept as typed (``answers``:
    field name to the values posted) so a section reopens as it was left; the
    record itself is made only by ``decision_record``, through the same form and
    rules as ever. A draft expires (``expires_at``) and the daily job deletes
    it; it goes with its case, request or decision if they are disposed of.
    No history: a draft is not a record, and a history row would outlive it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="decision_drafts"
    )
    request = models.ForeignKey(
        "requests.InformationRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    supersedes = models.ForeignKey(
        Decision, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    guide_answers = models.JSONField(default=dict, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    sections_saved = models.JSONField(default=list, blank=True)
    # The addressee answering ``request`` through the task list: one more
    # section (what the requester is sent), and recording sends the answer
    # with the decision (services.draft_answer_send).
    answering = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"Draft decision {self.pk}"
