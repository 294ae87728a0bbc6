"""What a complete record needs (golden rule 7 and the law it rests on): the checks
as a table, who is a public authority, and reasons stated in substance.
Pure: no database, no settings, no clock."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from ...choices import (
    Advice,
    Article6Basis,
    Article9Condition,
    ConsentStatus,
    DecisionOutcome,
    DeclineReason,
    NotToldReason,
    Schedule1Condition,
)
from .facts import DecisionFacts

# --- What a complete record needs (golden rule 7 and the law it rests on) -----------


@dataclass(frozen=True)
class RecordCheck:
    """One way a decision's record can fall short: the field the message is
    shown against, the test (true when the record falls short), the message in
    the guidance's words, and where the rule comes from."""

    field: str
    falls_short: Callable[[DecisionFacts], bool]
    message: str | Callable[[DecisionFacts], str]
    source: str

    def message_for(self, facts: DecisionFacts) -> str:
        return self.message if isinstance(self.message, str) else self.message(facts)


def _chose(facts: DecisionFacts) -> str:
    """The outcome as the guide words it: share (all or part) or do not share."""
    if DecisionOutcome.shares(facts.outcome):
        return DecisionOutcome.SHARE
    return DecisionOutcome.DO_NOT_SHARE


def _schedule1_hint(facts: DecisionFacts) -> str:
    return (
        "This Article 9 condition needs a matching DPA 2018 Schedule 1 condition: "
        + SCHEDULE_1_HINT.get(facts.article9_condition, "para 6, 10 or 18 (safeguarding: para 18)")
        + "."
    )


# Where a Schedule 1 condition is needed, the paragraph(s) to name.
SCHEDULE_1_HINT: dict[str, str] = {
    Article9Condition.SOCIAL_PROTECTION: "para 1",
    Article9Condition.HEALTH_OR_SOCIAL_CARE: "para 2",
}

# --- Who is a public authority (UK GDPR Art 6(1), last sentence) -------------------

# Organisation kinds (sharing.models.OrganisationKind values) that are public
# authorities performing their tasks when they share for safeguarding: local
# authorities, the partnership, police and policing bodies, maintained schools
# and academies, the NHS, probation, youth offending teams, prisons, fire and
# rescue. Voluntary bodies are not; "other" is not presumed to be either way.
PUBLIC_AUTHORITY_KINDS = frozenset(
    {
        "la_childrens_social_care",
        "safeguarding_partnership",
        "police",
        "local_policing_body",
        "school",
        "health",
        "probation",
        "youth_offending_team",
        "prison",
        "fire_and_rescue",
    }
)


def is_public_authority(organisation_kind: str) -> bool:
    return organisation_kind in PUBLIC_AUTHORITY_KINDS


# --- Reasons with legal weight are reasons (seed 004; seed 001 golden rule 7) -------

# Fewer characters than this is not a reason: "risk", "as discussed".
MIN_REASON_LENGTH = 20
# Words that stand in for a reason without giving one.
PLACEHOLDERS = frozenset(
    {
        "x",
        "xx",
        "xxx",
        "n/a",
        "na",
        "none",
        "nil",
        "-",
        "--",
        "tbc",
        "tbd",
        "to follow",
        "see above",
        "as above",
        "see below",
        "see rationale",
        "see reasons",
        "as per rationale",
        "not applicable",
    }
)

# The record's free-text reasons: none may simply repeat another.
REASON_FIELDS: tuple[str, ...] = (
    "rationale",
    "explanation_to_requester",
    "consent_override_rationale",
    "public_interest",
    "necessity_proportionality",
    "not_told_explanation",
    "against_suggestion_reason",
    "decline_reason_other",
)


def _plain(text: str) -> str:
    """Text as compared: lower case, spaces collapsed, no closing punctuation."""
    return re.sub(r"\s+", " ", text).strip().lower().rstrip(".!;:,")


def is_placeholder(text: str) -> bool:
    """Written, but no reason: a placeholder ("n/a", "see above") or too short."""
    plain = _plain(text)
    return bool(plain) and (plain in PLACEHOLDERS or len(plain) < MIN_REASON_LENGTH)


def copies_another_reason(facts: DecisionFacts, field: str) -> bool:
    """The text is word for word another of the record's reasons."""
    plain = _plain(getattr(facts, field))
    return bool(plain) and any(
        other != field and _plain(getattr(facts, other)) == plain for other in REASON_FIELDS
    )


def _shares_without_consent(facts: DecisionFacts) -> bool:
    return DecisionOutcome.shares(facts.outcome) and facts.consent_status != ConsentStatus.GIVEN


def _in_substance(
    field: str, what: str, source: str, needed: Callable[[DecisionFacts], bool]
) -> tuple["RecordCheck", ...]:
    """The checks that make a reason a reason: given where ``needed``, and
    whenever given, more than a placeholder and not a copy of another answer.
    The missing check comes last, so an empty answer is asked for, not judged."""
    return (
        RecordCheck(
            field,
            lambda f: copies_another_reason(f, field),
            f"{what} in its own words: do not repeat another answer.",
            source,
        ),
        RecordCheck(
            field,
            lambda f: is_placeholder(getattr(f, field)),
            f"{what} in a sentence or more: a word or a placeholder such as 'n/a' is not a reason.",
            source,
        ),
        RecordCheck(
            field,
            lambda f: needed(f) and not getattr(f, field).strip(),
            f"{what}.",
            source,
        ),
    )


