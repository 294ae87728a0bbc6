"""The partnership's figures for a period: one function per family of figures
(requests, decisions, retention), each registered in FAMILIES, each a few
grouped queries whatever the register's size. The figures leave here already
protected (reports.rules): a hidden count's true value is not kept in what
the pages, the CSV and the PDF are given.

A new family is a function ``(Context) -> Section`` in its own module here, appended to
FAMILIES."""

from datetime import date, datetime

from django.core.cache import cache
from django.utils import timezone

from sharing.models import Organisation, OrganisationKind
from sharing.rules import england_and_wales_bank_holidays

from ..rules import Period
from .base import Context, Family, Measure, Section, Table
from .decisions import decisions_section
from .requests import requests_section
from .retention import retention_section
from .subject_access import subject_access_section
from .transfers import transfers_section

__all__ = [
    "FAMILIES",
    "KEEP_MINUTES",
    "NIGHTLY_KEEP_HOURS",
    "Context",
    "Family",
    "Measure",
    "Section",
    "Table",
    "count_and_keep",
    "counted_figures",
    "partnership_figures",
]

FAMILIES: list[Family] = [
    requests_section,
    decisions_section,
    retention_section,
    subject_access_section,
    transfers_section,
]


def _context(period: Period, today: date) -> Context:
    kinds = dict(OrganisationKind.choices)
    organisations = {
        pk: (name, kinds.get(kind, "Other"))
        for pk, name, kind in Organisation.objects.values_list("pk", "name", "kind")
    }
    years = range(period.start.year - 1, max(period.end.year, today.year) + 2)
    return Context(period, today, england_and_wales_bank_holidays(years), organisations)


def partnership_figures(period: Period, today: date) -> list[Section]:
    """Every family's figures for ``period``, as of ``today``."""
    context = _context(period, today)
    return [family(context) for family in FAMILIES]


# Figures for a period are kept this long once counted, so the page, its CSV
# and its PDF, opened one after another, agree and are counted once. Only
# protected figures are kept: a hidden count's value is already gone.
KEEP_MINUTES = 10
# The figures most asked for (this reporting year and the last) are counted each
# night by reports.count_figures and kept until the next night's count, so the
# first person to open them does not wait for the count (docs/performance.md).
NIGHTLY_KEEP_HOURS = 26


def _key(period: Period, today: date) -> str:
    return f"reports:figures:{period.start}:{period.end}:{today}"


def count_and_keep(
    period: Period, today: date, keep_seconds: int
) -> tuple[datetime, list[Section]]:
    """Count the figures for ``period`` now and keep them for ``keep_seconds``."""
    kept = (timezone.now(), partnership_figures(period, today))
    cache.set(_key(period, today), kept, keep_seconds)
    return kept


def counted_figures(period: Period, today: date) -> tuple[datetime, list[Section]]:
    """When the figures for ``period`` were counted, and the figures: kept from
    the night's count or a count in the last KEEP_MINUTES, or counted now."""
    kept = cache.get(_key(period, today))
    if kept is None:
        kept = count_and_keep(period, today, KEEP_MINUTES * 60)
    return kept
