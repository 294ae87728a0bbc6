from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retention import rules


@pytest.mark.parametrize(
    ("date_of_birth", "disposal"),
    [
        # 25th birthday on 31 August ends a school year: dispose a year later.
        (date(2001, 8, 31), date(2027, 8, 31)),
        # 25th birthday on 1 September starts a new school year.
        (date(2001, 9, 1), date(2028, 8, 31)),
        (date(2001, 1, 15), date(2027, 8, 31)),
        (date(2001, 12, 25), date(2028, 8, 31)),
        # 29 February: 25th birthday on 1 March 2029 (not a leap year).
        (date(2004, 2, 29), date(2030, 8, 31)),
        # 29 February whose 25th birthday is in a leap year.
        (date(2008, 2, 29), date(2034, 8, 31)),
    ],
)
def test_school_record_disposal_date(date_of_birth, disposal):
    assert rules.school_record_disposal_date(date_of_birth) == disposal


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2025, 12, 31)))
def test_school_records_go_on_a_31_august_more_than_25_years_on(date_of_birth):
    disposal = rules.school_record_disposal_date(date_of_birth)
    assert (disposal.month, disposal.day) == (8, 31)
    assert (
        rules.birthday(date_of_birth, 25)
        < disposal
        <= rules.add_months(rules.birthday(date_of_birth, 25), 24)
    )


@pytest.mark.parametrize(
    ("day", "months", "result"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 8, 31), 12, date(2027, 8, 31)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 5, 15), 72, date(2032, 5, 15)),
    ],
)
def test_add_months_keeps_within_the_month(day, months, result):
    assert rules.add_months(day, months) == result


def test_an_open_case_is_not_due():
    rule = rules.RuleFacts(trigger="case_closed", period_months=72, action="review")
    assert rules.due_date(rule, None) is None
    assert rules.due_date(rule, date(2020, 3, 31)) == date(2026, 3, 31)


@pytest.mark.parametrize(
    ("proposed", "allowed"),
    [(date(2026, 11, 21), False), (date(2027, 11, 21), True), (date(2028, 11, 22), False)],
)
def test_retention_needs_a_next_review_within_the_rules_maximum(proposed, allowed):
    assert rules.next_review_allowed(date(2026, 11, 21), proposed, 24) is allowed
