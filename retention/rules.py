"""Pure retention date rules: no database, no clock; tested as tables."""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, kept within the target month
    (31 January + 1 month is 28 or 29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def birthday(date_of_birth: date, age: int) -> date:
    """The day a person reaches ``age``. Someone born on 29 February reaches it
    on 1 March in a year that is not a leap year (Family Law Reform Act 1969 s9,
    as the anniversary begins once 28 February ends)."""
    year = date_of_birth.year + age
    if date_of_birth.month == 2 and date_of_birth.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return date_of_birth.replace(year=year)


def school_year_end(day: date) -> date:
    """The 31 August that ends the school year (1 September to 31 August) containing ``day``."""
    return date(day.year + 1 if day.month >= 9 else day.year, 8, 31)


def school_record_disposal_date(date_of_birth: date) -> date:
    """Seed 000 §7: a school's secondary SCP case records are kept no longer than
    the end of the school year following the pupil's 25th birthday: the 31
    August that ends the school year after the one containing that birthday."""
    end_of_birthday_year = school_year_end(birthday(date_of_birth, 25))
    return end_of_birthday_year.replace(year=end_of_birthday_year.year + 1)


@dataclass(frozen=True)
class RuleFacts:
    trigger: str  # case_closed, request_closed, date_of_birth, review_date, created
    period_months: int
    action: str  # review or dispose
    school_year_rule: bool = False


def due_date(rule: RuleFacts, trigger_date: date | None) -> date | None:
    """When a record falls due under a rule, or None while its trigger has not
    happened (an open case has no closure date)."""
    if trigger_date is None:
        return None
    if rule.school_year_rule:
        return school_record_disposal_date(trigger_date)
    return add_months(trigger_date, rule.period_months)


def next_review_allowed(today: date, proposed: date, max_months: int) -> bool:
    """A decision to retain sets a next review within the rule's maximum
    interval: indefinite retention is allowed only with regular review."""
    return today < proposed <= add_months(today, max_months)


# --- Subject access (UK GDPR Art 15) -------------------------------------------

# ICO, "Time limits for responding to data protection rights requests": a
# month, extendable "by a further two months" for complex or numerous requests.
SUBJECT_ACCESS_MAX_EXTENSION_MONTHS = 2


def next_working_day(day: date, holidays: Iterable[date]) -> date:
    """``day`` itself when it is a working day, otherwise the next one
    (Saturday, Sunday and bank holidays are not)."""
    closed = set(holidays)
    while day.weekday() >= 5 or day in closed:
        day += timedelta(days=1)
    return day


def subject_access_due(received_on: date, holidays: Iterable[date]) -> date:
    """When a subject access request must be answered (UK GDPR Art 12(3), as
    the ICO reads it): from the day of receipt to the corresponding calendar
    date in the next month; the last day of that month when it has no such
    date (31 January: 28 or 29 February); and when that date falls on a
    weekend or a bank holiday, the next working day."""
    return next_working_day(add_months(received_on, 1), holidays)


def subject_access_extended_due(received_on: date, months: int, holidays: Iterable[date]) -> date:
    """The due date extended by ``months`` further months (one or two), counted
    the same way from the day of receipt."""
    if not 1 <= months <= SUBJECT_ACCESS_MAX_EXTENSION_MONTHS:
        raise ValueError("a subject access request is extended by one or two further months")
    return next_working_day(add_months(received_on, 1 + months), holidays)


def subject_access_extension_in_time(
    received_on: date, told_on: date, holidays: Iterable[date]
) -> bool:
    """An extension stands only if the requester is told of it, with the
    reasons, within the first month (Art 12(3)): on or before the first due date."""
    return received_on <= told_on <= subject_access_due(received_on, holidays)
