from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from requests import rules

HOLIDAYS = rules.england_and_wales_bank_holidays(range(2025, 2030))


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 11, 16), 0, date(2026, 11, 16)),  # emergency: due the day it arrives
        (date(2026, 11, 16), 1, date(2026, 11, 17)),  # Monday -> Tuesday
        (date(2026, 11, 13), 1, date(2026, 11, 16)),  # Friday -> Monday
        (date(2026, 11, 14), 1, date(2026, 11, 16)),  # received on a Saturday
        (date(2026, 11, 16), 10, date(2026, 11, 30)),  # two working weeks
        (
            date(2026, 12, 23),
            5,
            date(2027, 1, 4),
        ),  # Christmas, Boxing Day (observed 28th), New Year
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        (
            date(2027, 12, 24),
            1,
            date(2027, 12, 29),
        ),  # Christmas and Boxing Day on a weekend: 27th, 28th off
        (date(2026, 12, 31), 1, date(2027, 1, 4)),  # New Year's Day on a Friday
        (date(2026, 4, 1), 3, date(2026, 4, 8)),  # Good Friday and Easter Monday 2026
        (date(2027, 3, 25), 2, date(2027, 3, 31)),  # Easter 2027
        (date(2028, 2, 28), 1, date(2028, 2, 29)),  # 29 February in a leap year
        (date(2026, 8, 28), 1, date(2026, 9, 1)),  # late summer bank holiday, month end
    ],
)
def test_due_date_counts_working_days_in_england_and_wales(start, days, due):
    assert rules.due_date(start, days, HOLIDAYS) == due


def test_bank_holidays_come_from_the_library_not_a_list_typed_here():
    assert date(2026, 12, 28) in HOLIDAYS  # Boxing Day observed
    assert date(2027, 3, 26) in HOLIDAYS  # Good Friday 2027
    assert date(2026, 3, 17) not in HOLIDAYS  # St Patrick's Day is Northern Ireland only


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError, match="negative"):
        rules.due_date(date(2026, 1, 5), -1, HOLIDAYS)


@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 1)),
    days=st.integers(min_value=1, max_value=40),
)
def test_the_due_date_is_a_working_day_exactly_n_working_days_on(start, days):
    due = rules.due_date(start, days, HOLIDAYS)
    assert rules.is_working_day(due, HOLIDAYS)
    assert rules.working_days_between(start, due, HOLIDAYS) == days
    assert rules.working_days_between(start, due - timedelta(days=1), HOLIDAYS) == days - 1


def _org(name="Org", kind="school", area="kent", specified=False, health=False):
    return rules.OrgFacts(name, kind, area, specified, health)


PARTNERSHIP = _org("Partnership", "safeguarding_partnership")
SCHOOL = _org("Riverside Academy", "school")
PCC = _org("Kent PCC", "local_policing_body")
POLICE = _org("Kent Police", "police", specified=True)
NHS = _org("Kent NHS Trust", "health", specified=True, health=True)
CSC = _org("Kent Children's Services", "la_childrens_social_care", specified=True, health=True)
VOLUNTARY = _org("Youth club", "voluntary")


def _check(code, requester, recipient, invoked_by=(), may_be_asked=(), **facts):
    return rules.gateway_violations(
        code=code,
        gateway_name=code,
        invoked_by=invoked_by,
        may_be_asked=may_be_asked,
        requester=requester,
        recipient=recipient,
        facts=rules.RequestFacts(**facts),
    )


S14B_OK = {"scp_function": "cspr", "necessity": "Needed for the practice review of a death."}


@pytest.mark.parametrize(
    ("code", "requester", "recipient", "facts", "message"),
    [
        ("ca2004-s14b", PARTNERSHIP, SCHOOL, S14B_OK, None),
        ("ca2004-s14b", POLICE, SCHOOL, S14B_OK, "Only the safeguarding children partnership"),
        (
            "ca2004-s14b",
            PARTNERSHIP,
            SCHOOL,
            {"necessity": "x"},
            "must name the partnership function",
        ),
        (
            "ca2004-s14b",
            PARTNERSHIP,
            SCHOOL,
            {"scp_function": "other", "necessity": "x"},
            "must name the partnership function",
        ),
        (
            "ca2004-s14b",
            PARTNERSHIP,
            SCHOOL,
            {"scp_function": "cdr"},
            "must say why the information is needed",
        ),
        ("pcsc2022-s17", PCC, SCHOOL, {"for_svd_functions": True}, None),
        ("pcsc2022-s17", PCC, POLICE, {"for_svd_functions": True}, None),
        ("pcsc2022-s17", POLICE, SCHOOL, {"for_svd_functions": True}, "only a local policing body"),
        ("pcsc2022-s17", PCC, VOLUNTARY, {"for_svd_functions": True}, "is not one"),
        (
            "pcsc2022-s17",
            PCC,
            _org("Essex school", area="essex"),
            {"for_svd_functions": True},
            "police force area",
        ),
        (
            "pcsc2022-s17",
            PCC,
            SCHOOL,
            {"for_svd_functions": False},
            "Serious Violence Duty functions",
        ),
        ("pcsc2022-s16", POLICE, SCHOOL, {}, None),
        ("pcsc2022-s16", POLICE, VOLUNTARY, {}, "Youth club is not one"),
        (
            "pcsc2022-s16",
            POLICE,
            NHS,
            {"includes_personal_information": True},
            "does not authorise Kent NHS Trust",
        ),
        (
            "pcsc2022-s16",
            POLICE,
            CSC,
            {"includes_personal_information": True},
            "health or social care authority",
        ),
        ("pcsc2022-s16", POLICE, NHS, {"includes_personal_information": False}, None),
        (
            "pcsc2022-s16",
            SCHOOL,
            POLICE,
            {"includes_patient_information": True},
            "patient information",
        ),
        ("ca1989-s17-s47", CSC, SCHOOL, {"ca1989_section": "s47"}, None),
        ("ca1989-s17-s47", CSC, SCHOOL, {}, "s17 (child in need) or s47"),
    ],
)
def test_gateway_rules(code, requester, recipient, facts, message):
    problems = _check(code, requester, recipient, **facts)
    if message is None:
        assert problems == []
    else:
        assert any(message in problem for problem in problems), problems


def test_a_gateway_limited_to_some_bodies_refuses_others():
    problems = _check("cda1998-s115", VOLUNTARY, SCHOOL, invoked_by=["police"])
    assert problems == [
        "cda1998-s115 cannot be used by Youth club: "
        "it is not a kind of body that may make this request."
    ]
