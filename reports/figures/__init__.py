"""The partnership's figures for a period: one function per family of figures
(requests, decisions, retention), each registered in FAMILIES, each a few
grouped queries whatever the register's size. The figures leave here already
protected (reports.rules): a hidden count's true value is not kept in what
the pages, the CSV and the PDF are given.

A new family (transfers of child protection files, subject access requests)
is a function ``(Context) -> Section`` in its own module here, appended to
FAMILIES."""

from datetime import date

from sharing.models import Organisation, OrganisationKind
from sharing.rules import england_and_wales_bank_holidays

from ..rules import Period
from .base import Context, Family, Measure, Section, Table
from .decisions import decisions_section
from .requests import requests_section
from .retention import retention_section

__all__ = ["FAMILIES", "Context", "Family", "Measure", "Section", "Table", "partnership_figures"]

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
