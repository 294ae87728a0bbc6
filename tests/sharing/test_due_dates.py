from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sharing import rules
from sharing.models import Gateway

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


def test_a_gateway_gives_its_own_response_time_for_each_urgency():
    gateway = Gateway(routine_working_days=10, urgent_working_days=2)
    monday = date(2026, 11, 16)
    assert gateway.due_on(monday, "routine", HOLIDAYS) == date(2026, 11, 30)
    assert gateway.due_on(monday, "urgent", HOLIDAYS) == date(2026, 11, 18)
    assert gateway.due_on(monday, "emergency", HOLIDAYS) == monday
