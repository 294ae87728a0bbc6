"""What a decision says, as plain facts the rules read.
Pure: no database, no settings, no clock."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DecisionFacts:
    outcome: str
    rationale: str = ""
    explanation_to_requester: str = ""
    article6_basis: str = ""
    special_category: bool = False
    article9_condition: str = ""
    schedule1_condition: str = ""
    consent_status: str = ""
    consent_not_sought_reason: str = ""
    consent_how_recorded: str = ""
    consent_given_on_set: bool = False
    consent_override_rationale: str = ""
    subject_told: bool = False
    not_told_reason: str = ""
    guide_suggestion: str = ""
    against_suggestion_reason: str = ""
    emergency: bool = False
    # The deciding organisation's kind (sharing.models.OrganisationKind).
    deciding_organisation_kind: str = ""
    schedule1_para18_reason: str = ""
    public_interest: str = ""
    necessity_proportionality: str = ""
    # The guide's answer to "Is the information confidential?" (None: not asked).
    confidential: bool | None = None
    not_told_explanation: str = ""
    tell_later: bool = False
    tell_later_on: date | None = None
    advice_source: str = ""
    advice_from: str = ""
    advice_on: date | None = None
    advice_asked: str = ""
    advice_given: str = ""
    consent_given_by: str = ""
    consent_given_on: date | None = None
    consent_information: str = ""
    consent_review_on: date | None = None
    decline_reason: str = ""
    decline_reason_other: str = ""
