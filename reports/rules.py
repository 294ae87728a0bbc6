"""The statistics' rules, as pure functions: reporting periods and quarters,
the gateway families the annual report counts by, and the disclosure control
that keeps anyone from being identified from a figure.

Disclosure control, as official statistics do it (the ONS and the DfE's
children's social care releases):

- primary suppression: a count from 1 to 4 is shown as "fewer than 5";
  0 is shown (nothing to identify);
- secondary suppression: a total whose parts include a hidden count would let
  anyone subtract the parts shown and find it. A table's own total is rounded
  to the nearest 10 ("about 130"), or not shown where even the rounded total
  pins a hidden count down to one possible value. Where several tables split
  the same total (requests by gateway, by direction, by quarter), any table
  with nothing hidden gives the exact total away by adding up, so there the
  total is shown and the smallest figure beside a hidden one is hidden too
  ("not shown") until no hidden count can be worked out;
- a percentage or a median is shown only when it rests on at least 5 records,
  and a percentage only when neither its part nor the rest is 1 to 4 (98% of
  100 would say "2");
- rounding is half up (125 is "about 130").

Nothing here imports Django: dates, holidays and counts are passed in."""

import statistics
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sharing.rules import is_working_day

SMALLEST_SHOWN = 5
ROUND_TOTALS_TO = 10
FEWER_THAN = f"fewer than {SMALLEST_SHOWN}"
NOT_SHOWN = "not shown"
TOO_FEW = "too few to show"

# The partnership's reporting year runs from 1 April (the financial year its
# partners budget and report by).
YEAR_STARTS_MONTH = 4


# --- Periods and quarters -------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period ends on or after the day it starts.")

    @property
    def label(self) -> str:
        return f"{long_date(self.start)} to {long_date(self.end)}"

    @property
    def slug(self) -> str:
        """For a download's file name: dates only."""
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def reporting_year(day: date) -> Period:
    """The reporting year (1 April to 31 March) that ``day`` falls in."""
    first = day.year if day.month >= YEAR_STARTS_MONTH else day.year - 1
    return Period(
        date(first, YEAR_STARTS_MONTH, 1), date(first + 1, YEAR_STARTS_MONTH, 1) - timedelta(days=1)
    )


def quarter_start(day: date) -> date:
    """The first day of the calendar quarter ``day`` falls in (April, July,
    October and January start the reporting year's quarters too)."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarters_in(period: Period) -> list[date]:
    """The first day of every quarter the period touches, in order."""
    starts = []
    current = quarter_start(period.start)
    while current <= period.end:
        starts.append(current)
        month = current.month + 3
        current = date(current.year + (month > 12), (month - 1) % 12 + 1, 1)
    return starts


def quarter_label(start: date) -> str:
    """ "April to June 2026"; a quarter that spans no new year has one year."""
    last_month = date(start.year, start.month + 2, 1)
    return f"{start:%B} to {last_month:%B %Y}"


# --- The gateway families the report counts by ------------------------------------------


class GatewayFamily(StrEnum):
    SCP_POWER = "Children Act 2004 s14B / s16H (partnership requires information)"
    SVD_S16 = "PCSC Act 2022 s16 (Serious Violence Duty disclosure)"
    SVD_S17 = "PCSC Act 2022 s17 (Serious Violence Duty request)"
    CA1989 = "Children Act 1989 s17 / s47"
    DVDS = "Domestic Violence Disclosure Scheme"
    CSODS = "Child Sex Offender Disclosure Scheme"
    OTHER = "Other gateways"


_FAMILY_BY_CODE = {
    "ca2004-s14b": GatewayFamily.SCP_POWER,
    "ca2004-s16h": GatewayFamily.SCP_POWER,
    "pcsc2022-s16": GatewayFamily.SVD_S16,
    "pcsc2022-s17": GatewayFamily.SVD_S17,
    "ca1989-s17-s47": GatewayFamily.CA1989,
    "dvds-right-to-ask": GatewayFamily.DVDS,
    "dvds-right-to-know": GatewayFamily.DVDS,
    "csods": GatewayFamily.CSODS,
}


def gateway_family(code: str) -> GatewayFamily:
    """The family a gateway (by its fixed code) is counted in."""
    return _FAMILY_BY_CODE.get(code, GatewayFamily.OTHER)


# --- Disclosure control -------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A figure as it may be published. ``value`` is the number a chart may
    draw (None when the figure is hidden); the true count of a hidden figure
    is not kept, so nothing downstream (page, CSV, PDF) can print it."""

    text: str
    value: int | None
    hidden: bool = False
    rounded: bool = False


