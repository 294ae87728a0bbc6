"""The decision guide (seeds 003 and 004) as a table, and the record's rules."""

import dataclasses
import subprocess
import sys
from datetime import date

import pytest

from sharing.choices import Article6Basis, Article9Condition, DeclineReason, relies_on_consent
from sharing.decisions import rules

Y, N = True, False


@pytest.mark.parametrize(
    ("answers", "suggestion", "next_question"),
    [
        ({}, "", "legitimate_purpose"),
        ({"legitimate_purpose": N}, "do_not_share", ""),
        ({"legitimate_purpose": Y}, "", "identifiable"),
        ({"legitimate_purpose": Y, "identifiable": N}, "share", ""),
        ({"legitimate_purpose": Y, "identifiable": Y}, "", "confidential"),
        ({"legitimate_purpose": Y, "identifiable": Y, "confidential": N}, "share", ""),
        ({"legitimate_purpose": Y, "identifiable": Y, "confidential": Y}, "", "consent"),
        (
            {"legitimate_purpose": Y, "identifiable": Y, "confidential": Y, "consent": Y},
            "share",
            "",
        ),
        (
            {"legitimate_purpose": Y, "identifiable": Y, "confidential": Y, "consent": N},
            "",
            "other_reason",
        ),
        (
            {
                "legitimate_purpose": Y,
                "identifiable": Y,
                "confidential": Y,
                "consent": N,
                "other_reason": Y,
            },
            "share",
            "",
        ),
        (
            {
                "legitimate_purpose": Y,
                "identifiable": Y,
                "confidential": Y,
                "consent": N,
                "other_reason": N,
            },
            "do_not_share",
            "",
        ),
        # A "no" to purpose ends the guide whatever else was answered.
        ({"legitimate_purpose": N, "consent": Y}, "do_not_share", ""),
    ],
)
def test_the_decision_guide(answers, suggestion, next_question):
    result = rules.decision_guide(answers)
    assert (result.suggestion, result.next_question) == (suggestion, next_question)


def test_sharing_without_consent_asks_for_the_public_interest_and_proportionality():
    result = rules.decision_guide(
        {
            "legitimate_purpose": Y,
            "identifiable": Y,
            "confidential": Y,
            "consent": N,
            "other_reason": Y,
        }
    )
    assert {"article6_basis", "public_interest", "necessity_proportionality"} <= set(
        result.still_needed
    )


def test_every_question_key_is_asked_in_order():
    asked, answers = [], {}
    while True:
        result = rules.decision_guide(answers)
        if not result.next_question:
            break
        asked.append(result.next_question)
        answers[result.next_question] = result.next_question != "consent"
    assert asked == [key for key, _ in rules.GUIDE_QUESTIONS]


GOOD_SHARE_IN_PART = {
    "outcome": "share_in_part",
    "rationale": "Risk of significant harm.",
    "explanation_to_requester": "Address withheld.",
    "article6_basis": "6_1_e",
    "special_category": True,
    "article9_condition": "9_2_g",
    "schedule1_condition": "para_18",
    "schedule1_para18_reason": "would_prejudice",
    "consent_status": "not_sought",
    "consent_not_sought_reason": "unsafe",
    "necessity_proportionality": "Only the household's known concerns, for the strategy meeting.",
    "not_told_reason": "risk_of_harm",
    "deciding_organisation_kind": "la_childrens_social_care",
}


def test_a_complete_share_in_part_without_consent_has_no_problems():
    assert rules.decision_problems(rules.DecisionFacts(**GOOD_SHARE_IN_PART)) == {}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"rationale": ""}, "rationale", "Record the reasons"),
        (
            {"article9_condition": "", "schedule1_condition": ""},
            "article9_condition",
            "needs an Article 9 condition",
        ),
        ({"schedule1_condition": ""}, "schedule1_condition", "Schedule 1 condition"),
        ({"article9_condition": "9_2_b"}, "schedule1_condition", "para 1"),
        ({"article9_condition": "9_2_h"}, "schedule1_condition", "para 2"),
        (
            {"consent_status": "withdrawn", "consent_not_sought_reason": ""},
            "consent_override_rationale",
            "proportionate",
        ),
        ({"article6_basis": "6_1_a"}, "article6_basis", "only where consent was given"),
        ({"article6_basis": ""}, "article6_basis", "Name the UK GDPR Article 6 basis"),
        (
            {"consent_status": "refused", "consent_not_sought_reason": ""},
            "consent_override_rationale",
            "proportionate",
        ),
        (
            {"consent_not_sought_reason": ""},
            "consent_not_sought_reason",
            "why consent was not sought",
        ),
        (
            {"consent_status": "given", "consent_not_sought_reason": ""},
            "consent_how_recorded",
            "how and when",
        ),
        (
            {"outcome": "do_not_share", "explanation_to_requester": ""},
            "explanation_to_requester",
            "requester can be told",
        ),
        ({"not_told_reason": ""}, "not_told_reason", "not told"),
        (
            {"guide_suggestion": "do_not_share"},
            "against_suggestion_reason",
            "differs from what the guide suggests",
        ),
    ],
)
def test_each_rule_of_the_record_is_refused_with_its_message(change, field, message):
    problems = rules.decision_problems(rules.DecisionFacts(**{**GOOD_SHARE_IN_PART, **change}))
    assert field in problems and message in problems[field], problems