# In order: where two checks name the same field, the later message is shown.
RECORD_CHECKS: tuple[RecordCheck, ...] = (
    RecordCheck(
        "rationale",
        lambda f: not f.rationale.strip(),
        "Record the reasons for the decision, whatever it is.",
        "Seeds 000, 001, 003, 004: golden rule 7",
    ),
    RecordCheck(
        "explanation_to_requester",
        lambda f: DecisionOutcome.withholds(f.outcome) and not f.explanation_to_requester.strip(),
        "Give a reason the requester can be told: a decision not to share (or to share "
        "only in part) is explained to them.",
        "Seed 000 golden rule 7: be prepared to explain why you chose not to share",
    ),
    RecordCheck(
        "decline_reason",
        lambda f: (
            f.outcome == DecisionOutcome.DO_NOT_SHARE
            and f.decline_reason not in DeclineReason.offered()
        ),
        "Select the main reason for not sharing.",
        "Seed 001 golden rule 7 (record the reasons for not sharing); seed 000 §7 (the "
        "partnership's annual report: how information is shared)",
    ),
    *_in_substance(
        "decline_reason_other",
        "Say what the other reason for not sharing is",
        "Seed 001 golden rule 7: be prepared to explain why you chose not to share",
        lambda f: (
            f.outcome == DecisionOutcome.DO_NOT_SHARE and f.decline_reason == DeclineReason.OTHER
        ),
    ),
    RecordCheck(
        "article6_basis",
        lambda f: DecisionOutcome.shares(f.outcome) and not f.article6_basis,
        "Name the UK GDPR Article 6 basis for sharing.",
        "UK GDPR Art 6(1); seed 003 golden rule 4: be clear of the basis",
    ),
    RecordCheck(
        "article6_basis",
        lambda f: (
            Article6Basis.relies_on_consent(f.article6_basis)
            and f.consent_status != ConsentStatus.GIVEN
        ),
        "Consent can be the Article 6 basis only where consent was given: choose another basis.",
        "UK GDPR Art 6(1)(a) and Art 7",
    ),
    RecordCheck(
        "article6_basis",
        lambda f: (
            f.article6_basis == Article6Basis.LEGITIMATE_INTERESTS
            and is_public_authority(f.deciding_organisation_kind)
        ),
        "Your organisation is a public authority, so it cannot rely on legitimate interests "
        "for its tasks: choose public task, legal obligation or another basis.",
        "UK GDPR Art 6(1), last sentence; seed 004: a public authority's legal powers",
    ),
    RecordCheck(
        "article9_condition",
        lambda f: (
            f.special_category and DecisionOutcome.shares(f.outcome) and not f.article9_condition
        ),
        "Special category data needs an Article 9 condition.",
        "UK GDPR Art 9(2); seed 003: special category data",
    ),
    RecordCheck(
        "schedule1_condition",
        lambda f: (
            Article9Condition.needs_schedule1(f.article9_condition)
            and f.schedule1_condition
            not in Article9Condition.schedule1_conditions(f.article9_condition)
        ),
        _schedule1_hint,
        "DPA 2018 s10 and Schedule 1 (para 18: safeguarding of children)",
    ),
    RecordCheck(
        "article9_condition",
        lambda f: (
            Article9Condition.relies_on_consent(f.article9_condition)
            and f.consent_status != ConsentStatus.GIVEN
        ),
        "Explicit consent can be the Article 9 condition only where it was given.",
        "UK GDPR Art 9(2)(a)",
    ),
    RecordCheck(
        "schedule1_para18_reason",
        lambda f: (
            f.schedule1_condition == Schedule1Condition.SAFEGUARDING
            and not f.schedule1_para18_reason
        ),
        "Say why you are not relying on consent: it cannot be given, you cannot reasonably be "
        "expected to get it, or asking for it would put the protection at risk.",
        "DPA 2018 Schedule 1 para 18(2); seed 004: consent to share information",
    ),
    RecordCheck(
        "schedule1_condition",
        lambda f: (
            f.schedule1_condition == Schedule1Condition.SAFEGUARDING
            and f.consent_status == ConsentStatus.GIVEN
        ),
        "Paragraph 18 applies only where consent cannot be given or got, or asking would put "
        "the protection at risk. Consent was given: choose explicit consent or another "
        "condition.",
        "DPA 2018 Schedule 1 para 18(2)",
    ),
    RecordCheck(
        "consent_status",
        lambda f: not f.consent_status,
        "Record whether consent was sought, given, refused or withdrawn.",
        "Seed 004: consent to share information",
    ),
    RecordCheck(
        "consent_not_sought_reason",
        lambda f: f.consent_status == ConsentStatus.NOT_SOUGHT and not f.consent_not_sought_reason,
        "Say why consent was not sought.",
        "Seed 004: where consent has not been obtained, reasons must be documented",
    ),
    RecordCheck(
        "consent_how_recorded",
        lambda f: (
            f.consent_status == ConsentStatus.GIVEN
            and not (f.consent_how_recorded.strip() and f.consent_given_on_set)
        ),
        "Record how and when consent was given.",
        "Seed 004: a clear record of consent, stating the date",
    ),
    RecordCheck(
        "consent_given_by",
        lambda f: f.consent_status == ConsentStatus.GIVEN and not f.consent_given_by,
        "Say whose consent it was: the child (judged competent to give it), a person with "
        "parental responsibility, or an adult the information is about.",
        "Seed 004: consent (who can give consent; a child judged competent); seed 001",
    ),
    RecordCheck(
        "consent_information",
        lambda f: f.consent_status == ConsentStatus.GIVEN and not f.consent_information.strip(),
        "Say which information the consent covers.",
        "Seed 004: partial consent (consent to share some information and not other)",
    ),
    RecordCheck(
        "consent_review_on",
        lambda f: f.consent_status == ConsentStatus.GIVEN and f.consent_review_on is None,
        "Give a date to review the consent: consent can change, and is reviewed.",
        "Seed 004: consent should be reviewed regularly; seed 000 §5",
    ),
    RecordCheck(
        "consent_review_on",
        lambda f: (
            f.consent_status == ConsentStatus.GIVEN
            and f.consent_review_on is not None
            and f.consent_given_on is not None
            and f.consent_review_on <= f.consent_given_on
        ),
        "The date to review the consent must be after the date it was given.",
        "Seed 004: consent should be reviewed regularly",
    ),
    *_in_substance(
        "consent_override_rationale",
        "Explain why sharing is proportionate even though consent was refused or withdrawn",
        "Seed 004: sharing information when consent has been refused",
        lambda f: (
            ConsentStatus.against_consent(f.consent_status) and DecisionOutcome.shares(f.outcome)
        ),
    ),
    *_in_substance(
        "necessity_proportionality",
        "Explain why sharing is necessary and proportionate",
        "Seed 004: if consent is not obtained, the decision should be necessary and "
        "proportionate and recorded with the rationale; seed 001 golden rule 6",
        _shares_without_consent,
    ),
    *_in_substance(
        "public_interest",
        "Explain why sharing is in the public interest: the risk, how serious it is, and why "
        "it outweighs keeping the information confidential",
        "Seed 004: public interest criteria; seed 001: confidentiality and the public interest",
        lambda f: _shares_without_consent(f) and f.confidential is True,
    ),
    RecordCheck(
        "not_told_reason",
        lambda f: not f.subject_told and not f.not_told_reason,
        "Say why the child or family was not told, or record that they were.",
        "Seed 003 golden rule 2: be open and honest, unless unsafe",
    ),
    *_in_substance(
        "not_told_explanation",
        "Say what the other reason is for not telling the child or family",
        "Seed 001 golden rule 2: tell them unless it is unsafe or would increase the risk",
        lambda f: not f.subject_told and f.not_told_reason == NotToldReason.OTHER,
    ),
    RecordCheck(
        "tell_later_on",
        lambda f: f.tell_later and not f.subject_told and f.tell_later_on is None,
        "Give the date you will tell them: you will be reminded on that day.",
        "Seed 001 golden rule 2: be open with them when it is safe to",
    ),
    RecordCheck(
        "advice_from",
        lambda f: Advice.names_an_adviser(f.advice_source) and not f.advice_from.strip(),
        "Give the name and role of the person who advised you.",
        "Seed 001 golden rule 4: seek advice; golden rule 7: record the reasons",
    ),
    RecordCheck(
        "advice_on",
        lambda f: Advice.names_an_adviser(f.advice_source) and f.advice_on is None,
        "Give the date of the advice.",
        "Seed 001 golden rule 4: seek advice; golden rule 7: record the reasons",
    ),
    RecordCheck(
        "advice_asked",
        lambda f: f.advice_source == Advice.WITHOUT_NAMING and not f.advice_asked.strip(),
        "Say what you asked, without naming the child or family.",
        "Seeds 003 and 004 golden rule 3: seek advice without disclosing the identity of the "
        "individual where possible",
    ),
    RecordCheck(
        "advice_given",
        lambda f: bool(f.advice_source) and not f.advice_given.strip(),
        "Say what the advice was.",
        "Seed 001 golden rule 4: seek advice; golden rule 7: record the reasons",
    ),
    RecordCheck(
        "against_suggestion_reason",
        lambda f: (
            bool(f.guide_suggestion)
            and f.guide_suggestion != _chose(f)
            and not f.against_suggestion_reason.strip()
        ),
        "Your decision differs from what the guide suggests: say why.",
        "Seeds 003, 004: the flowchart; the person decides (UK GDPR Art 22)",
    ),
)


def decision_problems(facts: DecisionFacts) -> dict[str, str]:
    """Every way the record falls short, by field, each with its message."""
    problems: dict[str, str] = {}
    for check in RECORD_CHECKS:
        if check.falls_short(facts):
            problems[check.field] = check.message_for(facts)
    return problems
