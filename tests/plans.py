"""Reading PostgreSQL's plans in tests: how many rows of a table a query reads,
so a test can pin that a page's cost follows what it shows, not the table."""

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

BENCH_REGISTER_CASES = 3000


@pytest.fixture
def bench_register() -> None:
    """The benchmark's register at a modest size (ten teams, realistic names,
    the services' grants, three decisions a case), analysed as autovacuum
    would, so that PostgreSQL plans as it would for a real one."""
    if connection.vendor != "postgresql":
        pytest.skip("query plans are PostgreSQL's; CI runs the suite on PostgreSQL")
    call_command("seed_bench", "--cases", str(BENCH_REGISTER_CASES), stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def rows_read(queryset: QuerySet[Any], table: str) -> int:
    """Rows of ``table`` the query reads (returned and filtered out, over all
    loops), from EXPLAIN ANALYZE."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    return _rows_of(plan[0]["Plan"], table)


def rows_read_by(action: Callable[[], Any], table: str) -> int:
    """Rows of ``table`` read by the queries ``action`` runs, each explained."""
    with CaptureQueriesContext(connection) as ctx:
        action()
    read = 0
    with connection.cursor() as cursor:
        for query in ctx.captured_queries:
            if query["sql"].startswith("SELECT") and table in query["sql"]:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
                read += _rows_of(cursor.fetchone()[0][0]["Plan"], table)
    return read


def _rows_of(node: dict[str, Any], table: str) -> int:
    read = 0
    if node.get("Relation Name") == table:
        per_loop = node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
        read += per_loop * node["Actual Loops"]
    return read + sum(_rows_of(child, table) for child in node.get("Plans", []))
