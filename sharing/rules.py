"""Pure policy of the sharing framework: no database, no settings, no clock."""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from .roles import Role

# Organisation kinds whose default is "specified authority" under the Serious
# Violence Duty (PCSC Act 2022 s11 and Schedule 1): chief officers of police,
# probation, youth offending teams, integrated care boards, local authorities,
# fire and rescue authorities. Educational, prison and youth custody authorities
# and local policing bodies have duties under the Act but are not "specified".
SVD_SPECIFIED_KINDS = frozenset(
    {
        "la_childrens_social_care",
        "police",
        "probation",
        "youth_offending_team",
        "health",
        "fire_and_rescue",
    }
)

# Kinds that are health or social care authorities: s16 of the PCSC Act 2022
# does not authorise them to disclose personal (or patient) information.
HEALTH_OR_SOCIAL_CARE_KINDS = frozenset({"la_childrens_social_care", "health"})


def is_svd_specified_by_kind(kind: str) -> bool:
    return kind in SVD_SPECIFIED_KINDS


def is_health_or_social_care_by_kind(kind: str) -> bool:
    return kind in HEALTH_OR_SOCIAL_CARE_KINDS


def resolve_flag(override: bool | None, derived: bool) -> bool:
    """An administrator's explicit answer wins; otherwise the kind decides."""
    return derived if override is None else override


# --- Working days: the gateways' response times (seed 000 §7) ----------------------


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def due_date(start: date, working_days: int, holidays: Collection[date]) -> date:
    """The day of receipt (or sending) is day 0; the due date is the Nth working
    day after it (Monday to Friday, not a bank holiday). With N = 0 the request
    is due the day it arrives."""
    if working_days < 0:
        raise ValueError("working_days cannot be negative")
    day = start
    remaining = working_days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, holidays: Collection[date]) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if
    ``end`` is earlier): how long is left, or how overdue."""
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return sign * count


def response_due_on(
    started_on: date,
    urgency: str,
    *,
    routine_working_days: int,
    urgent_working_days: int,
    holidays: Collection[date],
) -> date:
    """When an answer is due under a gateway: its routine or urgent response
    time in working days, or the same day in an emergency. ``urgency`` is a
    request's urgency ("routine", "urgent" or "emergency")."""
    days = {
        "routine": routine_working_days,
        "urgent": urgent_working_days,
        "emergency": 0,
    }.get(urgency)
    if days is None:
        raise ValueError(f"{urgency!r} is not an urgency")
    return due_date(started_on, days, holidays)


def england_and_wales_bank_holidays(years: Iterable[int]) -> frozenset[date]:
    """Bank holidays in England and Wales (the same days in both), from the
    maintained ``holidays`` library, observed dates included."""
    return _bank_holidays(tuple(sorted(set(years))))


def holidays_around(day: date) -> frozenset[date]:
    """The bank holidays of the year before ``day`` to two years after it:
    enough for any due date counted from, or up to, that day."""
    return england_and_wales_bank_holidays(range(day.year - 1, day.year + 3))


@cache
def _bank_holidays(years: tuple[int, ...]) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=list(years)).keys())


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str


# What each role may use, in the order it appears in the navigation. A role
# sees a link only if one of its roles lists it: nobody is shown a door they
# cannot open.
_NAV_BY_ROLE: dict[Role, tuple[NavItem, ...]] = {
    Role.UNIT_STAFF: (
        NavItem("Cases", "cases:case_list"),
        NavItem("People", "cases:person_search"),
        NavItem("Requests", "requests:dashboard"),
        NavItem("Decisions", "decisions:decision_list"),
        NavItem("Moving files", "cases:transfer_list"),
    ),
    Role.MANAGER: (
        NavItem("Cases", "cases:case_list"),
        NavItem("Decisions", "decisions:decision_list"),
        NavItem("Break-glass", "cases:break_glass"),
        NavItem("Break-glass review", "cases:break_glass_review"),
        NavItem("Access changes", "access_changes"),
        NavItem("Statistics", "reports:overview"),
        NavItem("Moving files", "cases:transfer_list"),
    ),
    Role.SCPO: (
        NavItem("Inbox", "requests:inbox"),
        # A school's lead keeps the school's own child protection files.
        NavItem("Cases", "cases:case_list"),
        NavItem("Decisions", "decisions:decision_list"),
        NavItem("Moving files", "cases:transfer_list"),
        NavItem("Term dates", "cases:term_dates"),
    ),
    Role.DPO: (
        NavItem("Retention", "retention:dashboard"),
        NavItem("Subject access", "subject_access:list"),
        NavItem("Decisions", "decisions:decision_list"),
        NavItem("Break-glass review", "cases:break_glass_review"),
        NavItem("Access changes", "access_changes"),
        NavItem("Statistics", "reports:overview"),
    ),
    Role.ADMINISTRATOR: (NavItem("Administration", "admin:index"),),
    Role.BUSINESS_MANAGER: (NavItem("Statistics", "reports:overview"),),
}

_ALWAYS = (NavItem("Home", "home"),)
_ACCOUNT = (NavItem("Account security", "account"),)


def navigation_for(roles: Iterable[str]) -> list[NavItem]:
    """The navigation for a user holding ``roles`` (group names)."""
    items: list[NavItem] = list(_ALWAYS)
    held = set(roles)
    for role in Role:
        if role.value in held:
            for item in _NAV_BY_ROLE[role]:
                if item not in items:
                    items.append(item)
    items.extend(_ACCOUNT)
    return items


def home_sections(roles: Iterable[str]) -> list[Role]:
    """The home page has one section per role held, in a fixed order."""
    held = set(roles)
    return [role for role in Role if role.value in held]


# A request is "due soon" when two working days or fewer are left (the status
# tag and the home pages say the same).
DUE_SOON_WORKING_DAYS = 2


def due_soon_until(today: date, holidays: Collection[date]) -> date:
    """The last due date still "due soon" on ``today``: every date from today to
    this one has at most DUE_SOON_WORKING_DAYS working days left, so a home page
    counts them with one range instead of a working-day sum per request."""
    last = due_date(today, DUE_SOON_WORKING_DAYS, holidays)
    # The days after the Nth working day that are not working days (a weekend,
    # a bank holiday) still leave only N working days.
    while not is_working_day(last + timedelta(days=1), holidays):
        last += timedelta(days=1)
    return last
