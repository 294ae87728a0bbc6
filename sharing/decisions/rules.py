"""Pure rules of a sharing decision: the guidance's questions and what they
suggest (seeds 003 and 004), what a complete record needs, and when a manager
signs off. No database, no settings, no clock."""

from collections.abc import Mapping
from dataclasses import dataclass

# --- The decision guide (seeds 003 and 004: when and how to share) ----------------

GUIDE_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("legitimate_purpose", "Is there a clear and legitimate purpose for sharing the information?"),
    ("identifiable", "Does the information enable a person to be identified?"),
    ("confidential", "Is the information confidential?"),
    ("consent", "Do you have consent to share?"),
    (
        "other_reason",
        "Is there another lawful reason to share, such as to fulfil a public function, a legal "
        "duty, or to protect the vital interests of the child or someone else?",
    ),
)


@dataclass(frozen=True)
class GuideResult:
    """What the guide suggests so far. ``suggestion`` is "share", "do_not_share" or
    "" while a question is unanswered; ``next_question`` the key to ask next."""

    suggestion: str
    next_question: str
    explanation: str
    still_needed: tuple[str, ...] = ()


def decision_guide(answers: Mapping[str, bool | None]) -> GuideResult:
    """The flowchart as questions; the answers so far suggest an outcome and the
    parts of the record still needed. The person decides, not this function."""

    def ask(key: str) -> GuideResult:
        return GuideResult("", key, "Answer the next question.")

    purpose = answers.get("legitimate_purpose")
    if purpose is None:
        return ask("legitimate_purpose")
    if purpose is False:
        return GuideResult(
            "do_not_share",
            "",
            "Without a clear and legitimate purpose, do not share.",
            ("explanation_to_requester",),
        )
    identifiable = answers.get("identifiable")
    if identifiable is None:
        return ask("identifiable")
    if identifiable is False:
        return GuideResult(
            "share",
            "",
            "Nobody can be identified: you can share, thinking about how.",
            ("purpose",),
        )
    confidential = answers.get("confidential")
    if confidential is None:
        return ask("confidential")
    if confidential is False:
        return GuideResult(
            "share",
            "",
            "The information is not confidential: you can share, thinking about how.",
            ("purpose", "article6_basis"),
        )
    consent = answers.get("consent")
    if consent is None:
        return ask("consent")
    if consent is True:
        return GuideResult(
            "share",
            "",
            "You have consent: you can share, within what it covers.",
            ("purpose", "article6_basis", "consent_how_recorded", "consent_given_on"),
        )
    other = answers.get("other_reason")
    if other is None:
        return ask("other_reason")
    if other is True:
        return GuideResult(
            "share",
            "",
            "There is a lawful reason to share without consent: record it, and why sharing is "
            "necessary and proportionate.",
            ("purpose", "article6_basis", "public_interest", "necessity_proportionality"),
        )
    return GuideResult(
        "do_not_share",
        "",
        "No consent and no other lawful reason: do not share.",
        ("explanation_to_requester",),
    )


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


# Article 9 conditions that need a DPA 2018 Schedule 1 condition as well, and the
# paragraphs that go with each: Part 1 para 1 with 9(2)(b), para 2 with 9(2)(h),
# Part 2 (statutory purposes, unlawful acts, safeguarding) with 9(2)(g).
SCHEDULE_1_FOR = {
    "9_2_b": frozenset({"para_1"}),
    "9_2_h": frozenset({"para_2"}),
    "9_2_g": frozenset({"para_6", "para_10", "para_18"}),
}
NEEDS_SCHEDULE_1 = frozenset(SCHEDULE_1_FOR)


def decision_problems(facts: DecisionFacts) -> dict[str, str]:
    """Every way the record falls short, by field, each with its message."""
    sharing = facts.outcome in {"share", "share_in_part"}
    problems: dict[str, str] = {}
    if not facts.rationale.strip():
        problems["rationale"] = "Record the reasons for the decision, whatever it is."
    if (
        facts.outcome in {"do_not_share", "share_in_part"}
        and not facts.explanation_to_requester.strip()
    ):
        problems["explanation_to_requester"] = (
            "Give a reason the requester can be told: a decision not to share (or to share "
            "only in part) is explained to them."
        )
    if sharing and not facts.article6_basis:
        problems["article6_basis"] = "Name the UK GDPR Article 6 basis for sharing."
    if facts.article6_basis == "6_1_a" and facts.consent_status != "given":
        problems["article6_basis"] = (
            "Consent can be the Article 6 basis only where consent was given: choose another basis."
        )
    if facts.special_category and sharing and not facts.article9_condition:
        problems["article9_condition"] = "Special category data needs an Article 9 condition."
    if facts.article9_condition in NEEDS_SCHEDULE_1:
        allowed = SCHEDULE_1_FOR[facts.article9_condition]
        if facts.schedule1_condition not in allowed:
            problems["schedule1_condition"] = (
                "This Article 9 condition needs a matching DPA 2018 Schedule 1 condition: "
                + {"9_2_b": "para 1", "9_2_h": "para 2"}.get(
                    facts.article9_condition, "para 6, 10 or 18 (safeguarding: para 18)"
                )
                + "."
            )
    if facts.article9_condition == "9_2_a" and facts.consent_status != "given":
        problems["article9_condition"] = (
            "Explicit consent can be the Article 9 condition only where it was given."
        )
    if not facts.consent_status:
        problems["consent_status"] = (
            "Record whether consent was sought, given, refused or withdrawn."
        )
    if facts.consent_status == "not_sought" and not facts.consent_not_sought_reason:
        problems["consent_not_sought_reason"] = "Say why consent was not sought."
    if facts.consent_status == "given" and not (
        facts.consent_how_recorded.strip() and facts.consent_given_on_set
    ):
        problems["consent_how_recorded"] = "Record how and when consent was given."
    if (
        facts.consent_status in {"refused", "withdrawn"}
        and sharing
        and not facts.consent_override_rationale.strip()
    ):
        problems["consent_override_rationale"] = (
            "Refused consent can be overridden only with a rationale showing sharing "
            "is proportionate."
        )
    if not facts.subject_told and not facts.not_told_reason:
        problems["not_told_reason"] = (
            "Say why the child or family was not told, or record that they were."
        )
    suggested = facts.guide_suggestion
    chose = "share" if sharing else "do_not_share"
    if suggested and suggested != chose and not facts.against_suggestion_reason.strip():
        problems["against_suggestion_reason"] = (
            "Your decision differs from what the guide suggests: say why."
        )
    return problems


def needs_sign_off(outcome: str, consent_status: str) -> bool:
    """A decision not to share, or to share against refused or withdrawn consent,
    is final only when a manager has signed it off."""
    return outcome == "do_not_share" or consent_status in {"refused", "withdrawn"}
