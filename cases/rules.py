"""Pure rules for cases: identifiers, references, naming people whose identity
is protected, and reading history."""

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from sharing.roles import Role

# How long a manager's break-glass access to one case lasts before they must
# give a reason again.
BREAK_GLASS_DURATION = timedelta(hours=1)
BREAK_GLASS_MIN_REASON = 10
MONDAY, SATURDAY = 0, 5


def nhs_number_is_valid(value: str) -> bool:
    """NHS number: ten digits, the tenth a modulus 11 check digit (NHS Data
    Dictionary). Weights 10..2 over the first nine digits; 11 - (sum mod 11),
    where 11 means 0 and 10 means the number is invalid."""
    digits = value.replace(" ", "")
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


_UPN = re.compile(r"^[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]$")


def upn_is_well_formed(value: str) -> bool:
    """Unique pupil number (DfE): 13 characters, a check letter (no I, O or S),
    eleven digits, and a last character that is a digit, or a letter in a
    temporary UPN."""
    return bool(_UPN.match(value.strip().upper()))


def reference(prefix: str, year: int, number: int) -> str:
    """``SC-2026-000123``: a prefix, the year, and a serial that is never reused."""
    return f"{prefix}-{year}-{number:06d}"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


def changes_between(
    previous: Mapping[str, Any] | None, current: Mapping[str, Any], fields: Sequence[str]
) -> list[FieldChange]:
    """What changed from one history version to the next (all fields, for the first)."""
    if previous is None:
        return [FieldChange(f, None, current[f]) for f in fields if current[f] not in (None, "")]
    return [FieldChange(f, previous[f], current[f]) for f in fields if previous[f] != current[f]]


def may_review_access(roles: frozenset[str], user_org_id: int | None, case_org_id: int) -> bool:
    """Who may see a case's access log and break-glass record: the DPO, and a
    manager of the organisation that holds the case."""
    if Role.DPO.value in roles:
        return True
    return Role.MANAGER.value in roles and user_org_id is not None and user_org_id == case_org_id


def may_break_glass(roles: frozenset[str], user_org_id: int | None, case_org_id: int) -> bool:
    """Break-glass is for managers, and only into their own organisation's cases."""
    return Role.MANAGER.value in roles and user_org_id is not None and user_org_id == case_org_id


# --- Naming people (golden rule 5: identities to protect) --------------------

PROTECTED_IDENTITY = "A person whose identity is protected"


class Nameable(Protocol):
    pk: Any
    identity_protected: bool


@dataclass(frozen=True)
class ViewerContext:
    """What one page, export or PDF may show of people whose identity is
    protected. Made by ``masking_for``, the one place that decides it."""

    sees_protected: bool
    # People protected on this record only (a decision's identities to protect).
    protected_here: frozenset[int] = frozenset()


def masking_for(
    *, may_open_case: bool, leaves_the_team: bool = False, protected_here: Iterable[int] = ()
) -> ViewerContext:
    """The one rule for protected identities: a person whose identity is
    protected is named only to those who may open their case (the team
    working it), and never in what is read outside that team: a recipient's
    or school safeguarding officer's page, a secure export, a decision's
    record or PDF (the recipient may be sent them)."""
    return ViewerContext(
        sees_protected=may_open_case and not leaves_the_team,
        protected_here=frozenset(protected_here),
    )


# The two contexts most pages need: the team working the case, and anyone or
# anything outside it.
TEAM = masking_for(may_open_case=True)
OUTSIDE = masking_for(may_open_case=False, leaves_the_team=True)


def is_masked(person: Nameable, *, viewer_context: ViewerContext) -> bool:
    protected = person.identity_protected or person.pk in viewer_context.protected_here
    return protected and not viewer_context.sees_protected


def display_name(person: Nameable, *, viewer_context: ViewerContext) -> str:
    """The person's name, or the mask where this viewer may not see it."""
    if is_masked(person, viewer_context=viewer_context):
        return PROTECTED_IDENTITY
    return str(person)


# --- Redacting other people from what is sent to the person it is about -----

# Someone else named in a record sent to its subject (UK GDPR Art 15(4); DPA
# 2018 Sch 2 para 16): not named, unless they have agreed or the DPO decides it
# is reasonable, which the DPO does item by item.
THIRD_PARTY = "[another person]"


@dataclass(frozen=True)
class Named:
    first_name: str
    last_name: str
    other_names: str = ""
    identity_protected: bool = False


def _words(person: Named) -> set[str]:
    return {w for w in (person.first_name, person.last_name, *person.other_names.split()) if w}


def subject_access_redactions(subject: Named, others: Iterable[Named]) -> dict[str, str]:
    """What to replace in a record sent to ``subject``: each other person's
    full name, and each of their names that is not also the subject's own (a
    parent shares the child's surname; the child's own name stays). A person
    whose identity is protected is masked as everywhere else (golden rule 5);
    anyone else is a third party."""
    own = {w.casefold() for w in _words(subject)}
    redactions: dict[str, str] = {}
    for person in others:
        mask = PROTECTED_IDENTITY if person.identity_protected else THIRD_PARTY
        full = f"{person.first_name} {person.last_name}".strip()
        if full and full.casefold() != f"{subject.first_name} {subject.last_name}".casefold():
            redactions[full] = mask
        for word in _words(person):
            # A protected mask wins over a third party's for a shared name.
            if word.casefold() not in own and redactions.get(word) != PROTECTED_IDENTITY:
                redactions[word] = mask
    return redactions


