"""Other people are redacted from what is sent to the person a record is
about: third parties by name, protected identities masked as everywhere else
(cases.rules, the one masking rule)."""

import pytest

from cases.rules import PROTECTED_IDENTITY, THIRD_PARTY, Named, redact, subject_access_redactions

JAMIE = Named("Jamie", "Reed")
MORGAN = Named("Morgan", "Reed")
PAT = Named("Pat", "Neighbourly", identity_protected=True)
SAM = Named("Sam", "Stone", other_names="Sammy")


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        (
            "Home visit: Jamie said Morgan Reed was asleep all day.",
            f"Home visit: Jamie said {THIRD_PARTY} was asleep all day.",
        ),
        # The child's own surname stays; the parent's first name goes.
        ("Jamie Reed told Morgan.", f"Jamie Reed told {THIRD_PARTY}."),
        (
            "PAT NEIGHBOURLY rang to say Jamie was alone.",
            f"{PROTECTED_IDENTITY} rang to say Jamie was alone.",
        ),
        ("Neighbourly rang.", f"{PROTECTED_IDENTITY} rang."),
        ("Sammy and Sam Stone visited.", f"{THIRD_PARTY} and {THIRD_PARTY} visited."),
        # Whole words only: "Patrol" is not Pat.
        ("A police patrol called.", "A police patrol called."),
        ("", ""),
    ],
)
def test_third_parties_and_protected_identities_are_redacted(text, redacted):
    redactions = subject_access_redactions(JAMIE, [MORGAN, PAT, SAM])
    assert redact(text, redactions) == redacted


def test_a_protected_name_is_masked_even_where_a_third_party_shares_it():
    redactions = subject_access_redactions(JAMIE, [Named("Pat", "Jones"), PAT])
    assert redact("Pat rang.", redactions) == f"{PROTECTED_IDENTITY} rang."
