"""Need-to-know lists cost what the user may see, not the size of the register.

A county's register holds hundreds of thousands of cases; a practitioner may see
a few hundred. The case list and search must be able to read the user's grants
first and then only the cases they name, so their cost does not grow with other
teams' cases (issue 7). PostgreSQL only: that is where the plans are made.
(The search's own index-driven shape shows at benchmark size, in `make bench`:
on a table of a test's size PostgreSQL rightly reads the references by scanning.)"""

import pytest
from django.db.models import Count, QuerySet, Window

from cases import selectors, services
from cases.models import Case
from sharing.models import User
from sharing.roles import Role
from tests.plans import BENCH_REGISTER_CASES, rows_read
from tests.sharing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _case_rows_read(queryset: QuerySet[Case]) -> int:
    """How many rows of the case table the list's page query reads (the page's
    ids and total, as WindowPaginator asks)."""
    page = queryset.annotate(total=Window(Count("pk"))).values_list("pk", "total")[:25]
    return rows_read(page, "cases_case")


@pytest.fixture
def register(bench_register):
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
    assert Case.objects.count() == BENCH_REGISTER_CASES
    assert _case_rows_read(cases) <= 3


def test_a_manager_who_may_see_no_case_reads_none(register):
    manager = User.objects.get(username="bench.manager")
    cases = selectors.case_list(manager)
    assert list(cases) == []
    assert _case_rows_read(cases) == 0