def _number(n: int) -> str:
    return f"{n:,}"


def primary(count: int) -> Cell:
    """A count as shown on its own: 1 to 4 becomes "fewer than 5"."""
    if count < 0:
        raise ValueError("A count is never negative.")
    if 0 < count < SMALLEST_SHOWN:
        return Cell(FEWER_THAN, None, hidden=True)
    return Cell(_number(count), count)


def round_half_up(n: int, base: int = ROUND_TOTALS_TO) -> int:
    return ((n + base // 2) // base) * base


@dataclass(frozen=True)
class Protected:
    tables: list[list[Cell]]
    total: Cell


# What a reader can know of a hidden figure: a primary one is 1 to 4; a
# secondary one (hidden so that a primary one cannot be worked out) is 5 or
# more, up to the total.
_PRIMARY = (1, SMALLEST_SHOWN - 1)


def _pins(domains: Sequence[tuple[int, int]], window: tuple[int, int]) -> bool:
    """Whether hidden figures with these ranges, known to sum to a number
    within ``window``, leave any one of them a single possible value."""
    if not domains:
        return False
    least_sum, most_sum = sum(lo for lo, _ in domains), sum(hi for _, hi in domains)
    low, high = max(window[0], least_sum), min(window[1], most_sum)
    for lo, hi in domains:
        least = max(lo, low - (most_sum - hi))
        most = min(hi, high - (least_sum - lo))
        if least >= most:
            return True
    return False


def _protect_table(parts: Sequence[int], window: tuple[int, int]) -> list[Cell]:
    """Cells of one table whose hidden figures sum to the total (known within
    ``window``) less the figures shown. While a hidden figure could be worked
    out, the smallest figure still shown is hidden too (secondary suppression);
    if nothing is left to hide, nothing of the table is shown."""
    secondary: set[int] = set()

    def domains() -> list[tuple[int, int]]:
        return [
            _PRIMARY if i not in secondary else (SMALLEST_SHOWN, max(window[1], SMALLEST_SHOWN))
            for i, n in enumerate(parts)
            if 0 < n < SMALLEST_SHOWN or i in secondary
        ]

    def shown_sum() -> int:
        return sum(n for i, n in enumerate(parts) if not (0 < n < SMALLEST_SHOWN or i in secondary))

    while _pins(domains(), (window[0] - shown_sum(), window[1] - shown_sum())):
        candidates = [i for i, n in enumerate(parts) if n >= SMALLEST_SHOWN and i not in secondary]
        if not candidates:
            return [Cell(NOT_SHOWN, None, hidden=True) for _ in parts]
        secondary.add(min(candidates, key=lambda i: (parts[i], i)))
    return [
        Cell(NOT_SHOWN, None, hidden=True) if i in secondary else primary(n)
        for i, n in enumerate(parts)
    ]


def protect(tables: Sequence[Sequence[int]], total: int | None = None) -> Protected:
    """Cells for each table and the one total they all split (each table's
    parts sum to it; ``total`` defaults to the first table's sum).

    One table alone: its total is the only place the total appears, so where
    a part is hidden the total is rounded to the nearest 10, or not shown if
    even that would give a hidden part away.

    Several tables splitting one total (requests by gateway, by direction, by
    quarter): a table with nothing hidden shows the exact total by adding up,
    so rounding it elsewhere would protect nothing. The total is shown, and in
    each table a hidden figure that could be worked out from it has the
    smallest figure shown beside it hidden too."""
    if total is None:
        total = sum(tables[0]) if tables else 0
    for parts in tables:
        if sum(parts) != total:
            raise ValueError("Each table must split the same total.")
    any_hidden = any(0 < n < SMALLEST_SHOWN for parts in tables for n in parts)
    if not any_hidden:
        return Protected([[primary(n) for n in parts] for parts in tables], primary(total))
    if 0 < total < SMALLEST_SHOWN:
        shown, window = Cell(FEWER_THAN, None, hidden=True), _PRIMARY
    elif len(tables) > 1:
        shown, window = primary(total), (total, total)
    else:
        rounded = round_half_up(total)
        half = ROUND_TOTALS_TO // 2
        shown = Cell(f"about {_number(rounded)}", rounded, rounded=True)
        window = (rounded - half, rounded + half - 1)
        if _pins(
            [_PRIMARY] * sum(0 < n < SMALLEST_SHOWN for n in tables[0]),
            (
                window[0] - sum(n for n in tables[0] if n >= SMALLEST_SHOWN),
                window[1] - sum(n for n in tables[0] if n >= SMALLEST_SHOWN),
            ),
        ):
            shown = Cell(NOT_SHOWN, None, hidden=True)
        return Protected([[primary(n) for n in tables[0]]], shown)
    return Protected([_protect_table(parts, window) for parts in tables], shown)


def sum_of(parts: Sequence[Cell]) -> Cell:
    """A figure that adds up others already protected together in one table
    (the declined answers, of the declines by reason): shown when every part
    is shown, otherwise not shown. It tells nothing their table did not, as it
    is that table seen coarser; its true value is never needed, so a hidden
    part's value cannot leak through it. Not "fewer than 5" even when it is:
    that would say the hidden parts add up to under 5, which can pin them."""
    if any(cell.hidden or cell.value is None for cell in parts):
        return Cell(NOT_SHOWN, None, hidden=True)
    return primary(sum(cell.value or 0 for cell in parts))


def share(part: int, whole: int) -> Cell:
    """``part`` as a whole-number percentage of ``whole``, or why not."""
    if whole < SMALLEST_SHOWN:
        return Cell(TOO_FEW, None, hidden=True)
    if 0 < part < SMALLEST_SHOWN or 0 < whole - part < SMALLEST_SHOWN:
        return Cell(NOT_SHOWN, None, hidden=True)
    percent = (200 * part + whole) // (2 * whole)  # half up, in integers
    return Cell(f"{percent}%", percent)


def median(values: Sequence[float], unit: str, places: int = 0) -> Cell:
    """The median of at least 5 values, with its unit ("3 working days")."""
    if len(values) < SMALLEST_SHOWN:
        return Cell(TOO_FEW, None, hidden=True)
    middle = round(statistics.median(values), places)
    text = f"{middle:,.{places}f}" if places else _number(int(middle))
    plural = unit if text in {"1", "1.0", "-1"} else unit + "s"
    return Cell(f"{text} {plural}", int(middle))


def weighted_values(groups: Iterable[tuple[float, int]]) -> list[float]:
    """Values counted in groups ((value, how many)) spread out again, for a median."""
    values: list[float] = []
    for value, count in groups:
        values.extend([value] * count)
    return values


# --- Working days ---------------------------------------------------------------------------


def working_day_numbers(first: date, last: date, holidays: Collection[date]) -> dict[date, int]:
    """Each day from ``first`` to ``last`` numbered by the working days up to
    it, so the working days between two days is a subtraction (the same
    count as sharing.rules.working_days_between, without a walk per pair)."""
    numbers: dict[date, int] = {}
    count = 0
    day = first
    while day <= last:
        if is_working_day(day, holidays):
            count += 1
        numbers[day] = count
        day += timedelta(days=1)
    return numbers