def test_refused_consent_with_a_proportionality_rationale_may_be_overridden():
    facts = {
        **GOOD_SHARE_IN_PART,
        "consent_status": "refused",
        "consent_not_sought_reason": "",
        "consent_override_rationale": "Risk to life outweighs the refusal.",
    }
    assert rules.decision_problems(rules.DecisionFacts(**facts)) == {}


@pytest.mark.parametrize(
    ("outcome", "consent", "needed"),
    [
        ("do_not_share", "not_sought", True),
        ("share", "refused", True),
        ("share_in_part", "refused", True),
        ("share", "given", False),
        ("share_in_part", "not_sought", False),
        ("do_not_share", "refused", True),
        ("share", "withdrawn", True),
    ],
)
def test_what_needs_a_managers_sign_off(outcome, consent, needed):
    assert rules.needs_sign_off(outcome, consent) is needed


def test_each_check_of_the_record_names_a_field_and_where_it_comes_from():
    fields = {field.name for field in dataclasses.fields(rules.DecisionFacts)}
    for check in rules.RECORD_CHECKS:
        assert check.field in fields
        assert check.source.strip()


@pytest.mark.parametrize(
    ("article6", "article9", "relies"),
    [
        (Article6Basis.CONSENT, "", True),
        (Article6Basis.PUBLIC_TASK, Article9Condition.EXPLICIT_CONSENT, True),
        (Article6Basis.PUBLIC_TASK, Article9Condition.SUBSTANTIAL_PUBLIC_INTEREST, False),
        ("", "", False),
    ],
)
def test_consent_is_a_basis_only_under_article_6_1_a_or_9_2_a(article6, article9, relies):
    assert relies_on_consent(article6, article9) is relies


def test_the_rules_and_their_lists_import_without_django():
    # The pure rules are tested and reasoned about on their own: importing them
    # must not bring in Django (import-linter checks the same statically).
    code = (
        "import sys; import sharing.decisions.rules; "
        "sys.exit(any(name.split('.')[0] == 'django' for name in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# Golden rule 5 (seeds 000 §4, 003): protect the identities of those who might
# suffer harm. Free text leaving the register is checked for their names.
PAT = ("Pat", "Neighbour")
SIOBHAN = ("Siobhán", "O'Neil-Smith")
JANE = ("Jane", "Smith")
WILL_HILL = ("Will", "Hill")


@pytest.mark.parametrize(
    ("text", "names", "found"),
    [
        ("Mrs Neighbour raised it with the office.", [PAT], [PAT]),
        ("PAT rang the school.", [PAT], [PAT]),
        ("pat neighbour", [PAT], [PAT]),
        ("The neighbours complained.", [PAT], []),  # not the word on its own
        ("A patient at the clinic.", [PAT], []),
        ("Neighbour's report", [PAT], [PAT]),
        ("Reported by O'Neil-Smith.", [SIOBHAN], [SIOBHAN]),
        ("Reported by siobhán.", [SIOBHAN], [SIOBHAN]),
        ("Reported by a relative.", [PAT, SIOBHAN], []),
        ("Pat and Siobhán both rang.", [PAT, SIOBHAN], [PAT, SIOBHAN]),
        ("J. Reed attended.", [("J", "")], []),  # an initial is not a name
        ("", [PAT], []),
        ("Anything at all.", [], []),
        # The surname alone, in any case, between anything but letters.
        ("SMITH-2024-notes.pdf", [JANE], [JANE]),
        ("referral_smith_v2.docx", [JANE], [JANE]),
        ("Smithson attended.", [JANE], []),
        ("Janet rang.", [JANE], []),
        ("O\u2019Neil-Smith rang.", [SIOBHAN], [SIOBHAN]),  # a typographic apostrophe
        # The full name in a file name, either way round, with or without a separator.
        ("Jane Smith referral.pdf", [JANE], [JANE]),
        ("jane_smith_referral.pdf", [JANE], [JANE]),
        ("JaneSmith.docx", [JANE], [JANE]),
        ("Smith, Jane - school report.pdf", [JANE], [JANE]),
        ("2024.11.02 jane.smith.pdf", [JANE], [JANE]),
        # A name that is also an ordinary word counts alone only written as a name.
        ("We will walk up the hill after school.", [WILL_HILL], []),
        ("Mr Hill rang the office.", [WILL_HILL], [WILL_HILL]),
        ("HILL-statement.pdf", [WILL_HILL], [WILL_HILL]),
        ("Will said it again.", [WILL_HILL], [WILL_HILL]),
        ("will hill statement.pdf", [WILL_HILL], [WILL_HILL]),  # the full name in any case
        ("willhill.pdf", [WILL_HILL], [WILL_HILL]),
        ("Please do not share this.", [("Minh", "Do")], []),
        ("Report on Mr DO.", [("Minh", "Do")], [("Minh", "Do")]),
        # Capitalised at the start of a sentence it still warns: the person checks.
        ("Do not share this.", [("Minh", "Do")], [("Minh", "Do")]),
        ("minh do report.pdf", [("Minh", "Do")], [("Minh", "Do")]),
    ],
)
def test_free_text_naming_a_protected_person_is_found(text, names, found):
    assert rules.names_in_text(text, names) == found


def test_every_common_word_is_lower_case_and_a_single_word():
    # The exception table is compared case-folded, word by word.
    assert all(word == word.casefold() and word.isalpha() for word in rules.COMMON_WORDS)


# Seed 004 (consent: who may give it, partial consent, reviewing it); seed 000 §5.
GIVEN = {
    **GOOD_SHARE_IN_PART,
    "consent_status": "given",
    "consent_not_sought_reason": "",
    "consent_how_recorded": "Signed form on the school file.",
    "consent_given_on_set": True,
    "consent_given_on": date(2026, 11, 2),
    "consent_given_by": "parental_responsibility",
    "consent_information": "Attendance and the concerns logged this term.",
    "consent_review_on": date(2027, 5, 1),
    "schedule1_para18_reason": "",
    "article9_condition": "9_2_a",
    "schedule1_condition": "",
}


def test_consent_recorded_in_full_has_no_problems():
    assert rules.decision_problems(rules.DecisionFacts(**GIVEN)) == {}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"consent_given_by": ""}, "consent_given_by", "whose consent"),
        ({"consent_information": " "}, "consent_information", "which information"),
        ({"consent_review_on": None}, "consent_review_on", "date to review"),
        ({"consent_review_on": date(2026, 11, 2)}, "consent_review_on", "after the date"),
        ({"consent_review_on": date(2026, 10, 1)}, "consent_review_on", "after the date"),
    ],
)
def test_consent_given_says_whose_which_information_and_when_to_review_it(change, field, message):
    problems = rules.decision_problems(rules.DecisionFacts(**{**GIVEN, **change}))
    assert field in problems and message in problems[field], problems


