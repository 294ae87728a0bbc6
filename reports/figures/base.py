"""What a family of figures is made of (sections, tables, measures) and the
helpers every family uses; the families are registered in __init__."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from sharing.models import OrganisationKind

from ..rules import Cell, Period, primary, protect, quarter_label, quarters_in, reporting_year


@dataclass(frozen=True)
class Context:
    period: Period
    today: date
    holidays: frozenset[date]
    # id: (name, kind label), read once for every family.
    organisations: dict[int, tuple[str, str]]


@dataclass
class Table:
    """One breakdown of a total: a row per category, and the total."""

    key: str  # for ids and the CSV: "requests-by-gateway"
    title: str
    heading: str  # what the rows are: "Legal gateway"
    rows: list[tuple[str, Cell]]
    total_label: str
    total: Cell
    chart: str = "bars"  # "bars" (categories across) or "trend" (quarters along)

    @property
    def any_hidden(self) -> bool:
        return any(cell.hidden for _, cell in self.rows) or self.total.hidden


@dataclass
class Measure:
    """One figure on its own: a count, a percentage or a median."""

    label: str
    cell: Cell
    note: str = ""


@dataclass
class Section:
    key: str
    title: str
    intro: str
    measures: list[Measure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


Family = Callable[[Context], Section]

# One spec per table that splits the same total: (key, title, heading, chart,
# [(label, count)]).
TableSpec = tuple[str, str, str, str, Sequence[tuple[str, int]]]


def split(total_label: str, specs: Sequence[TableSpec]) -> list[Table]:
    """Tables that each split one total, protected together: an exact total in
    one of them cannot undo a hidden count in another."""
    if not specs:
        return []
    protected = protect([[count for _, count in spec[4]] for spec in specs])
    return [
        Table(
            key=key,
            title=title,
            heading=heading,
            rows=[(label, cell) for (label, _), cell in zip(rows, cells, strict=True)],
            total_label=total_label,
            total=protected.total,
            chart=chart,
        )
        for (key, title, heading, chart, rows), cells in zip(specs, protected.tables, strict=True)
    ]


def count(label: str, n: int, note: str = "") -> Measure:
    return Measure(label, primary(n), note)


def by_year(key: str, title: str, period: Period, quarters: dict[date, int]) -> list[TableSpec]:
    """A table by reporting year (April to March), for a period that spans
    more than one; none otherwise. Quarters fall wholly in one year, so the
    years are added up from them."""
    years: dict[Period, int] = {}
    for start in quarters_in(period):
        year = reporting_year(start)
        years[year] = years.get(year, 0) + quarters.get(start, 0)
    if len(years) < 2:
        return []
    rows = [(f"{year.start:%B %Y} to {year.end:%B %Y}", n) for year, n in years.items()]
    return [(key, title, "Reporting year", "trend", rows)]


def by_quarter(period: Period, counts: dict[date, int]) -> list[tuple[str, int]]:
    """Every quarter the period touches, in order, with its count (0 if none)."""
    return [(quarter_label(start), counts.get(start, 0)) for start in quarters_in(period)]


def by_organisation(
    context: Context, counts: dict[int, int]
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Counts by organisation (alphabetical, those with any) and by kind of
    organisation (every kind with any, in the catalogue's order)."""
    names: dict[str, int] = {}
    kinds: dict[str, int] = {}
    for organisation_id, n in counts.items():
        name, kind = context.organisations.get(
            organisation_id, ("Organisation no longer held", "Other")
        )
        names[name] = names.get(name, 0) + n
        kinds[kind] = kinds.get(kind, 0) + n
    kind_order = [label for _, label in OrganisationKind.choices]
    return (
        sorted(names.items()),
        sorted(
            kinds.items(),
            key=lambda item: kind_order.index(item[0]) if item[0] in kind_order else 99,
        ),
    )


def moments(period: Period) -> tuple[datetime, datetime]:
    """The period as times: from the start of its first day (local time) to
    the start of the day after its last, for filters on a timestamp that can
    use its index."""
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(period.start, time.min), zone),
        timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min), zone),
    )
