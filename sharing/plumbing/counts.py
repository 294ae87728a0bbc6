"""Several counts in one statement.

A home page counts several lines of work (emergency records to complete,
shares to confirm in writing, sign-offs waiting); a COUNT each would cost a
round trip each. Here each count is a scalar subquery of one SELECT, anchored
on the signed-in user's own row, so the page's query count does not grow with
its lines of work."""

from typing import Any

from django.db import connections
from django.db.models import Count, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def _count(queryset: QuerySet[Any]) -> Coalesce:
    # Grouped by a constant: one row holding the count, or none (hence 0).
    counted = (
        queryset.order_by().annotate(_all=Value(1)).values("_all").annotate(n=Count("*")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def counts_together(anchor: QuerySet[Any], **querysets: QuerySet[Any]) -> dict[str, int]:
    """Each queryset's count, read in one statement on ``anchor`` (a queryset
    of exactly one row, such as the user's own)."""
    row = anchor.annotate(**{name: _count(qs) for name, qs in querysets.items()})
    return dict(row.values(*querysets).get())


def counts_alone(**querysets: QuerySet[Any]) -> dict[str, int]:
    """Each queryset's count in one statement with no anchor row: ``SELECT
    (SELECT COUNT(*) FROM (...)), ...``, for counts over tables that share
    nothing (the DPO's holds, certificates and records under the default rule)."""
    if not querysets:
        return {}
    parts, params = [], []
    for name, queryset in querysets.items():
        sql, query_params = queryset.order_by().values("pk").query.sql_with_params()
        # Names are the caller's keyword arguments (identifiers), never input.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{name}) AS {name}")  # noqa: S608
        params += list(query_params)
    with connections[querysets[next(iter(querysets))].db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name: int(value) for name, value in zip(querysets, row, strict=True)}