@pytest.mark.parametrize("status", ["not_sought", "refused"])
def test_consent_not_given_needs_none_of_its_detail(status):
    facts = {
        **GOOD_SHARE_IN_PART,
        "consent_status": status,
        "consent_override_rationale": "A risk to the child's life outweighs the refusal.",
    }
    problems = rules.decision_problems(rules.DecisionFacts(**facts))
    assert not {"consent_given_by", "consent_information", "consent_review_on"} & set(problems)


# A decision not to share names its main reason as a category (issue 18: the
# annual report counts declines by reason); "other" says what it is in words.
REFUSAL = {**GOOD_SHARE_IN_PART, "outcome": "do_not_share", "decline_reason": "not_necessary"}
OTHER_IN_WORDS = "The police asked us to wait until their enquiry has closed."


@pytest.mark.parametrize(
    ("outcome", "reason", "other", "refused"),
    [
        ("do_not_share", "not_necessary", "", {}),
        ("do_not_share", "no_lawful_basis", "", {}),
        ("do_not_share", "prejudice_or_risk", "", {}),
        ("do_not_share", "another_organisation", "", {}),
        ("do_not_share", "not_specific", "", {}),
        ("do_not_share", "third_party", "", {}),
        ("do_not_share", "other", OTHER_IN_WORDS, {}),
        ("do_not_share", "", "", {"decline_reason": "main reason for not sharing"}),
        # Only decisions made before the question was asked are "not recorded".
        ("do_not_share", "not_recorded", "", {"decline_reason": "main reason for not sharing"}),
        ("do_not_share", "no_such_reason", "", {"decline_reason": "main reason for not sharing"}),
        ("do_not_share", "other", "", {"decline_reason_other": "other reason for not sharing"}),
        ("do_not_share", "other", "n/a", {"decline_reason_other": "placeholder"}),
        ("share_in_part", "", "", {}),
        ("share", "", "", {}),
    ],
)
def test_a_decision_not_to_share_names_its_main_reason(outcome, reason, other, refused):
    facts = {
        **REFUSAL,
        "outcome": outcome,
        "decline_reason": reason,
        "decline_reason_other": other,
    }
    problems = rules.decision_problems(rules.DecisionFacts(**facts))
    asked = {
        field: message
        for field, message in problems.items()
        if field in {"decline_reason", "decline_reason_other"}
    }
    assert set(asked) == set(refused), problems
    for field, words in refused.items():
        assert words in asked[field].lower(), asked


def test_every_reason_offered_has_a_hint_and_not_recorded_is_never_offered():
    offered = DeclineReason.offered()
    assert DeclineReason.NOT_RECORDED not in offered
    assert all(DeclineReason.hint(reason) for reason in offered if reason != DeclineReason.OTHER)
