import pytest

from cases import rules
from sharing.roles import Role


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("9434765919", True),  # NHS Digital's published example
        ("943 476 5919", True),  # as printed on a card
        ("4010232137", True),
        ("9434765918", False),  # wrong check digit
        ("943476591", False),  # nine digits
        ("94347659190", False),  # eleven digits
        ("94347659AB", False),
        ("1000000010", False),  # check digit would be 10: never issued
        ("", False),
    ],
)
def test_nhs_number_check_digit(value, valid):
    assert rules.nhs_number_is_valid(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("A123456789012", True),
        ("a123456789012", True),
        ("H80120500001A", True),  # temporary UPN ends in a letter
        ("I123456789012", False),  # I is never a check letter
        ("O123456789012", False),
        ("1123456789012", False),
        ("A12345678901", False),
        ("A12345678901I", False),
    ],
)
def test_unique_pupil_number_format(value, valid):
    assert rules.upn_is_well_formed(value) is valid


def test_case_reference_is_year_and_six_digit_serial():
    assert rules.reference("SC", 2026, 123) == "SC-2026-000123"


def test_changes_between_versions_lists_only_what_changed():
    before = {"summary": "a", "status": "open"}
    after = {"summary": "a", "status": "closed"}
    changes = rules.changes_between(before, after, ["summary", "status"])
    assert [(c.field, c.old, c.new) for c in changes] == [("status", "open", "closed")]


def test_first_version_lists_every_filled_field():
    changes = rules.changes_between(
        None, {"summary": "a", "closed_on": None}, ["summary", "closed_on"]
    )
    assert [(c.field, c.new) for c in changes] == [("summary", "a")]


MANAGER = frozenset({Role.MANAGER.value})
DPO = frozenset({Role.DPO.value})
WORKER = frozenset({Role.UNIT_STAFF.value})


@pytest.mark.parametrize(
    ("roles", "user_org", "case_org", "review", "break_glass"),
    [
        (MANAGER, 1, 1, True, True),
        (MANAGER, 2, 1, False, False),  # another organisation's manager
        (MANAGER, None, 1, False, False),
        (DPO, 2, 1, True, False),  # the DPO reviews but never breaks glass
        (WORKER, 1, 1, False, False),
    ],
)
def test_who_may_review_access_and_break_glass(roles, user_org, case_org, review, break_glass):
    assert rules.may_review_access(roles, user_org, case_org) is review
    assert rules.may_break_glass(roles, user_org, case_org) is break_glass
