"""The subject access due date, as the ICO counts it (UK GDPR Art 12(3)):
to the corresponding calendar date next month, the month's last day when it
has none, and the next working day when that is a weekend or bank holiday."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retention import rules
from sharing.rules import england_and_wales_bank_holidays

HOLIDAYS = england_and_wales_bank_holidays(range(2023, 2031))


@pytest.mark.parametrize(
    ("received_on", "due_on"),
    [
        # The corresponding date next month.
        (date(2026, 7, 14), date(2026, 8, 14)),
        # 31 January: February has no 31st, so its last day.
        (date(2025, 1, 31), date(2025, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),
        # ... and when that last day is a Saturday, the Monday after.
        (date(2026, 1, 31), date(2026, 3, 2)),
        # 31 March: 30 April.
        (date(2026, 3, 31), date(2026, 4, 30)),
        # 29 February: 29 March 2024 was Good Friday, then a weekend and Easter
        # Monday, so Tuesday 2 April.
        (date(2024, 2, 29), date(2024, 4, 2)),
        (date(2028, 2, 29), date(2028, 3, 29)),
        # A bank holiday: 4 May 2026 is the early May bank holiday.
        (date(2026, 4, 4), date(2026, 5, 5)),
        # Christmas Day 2026 is a Friday; Boxing Day's substitute is Monday 28th.
        (date(2026, 11, 25), date(2026, 12, 29)),
        # A weekend: 3 October 2026 is a Saturday.
        (date(2026, 9, 3), date(2026, 10, 5)),
        (date(2026, 7, 15), date(2026, 8, 17)),
    ],
)
def test_subject_access_due(received_on, due_on):
    assert rules.subject_access_due(received_on, HOLIDAYS) == due_on


def test_without_bank_holidays_only_weekends_move_the_date():
    assert rules.subject_access_due(date(2026, 4, 4), []) == date(2026, 5, 4)


@given(st.dates(min_value=date(2023, 1, 1), max_value=date(2029, 12, 31)))
def test_the_due_date_is_a_working_day_within_a_month_and_a_few_days(received_on):
    due = rules.subject_access_due(received_on, HOLIDAYS)
    assert due.weekday() < 5 and due not in HOLIDAYS
    assert rules.add_months(received_on, 1) <= due
    assert (due - rules.add_months(received_on, 1)).days <= 4


@pytest.mark.parametrize(
    ("received_on", "months", "due_on"),
    [
        (date(2026, 7, 14), 1, date(2026, 9, 14)),
        (date(2026, 7, 14), 2, date(2026, 10, 14)),
        # 30 November + 3 months: 28 February 2027 is a Sunday.
        (date(2026, 11, 30), 2, date(2027, 3, 1)),
    ],
)
def test_an_extension_adds_up_to_two_further_months(received_on, months, due_on):
    assert rules.subject_access_extended_due(received_on, months, HOLIDAYS) == due_on


@pytest.mark.parametrize("months", [0, 3, -1])
def test_an_extension_is_one_or_two_months(months):
    with pytest.raises(ValueError, match="one or two"):
        rules.subject_access_extended_due(date(2026, 7, 14), months, HOLIDAYS)


@pytest.mark.parametrize(
    ("told_on", "in_time"),
    [
        (date(2026, 7, 14), True),
        (date(2026, 8, 14), True),
        (date(2026, 8, 15), False),
        (date(2026, 7, 13), False),
    ],
)
def test_the_requester_is_told_of_an_extension_within_the_first_month(told_on, in_time):
    assert rules.subject_access_extension_in_time(date(2026, 7, 14), told_on, HOLIDAYS) is in_time
