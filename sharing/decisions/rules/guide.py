"""The decision guide: the guidance's questions and what they suggest (seeds 003 and 004).
Pure: no database, no settings, no clock."""

from collections.abc import Mapping
from dataclasses import dataclass

from ...choices import (
    DecisionOutcome,
)

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
    """What the guide suggests so far. ``suggestion`` is DecisionOutcome.SHARE,
    DecisionOutcome.DO_NOT_SHARE or "" while a question is unanswered;
    ``next_question`` the key to ask next."""

    suggestion: str
    next_question: str
    explanation: str
    still_needed: tuple[str, ...] = ()

    @property
    def suggests_sharing(self) -> bool:
        return self.suggestion == DecisionOutcome.SHARE


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
            DecisionOutcome.DO_NOT_SHARE,
            "",
            "Without a clear and legitimate purpose, do not share.",
            ("explanation_to_requester",),
        )
    identifiable = answers.get("identifiable")
    if identifiable is None:
        return ask("identifiable")
    if identifiable is False:
        return GuideResult(
            DecisionOutcome.SHARE,
            "",
            "Nobody can be identified: you can share, thinking about how.",
            ("purpose",),
        )
    confidential = answers.get("confidential")
    if confidential is None:
        return ask("confidential")
    if confidential is False:
        return GuideResult(
            DecisionOutcome.SHARE,
            "",
            "The information is not confidential: you can share, thinking about how.",
            ("purpose", "article6_basis"),
        )
    consent = answers.get("consent")
    if consent is None:
        return ask("consent")
    if consent is True:
        return GuideResult(
            DecisionOutcome.SHARE,
            "",
            "You have consent: you can share, within what it covers.",
            ("purpose", "article6_basis", "consent_how_recorded", "consent_given_on"),
        )
    other = answers.get("other_reason")
    if other is None:
        return ask("other_reason")
    if other is True:
        return GuideResult(
            DecisionOutcome.SHARE,
            "",
            "There is a lawful reason to share without consent: record it, and why sharing is "
            "necessary and proportionate.",
            ("purpose", "article6_basis", "public_interest", "necessity_proportionality"),
        )
    return GuideResult(
        DecisionOutcome.DO_NOT_SHARE,
        "",
        "No consent and no other lawful reason: do not share.",
        ("explanation_to_requester",),
    )
