"""The partnership's figures for a period: one function per family of figures
(requests, decisions, retention), each registered in FAMILIES, each a few
grouped queries whatever the register's size. The figures leave here already
protected (reports.rules): a hidden count's true value is not kept in what
the pages, the CSV and the PDF are given.

A new family (transfers of child protection files, subject access requests)
is a function ``(Context) -> Section`` in its own module here, appended to
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

__all__ = [
    "FAMILIES",
    "KEEP_MINUTES",
    "Context",
    "Family",
    "Measure",
    "Section",
    "Table",
    "counted_figures",
    "partnership_figures",
]

FAMILIES: list[Family] = [requests_section, decisions_section, retention_section]


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
# and its PDF, opened one after another, agree and are counted once. The
# issue allows figures a nightly task keeps; these are fresher than that. Only
# protected figures are kept: a hidden count's value is already gone.
KEEP_MINUTES = 10


def counted_figures(period: Period, today: date) -> tuple[datetime, list[Section]]:
    """When the figures for ``period`` were counted, and the figures: counted
    now, or kept from a count in the last KEEP_MINUTES."""
    key = f"reports:figures:{period.start}:{period.end}:{today}"
    kept = cache.get(key)
    if kept is None:
        kept = (timezone.now(), partnership_figures(period, today))
        cache.set(key, kept, KEEP_MINUTES * 60)
    return kept
