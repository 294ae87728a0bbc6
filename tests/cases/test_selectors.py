"""Need-to-know lists cost what the user may see, not the size of the register.

A county's register holds hundreds of thousands of cases; a practitioner may see
a few hundred. The case list and search must be able to read the user's grants
first and then only the cases they name, so their cost does not grow with other
teams' cases (issue 7). PostgreSQL only: that is where the plans are made.
(The search's own index-driven shape shows at benchmark size, in `make bench`:
on a table of a test's size PostgreSQL rightly reads the references by scanning.)"""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, QuerySet, Window

from cases import selectors, services
from cases.models import Case
from sharing.models import User
from sharing.roles import Role
from tests.sharing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _case_rows_read(queryset: QuerySet[Case]) -> int:
    """How many rows of the case table the list's page query reads (the page's
    ids and total, as WindowPaginator asks), from EXPLAIN ANALYZE."""
    query = queryset.annotate(total=Window(Count("pk"))).values_list("pk", "total")[:25]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    return _rows_of(plan[0]["Plan"], "cases_case")


def _rows_of(node: dict[str, Any], table: str) -> int:
    read = 0
    if node.get("Relation Name") == table:
        per_loop = node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
        read += per_loop * node["Actual Loops"]
    return read + sum(_rows_of(child, table) for child in node.get("Plans", []))


CASES = 3000


@pytest.fixture
def register():
    """The benchmark's register at a modest size (ten teams, realistic names,
    the services' grants), analysed as autovacuum would, so that PostgreSQL
    plans as it would for a real one."""
    if connection.vendor != "postgresql":
        pytest.skip("query plans are PostgreSQL's; CI runs the suite on PostgreSQL")
    call_command("seed_bench", "--cases", str(CASES), stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return User.objects.get(username="bench.worker.0.0")


def test_a_practitioner_given_three_cases_reads_three_not_the_register(register):
    worker = register
    given = list(selectors.case_list(worker)[:3])
    practitioner = UserFactory(organisation=worker.organisation, roles=[Role.UNIT_STAFF])
    for case in given:
        services.case_grant(
            user=worker, case=case, practitioner=practitioner, can_change=False, reason="Cover"
        )
    cases = selectors.case_list(practitioner)
    assert sorted(case.pk for case in cases) == sorted(case.pk for case in given)
    assert Case.objects.count() == CASES
    assert _case_rows_read(cases) <= 3


def test_a_manager_who_may_see_no_case_reads_none(register):
    manager = User.objects.get(username="bench.manager")
    cases = selectors.case_list(manager)
    assert list(cases) == []
    assert _case_rows_read(cases) == 0
