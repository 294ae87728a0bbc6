"""KCSIE's due date for a child protection file: the fifth school day after the
new setting was confirmed; weekends, bank holidays and the sending school's
holidays are not school days."""

from datetime import date

import pytest

from cases import rules
from sharing.rules import england_and_wales_bank_holidays

BANK = england_and_wales_bank_holidays([2026, 2027])
# A school's holidays in 2026-27, as its lead records them.
OCTOBER_HALF_TERM = rules.days_in_ranges([(date(2026, 10, 26), date(2026, 10, 30))])
SUMMER_2026 = rules.days_in_ranges([(date(2026, 7, 22), date(2026, 9, 2))])
CHRISTMAS = rules.days_in_ranges([(date(2026, 12, 19), date(2027, 1, 4))])


@pytest.mark.parametrize(
    ("confirmed_on", "days_off", "due"),
    [
        # An ordinary week: Monday, so due the Monday after (Tue-Fri, Mon).
        pytest.param(date(2026, 11, 9), BANK, date(2026, 11, 16), id="ordinary-week"),
        # Confirmed on a Friday: the weekend does not count.
        pytest.param(date(2026, 11, 13), BANK, date(2026, 11, 20), id="confirmed-on-a-friday"),
        # Confirmed on a Saturday: day one is the Monday.
        pytest.param(date(2026, 11, 14), BANK, date(2026, 11, 20), id="confirmed-at-the-weekend"),
        # The early May bank holiday (4 May 2026) is not a school day.
        pytest.param(date(2026, 4, 30), BANK, date(2026, 5, 8), id="bank-holiday"),
        # Confirmed in the summer holiday: due on the fifth day of the new
        # term (back on Thursday 3 September: 3, 4, 7, 8, 9).
        pytest.param(date(2026, 8, 10), BANK | SUMMER_2026, date(2026, 9, 9), id="summer-holiday"),
        # Confirmed the last school day before half-term: the half-term week
        # is skipped (2, 3, 4, 5, 6 November).
        pytest.param(
            date(2026, 10, 23),
            BANK | OCTOBER_HALF_TERM,
            date(2026, 11, 6),
            id="day-before-half-term",
        ),
        # Without the school's calendar the half-term week would have counted.
        pytest.param(date(2026, 10, 23), BANK, date(2026, 10, 30), id="no-calendar-no-half-term"),
        # Across Christmas and the New Year bank holidays.
        pytest.param(date(2026, 12, 17), BANK | CHRISTMAS, date(2027, 1, 8), id="across-christmas"),
    ],
)
def test_cp_file_transfer_due(confirmed_on, days_off, due):
    assert rules.cp_file_transfer_due(confirmed_on, days_off) == due


def test_the_due_date_is_always_a_school_day_five_school_days_on():
    off = BANK | SUMMER_2026 | OCTOBER_HALF_TERM
    day = date(2026, 7, 1)
    while day < date(2026, 12, 1):
        due = rules.cp_file_transfer_due(day, off)
        assert rules.is_school_day(due, off)
        between = rules.days_in_ranges([(day, due)]) - {day}
        assert sum(rules.is_school_day(d, off) for d in between) == rules.CP_FILE_SCHOOL_DAYS
        day = date.fromordinal(day.toordinal() + 1)


def test_a_calendar_that_closes_the_school_for_a_year_is_refused_not_looped_on():
    everything = rules.days_in_ranges([(date(2026, 1, 1), date(2028, 1, 1))])
    with pytest.raises(ValueError, match="No school days"):
        rules.cp_file_transfer_due(date(2026, 3, 2), everything)


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter_sunday(year, easter):
    assert rules.easter_sunday(year) == easter


def test_the_typical_england_calendar_has_six_holidays_and_a_summer_into_september():
    calendar = rules.typical_england_calendar(2026)
    assert [name for name, _, _ in calendar] == [
        "October half-term",
        "Christmas holiday",
        "February half-term",
        "Easter holiday",
        "May half-term",
        "Summer holiday",
    ]
    for _name, first, last in calendar:
        assert first <= last
    assert calendar[0][1:] == (date(2026, 10, 26), date(2026, 10, 30))
    assert calendar[-1][1:] == (date(2027, 7, 22), date(2027, 9, 2))
    # Easter Sunday 2027 (28 March) falls inside the Easter holiday.
    assert calendar[3][1] < date(2027, 3, 28) < calendar[3][2]


@pytest.mark.parametrize(
    ("due_on", "today", "escalates"),
    [
        (date(2026, 11, 2), date(2026, 11, 6), False),
        (date(2026, 11, 2), date(2026, 11, 7), True),
        (date(2026, 11, 2), date(2026, 11, 20), True),
    ],
)
def test_an_overdue_file_escalates_after_the_set_number_of_days(due_on, today, escalates):
    assert rules.transfer_escalates(due_on, today, 5) is escalates
