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


class _Person:
    def __init__(self, pk: int, name: str, protected: bool = False) -> None:
        self.pk = pk
        self.name = name
        self.identity_protected = protected

    def __str__(self) -> str:
        return self.name


PROTECTED = _Person(1, "Ava Hidden", protected=True)
PLAIN = _Person(2, "Ben Open")


def test_a_protected_identity_is_named_only_to_those_who_may_open_the_case():
    assert rules.display_name(PROTECTED, viewer_context=rules.TEAM) == "Ava Hidden"
    assert rules.display_name(PROTECTED, viewer_context=rules.OUTSIDE) == rules.PROTECTED_IDENTITY
    assert rules.display_name(PLAIN, viewer_context=rules.OUTSIDE) == "Ben Open"
    not_theirs = rules.masking_for(may_open_case=False)
    assert rules.display_name(PROTECTED, viewer_context=not_theirs) == rules.PROTECTED_IDENTITY


def test_what_leaves_the_team_never_names_a_protected_identity_even_to_the_team():
    leaving = rules.masking_for(may_open_case=True, leaves_the_team=True, protected_here=[2])
    assert rules.display_name(PROTECTED, viewer_context=leaving) == rules.PROTECTED_IDENTITY
    # Protected on this record only (a decision's identities to protect).
    assert rules.display_name(PLAIN, viewer_context=leaving) == rules.PROTECTED_IDENTITY
    assert rules.display_name(PLAIN, viewer_context=rules.TEAM) == "Ben Open"


def test_a_template_never_names_a_protected_identity_without_a_masking_context():
    from django.template import Context, Template, VariableDoesNotExist

    template = Template("{% load people %}{{ person|display_name:masking }}")
    with pytest.raises(VariableDoesNotExist):
        template.render(Context({"person": PROTECTED}))
    masked = template.render(Context({"person": PROTECTED, "masking": ""}))
    assert masked == rules.PROTECTED_IDENTITY
    shown = template.render(Context({"person": PROTECTED, "masking": rules.TEAM}))
    assert shown == "Ava Hidden"


def test_case_and_person_pages_name_people_through_the_one_masking_rule():
    """Docs/rules.md: one masking rule. A page that printed a person directly
    would decide for itself who sees a protected name."""
    import re
    from pathlib import Path

    # "Who has access" lists staff accounts, not people in the case.
    pages = [p for p in Path("templates/cases").glob("*.html") if p.name != "case_access.html"]
    pages.append(Path("templates/requests/request_form.html"))
    raw = re.compile(r"\{\{\s*(person|child|p\.person|participant\.person)\s*\}\}")
    printed = {page.name: raw.findall(page.read_text()) for page in pages}
    assert {name: found for name, found in printed.items() if found} == {}
