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

from .core import Gateway, Organisation


class DecisionOutcome(models.TextChoices):
    SHARE = "share", "Share"
    SHARE_IN_PART = "share_in_part", "Share in part"
    DO_NOT_SHARE = "do_not_share", "Do not share"


class Article6Basis(models.TextChoices):
    CONSENT = "6_1_a", "6(1)(a) consent"
    LEGAL_OBLIGATION = "6_1_c", "6(1)(c) legal obligation"
    VITAL_INTERESTS = "6_1_d", "6(1)(d) vital interests"
    PUBLIC_TASK = "6_1_e", "6(1)(e) public task"
    LEGITIMATE_INTERESTS = (
        "6_1_f",
        "6(1)(f) legitimate interests (not for public authorities' tasks)",
    )


class Article9Condition(models.TextChoices):
    EXPLICIT_CONSENT = "9_2_a", "9(2)(a) explicit consent"
    SOCIAL_PROTECTION = "9_2_b", "9(2)(b) employment, social security and social protection law"
    VITAL_INTERESTS = "9_2_c", "9(2)(c) vital interests"
    LEGAL_CLAIMS = "9_2_f", "9(2)(f) legal claims"
    SUBSTANTIAL_PUBLIC_INTEREST = "9_2_g", "9(2)(g) substantial public interest"
    HEALTH_OR_SOCIAL_CARE = "9_2_h", "9(2)(h) health or social care"


class Schedule1Condition(models.TextChoices):
    """DPA 2018 Schedule 1 conditions, where Article 9 needs one."""

    SAFEGUARDING = "para_18", "Para 18: safeguarding of children and of individuals at risk"
    UNLAWFUL_ACTS = "para_10", "Para 10: preventing or detecting unlawful acts"
    STATUTORY_PURPOSES = "para_6", "Para 6: statutory and government purposes"
    SOCIAL_PROTECTION = "para_1", "Para 1: employment, social security and social protection"
    HEALTH_OR_SOCIAL_CARE = "para_2", "Para 2: health or social care purposes"


class ConsentStatus(models.TextChoices):
    NOT_SOUGHT = "not_sought", "Not sought"
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ConsentNotSoughtReason(models.TextChoices):
    UNSAFE = "unsafe", "Seeking it would be unsafe"
    INCREASE_RISK = "increase_risk", "It would increase the risk of harm"
    PREJUDICE_INVESTIGATION = "prejudice_investigation", "It would prejudice an investigation"
    CANNOT_BE_GIVEN = "cannot_be_given", "It cannot be given"
    URGENT = "urgent", "There was no time: urgent"


class NotToldReason(models.TextChoices):
    RISK_OF_HARM = "risk_of_harm", "Telling them would create or increase a risk of harm"
    PREJUDICE_CRIME = "prejudice_crime", "It would prejudice the prevention or detection of crime"
    OTHER = "other", "Other reason (in the rationale)"


class Advice(models.TextChoices):
    NONE = "", "No advice sought"
    DPO = "dpo", "Data protection officer"
    CALDICOTT = "caldicott", "Caldicott Guardian"
    LEGAL = "legal", "Legal"
    MANAGER = "manager", "Manager"


class SignOff(models.TextChoices):
    NOT_NEEDED = "not_needed", "Not needed"
    PENDING = "pending", "Waiting for a manager"
    SIGNED_OFF = "signed_off", "Signed off"
    RETURNED = "returned", "Returned for more work"


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
    consent_how_recorded = models.CharField(max_length=300, blank=True)
    consent_given_on = models.DateField(null=True, blank=True)
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
    tell_later = models.BooleanField("tell them later", default=False)
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
    advice_source = models.CharField(max_length=12, choices=Advice.choices, blank=True)
    advice_from = models.CharField(max_length=200, blank=True)
    advice_on = models.DateField(null=True, blank=True)
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
        indexes = [
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
                condition=models.Q(consent_status="withdrawn"),
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
        return self.sign_off in {SignOff.NOT_NEEDED, SignOff.SIGNED_OFF}


class Disclosure(models.Model):
    """What was actually shared under a decision, with whom, when and how."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="disclosures")
    recipient_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    shared_on = models.DateField()
    channel = models.CharField(max_length=20)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
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

    def __str__(self) -> str:
        return f"Disclosure {self.pk}"


class DisclosureItem(models.Model):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="items")
    text = models.TextField()
    information_status = models.CharField(
        max_length=12,
        choices=[
            ("fact", "Fact"),
            ("opinion", "Opinion"),
            ("historical", "Historical information"),
        ],
    )

    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Item {self.pk}"