def redact(text: str, redactions: Mapping[str, str]) -> str:
    """``text`` with each name in ``redactions`` replaced, whole words only,
    whatever the case, longest names first (a full name before its parts)."""
    if not text or not redactions:
        return text
    names = sorted(redactions, key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE
    )
    by_fold = {n.casefold(): redactions[n] for n in names}
    return pattern.sub(lambda m: by_fold[m.group(1).casefold()], text)


# --- Moving a child's file (Keeping Children Safe in Education) ---------------

# KCSIE: the child protection file goes "as soon as possible, and within 5
# school days for an in-year transfer or within the first 5 days of the start
# of a new term".
CP_FILE_SCHOOL_DAYS = 5
# An unreceived file is chased every school day from its due date, and the
# unit's managers are told once it is this many days overdue.
TRANSFER_ESCALATE_AFTER_DAYS = 5
# How long a one-time receipt link sent with an encrypted pack stays usable.
RECEIPT_LINK_DAYS = 30
# A calendar longer than this is not a term calendar (a typing error).
LONGEST_HOLIDAY_DAYS = 60
_SEARCH_LIMIT_DAYS = 400


def is_school_day(day: date, days_off: Collection[date]) -> bool:
    return day.weekday() < SATURDAY and day not in days_off


def cp_file_transfer_due(confirmed_on: date, days_off: Iterable[date]) -> date:
    """The date a child protection file must reach the new school by: the fifth
    school day after the day the new setting was confirmed. Weekends and every
    date in ``days_off`` (bank holidays, the sending school's holidays) are not
    school days, so a move confirmed in a holiday is due on the fifth day of the
    new term (KCSIE, "within the first 5 days of the start of a new term")."""
    off = frozenset(days_off)
    day, counted = confirmed_on, 0
    for _ in range(_SEARCH_LIMIT_DAYS):
        day += timedelta(days=1)
        if is_school_day(day, off):
            counted += 1
            if counted == CP_FILE_SCHOOL_DAYS:
                return day
    raise ValueError("No school days found: the term calendar closes the school for a year.")


def days_in_ranges(ranges: Iterable[tuple[date, date]]) -> frozenset[date]:
    """Every date inside the (first, last) ranges, both ends included."""
    days: set[date] = set()
    for first, last in ranges:
        day = first
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return frozenset(days)


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday of a month; n = -1 is the last."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def typical_england_calendar(autumn_year: int) -> list[tuple[str, date, date]]:
    """A typical English state school's holidays for the school year starting in
    September of ``autumn_year``: October half-term (the last week of October),
    Christmas, February half-term, Easter (the fortnight around Easter Sunday),
    May half-term (the week of the late May bank holiday) and the summer (from
    about 22 July to the first days of September). Schools change it to their
    own dates on the term dates page."""
    spring = autumn_year + 1
    october = _nth_weekday(autumn_year, 10, MONDAY, -1)
    february = _nth_weekday(spring, 2, MONDAY, 3)
    easter = easter_sunday(spring)
    may = _nth_weekday(spring, 5, MONDAY, -1)
    return [
        ("October half-term", october, october + timedelta(days=4)),
        ("Christmas holiday", date(autumn_year, 12, 20), date(spring, 1, 3)),
        ("February half-term", february, february + timedelta(days=4)),
        ("Easter holiday", easter - timedelta(days=6), easter + timedelta(days=5)),
        ("May half-term", may, may + timedelta(days=4)),
        ("Summer holiday", date(spring, 7, 22), date(spring, 9, 2)),
    ]


def transfer_escalates(due_on: date, today: date, after_days: int) -> bool:
    """Whether an unreceived file is overdue long enough to go to the unit's managers."""
    return (today - due_on).days >= after_days


# The gateway a transfer is recorded under, in the catalogue (seeded by
# cases/migrations/0005, which keeps its own copy; made again if missing).
TRANSFER_GATEWAY = {
    "code": "kcsie-cp-file-transfer",
    "name": "Keeping Children Safe in Education: child protection file transfer",
    "statute": "Education Act 2002 s175 and s157; Keeping Children Safe in Education; "
    "Working Together to Safeguard Children",
    "section": "KCSIE Part 2",
    "summary": "When a child moves school or local authority, the designated safeguarding "
    "lead (or the authority) sends the child protection file to the new setting, separately "
    "from the pupil file, securely, within 5 school days or the first 5 days of a new term, "
    "and gets confirmation of receipt. Public task; no consent required.",
    "invoked_by": ["school", "la_childrens_social_care", "safeguarding_partnership"],
    "may_be_asked": [],
    "recipient_must_comply": False,
    "restrictions": "Only to the receiving school, college or authority; protected "
    "identities masked; receipt confirmed.",
    "routine_working_days": 5,
    "urgent_working_days": 5,
}
