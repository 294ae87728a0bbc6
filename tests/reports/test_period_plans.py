"""A period chosen by hand is counted afresh when asked for (reports.figures):
its requests and decisions are read from indexes leading with the date the
period filters on, not from every request and decision of every year (issue 18).
PostgreSQL only: plans are its own."""

from datetime import date

import pytest

from reports.figures import partnership_figures
from reports.rules import Period
from requests.models import InformationRequest
from sharing.models import Decision
from tests.plans import rows_read_by

pytestmark = pytest.mark.django_db

# One quarter of the benchmark register's eleven years or so.
QUARTER = Period(date(2020, 4, 1), date(2020, 6, 30))
TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("table", "model", "in_period"),
    [
        (
            "requests_informationrequest",
            InformationRequest,
            {"started_on__gte": QUARTER.start, "started_on__lte": QUARTER.end},
        ),
        (
            "sharing_decision",
            Decision,
            {"made_at__date__gte": QUARTER.start, "made_at__date__lte": QUARTER.end},
        ),
    ],
)
def test_a_quarters_figures_read_that_quarters_records_not_every_years(
    bench_register, table, model, in_period
):
    everything = model.objects.count()
    of_the_quarter = model.objects.filter(**in_period).count()
    assert 0 < of_the_quarter < everything / 20  # the register spans years
    read = rows_read_by(lambda: partnership_figures(QUARTER, TODAY), table)
    # Each of the family's few queries reads about the quarter's rows (the
    # requests' overdue count reads the open ones, through their own index);
    # a scan of the table would read all of them, query after query.
    assert read < everything / 4, (read, of_the_quarter, everything)
