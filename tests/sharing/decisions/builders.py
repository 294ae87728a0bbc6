"""Complete sharing decisions for tests: the keyword arguments of
``decision_record`` for the usual kinds of decision, each passing every check
of the record (sharing.decisions.rules.RECORD_CHECKS). A test overrides what it
is about and passes the rest through:

    services.decision_record(user=world.worker, request=request, **refusal_fields())
    services.decision_record(
        user=world.scpo_a, **decision_fields(article6_basis=Article6Basis.LEGAL_OBLIGATION)
    )

Who decides and what the decision is tied to (user, request, case, supersedes,
guide answers, people protected, recipients) stay at the call, where the test
reads them."""

from datetime import date
from typing import Any

from sharing.choices import (
    Article6Basis,
    Article9Condition,
    ConsentGivenBy,
    ConsentNotSoughtReason,
    ConsentStatus,
    DecisionOutcome,
    DeclineReason,
    NotToldReason,
    Para18ConsentReason,
    Schedule1Condition,
)


def _with(fields: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    return {**fields, **overrides}


def decision_fields(**overrides: Any) -> dict[str, Any]:
    """A decision to share under the public task, consent not sought (urgent),
    the family not told (another reason, stated), the public interest and
    necessity and proportionality stated."""
    return _with(
        {
            "outcome": DecisionOutcome.SHARE,
            "rationale": "r",
            "article6_basis": Article6Basis.PUBLIC_TASK,
            "consent_status": ConsentStatus.NOT_SOUGHT,
            "consent_not_sought_reason": ConsentNotSoughtReason.URGENT,
            "necessity_proportionality": "Only the dates of the two referrals, which the "
            "strategy discussion needs.",
            "public_interest": "A risk of significant harm to the child outweighs keeping "
            "the referrals confidential.",
            "not_told_reason": NotToldReason.OTHER,
            "not_told_explanation": "The family has moved and cannot yet be reached safely.",
        },
        overrides,
    )


def refusal_fields(**overrides: Any) -> dict[str, Any]:
    """A decision not to share, explained to the requester (it waits for a
    manager's sign-off)."""
    return _with(
        {
            "outcome": DecisionOutcome.DO_NOT_SHARE,
            "decline_reason": DeclineReason.NOT_NECESSARY,
            "rationale": "Not necessary.",
            "explanation_to_requester": "Not shared.",
            "consent_status": ConsentStatus.NOT_SOUGHT,
            "consent_not_sought_reason": ConsentNotSoughtReason.CANNOT_BE_GIVEN,
            "not_told_reason": NotToldReason.OTHER,
            "not_told_explanation": "The family has moved and cannot yet be reached safely.",
        },
        overrides,
    )


def emergency_fields(**overrides: Any) -> dict[str, Any]:
    """Shared first in an emergency (vital interests), recorded after: the
    record stays incomplete until completed."""
    return _with(
        {
            "outcome": DecisionOutcome.SHARE,
            "emergency": True,
            "rationale": "Shared by phone.",
            "article6_basis": Article6Basis.VITAL_INTERESTS,
            "consent_status": ConsentStatus.NOT_SOUGHT,
            "consent_not_sought_reason": ConsentNotSoughtReason.URGENT,
            "necessity_proportionality": "The child's whereabouts only, to find them tonight.",
            "not_told_reason": NotToldReason.RISK_OF_HARM,
        },
        overrides,
    )


def consent_fields(**overrides: Any) -> dict[str, Any]:
    """A decision to share with consent as the Article 6 basis, given in
    writing; the family knows."""
    return _with(
        {
            "outcome": DecisionOutcome.SHARE,
            "rationale": "Family agreed.",
            "article6_basis": Article6Basis.CONSENT,
            "consent_status": ConsentStatus.GIVEN,
            "consent_how_recorded": "Signed form",
            "consent_given_on": date(2026, 11, 1),
            "consent_given_by": ConsentGivenBy.PARENTAL_RESPONSIBILITY,
            "consent_information": "Attendance and the concerns logged this term.",
            "consent_review_on": date(2027, 5, 1),
            "subject_told": True,
        },
        overrides,
    )


def share_in_part_fields(**overrides: Any) -> dict[str, Any]:
    """Sharing part of a household's history with the police for an s47
    strategy discussion: special category data under 9(2)(g) and Schedule 1
    para 18, consent not sought (unsafe), the family not told (risk of harm),
    the public interest and proportionality recorded."""
    return _with(
        {
            "outcome": DecisionOutcome.SHARE_IN_PART,
            "rationale": "Police strategy discussion under s47; risk of significant harm.",
            "explanation_to_requester": "The referrer's identity is withheld.",
            "purpose": "Strategy discussion",
            "article6_basis": Article6Basis.PUBLIC_TASK,
            "special_category": True,
            "article9_condition": Article9Condition.SUBSTANTIAL_PUBLIC_INTEREST,
            "schedule1_condition": Schedule1Condition.SAFEGUARDING,
            "schedule1_para18_reason": Para18ConsentReason.WOULD_PREJUDICE,
            "consent_status": ConsentStatus.NOT_SOUGHT,
            "consent_not_sought_reason": ConsentNotSoughtReason.UNSAFE,
            "not_told_reason": NotToldReason.RISK_OF_HARM,
            "public_interest": "Risk of significant harm to a child.",
            "necessity_proportionality": "Only the household's known concerns.",
        },
        overrides,
    )
