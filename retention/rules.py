"""Pure retention date rules: no database, no clock; tested as tables."""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple


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
    trigger: str  # case_closed, request_closed, date_of_birth, alleged_dob, last_activity, ...
    period_months: int
    action: str  # review, dispose or keep
    school_year_rule: bool = False
    # Child in need: also this many months without activity (0: not used).
    inactivity_months: int = 0
    # Looked after: if the child died before 18, this many months from the death instead.
    died_before_18_months: int = 0
    # A trigger that never comes: review this long after the last activity (0: never).
    fallback_months: int = 0


@dataclass(frozen=True)
class RecordDates:
    """What a record's rule is counted from. All optional: a record may have
    no date of birth, may never close."""

    trigger: date | None
    last_activity: date | None = None
    date_of_birth: date | None = None
    date_of_death: date | None = None


class Due(NamedTuple):
    on: date | None
    # True when the trigger never came and the record is reviewed a set time
    # after its last activity instead: always a review, never a disposal.
    by_fallback: bool = False


BIRTH_TRIGGERS = frozenset({"date_of_birth", "alleged_dob"})


def _from_trigger(rule: RuleFacts, trigger: date) -> date:
    if rule.school_year_rule:
        return school_record_disposal_date(trigger)
    if rule.trigger in BIRTH_TRIGGERS and rule.period_months % 12 == 0:
        # "75 years from date of birth" is a birthday: 29 February's falls on 1 March.
        return birthday(trigger, rule.period_months // 12)
    return add_months(trigger, rule.period_months)


def due(rule: RuleFacts, dates: RecordDates) -> Due:
    """When a record falls due under a rule.

    - Looked after (``died_before_18_months``): a child who died before 18 is
      counted from the death (15 years), not from birth.
    - Child in need (``inactivity_months``): not before the rule's date (the
      18th birthday plus the period) nor before that many months without activity.
    - A trigger that never comes (a case never closed, a subject with no date of
      birth) is reviewed ``fallback_months`` after the last activity, so nothing
      sits for ever unseen."""
    dob, death = dates.date_of_birth, dates.date_of_death
    if rule.died_before_18_months and dob and death and death < birthday(dob, 18):
        return Due(add_months(death, rule.died_before_18_months))
    if dates.trigger is None:
        if rule.fallback_months and dates.last_activity is not None:
            return Due(add_months(dates.last_activity, rule.fallback_months), by_fallback=True)
        return Due(None)
    on = _from_trigger(rule, dates.trigger)
    if rule.inactivity_months and dates.last_activity is not None:
        on = max(on, add_months(dates.last_activity, rule.inactivity_months))
    return Due(on)


def due_date(rule: RuleFacts, trigger_date: date | None) -> date | None:
    """When a record falls due under a rule, or None while its trigger has not
    happened (and the rule has no fallback)."""
    return due(rule, RecordDates(trigger_date)).on


def longest(dues: list[tuple[int, Due]]) -> tuple[int, Due] | None:
    """Retention follows the longest: of the rules that fit a record (rule id and
    its due date), the one keeping it longest. A rule whose date cannot be
    worked out yet keeps the record until it can, so it wins."""
    if not dues:
        return None
    undetermined = [each for each in dues if each[1].on is None]
    if undetermined:
        return undetermined[0]
    return max(dues, key=lambda each: (each[1].on, -each[0]))


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
