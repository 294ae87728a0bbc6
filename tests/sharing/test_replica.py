"""Reports read from a replica when one is configured; everything else, and every
write, stays on the primary (sharing/plumbing/replica.py). The test settings add a
replica that mirrors the test database, so these run on real connections."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from sharing.models import Organisation, OrganisationKind
from sharing.plumbing.replica import ReplicaRouter, reading_from_replica, reads_from_replica

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def _where(action):
    """Run ``action`` and say which connections ran queries for it."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        action()
    return len(primary), len(replica)


@pytest.fixture
def replica_on(settings):
    settings.READ_FROM_REPLICA = True


def test_reads_marked_for_the_replica_go_to_it(replica_on):
    Organisation.objects.create(name="Riverside Primary", kind=OrganisationKind.SCHOOL)

    def report():
        with reading_from_replica():
            assert [o.name for o in Organisation.objects.filter(kind=OrganisationKind.SCHOOL)] == [
                "Riverside Primary"
            ]

    assert _where(report) == (0, 1)


def test_other_reads_and_every_write_stay_on_the_primary(replica_on):
    assert _where(lambda: list(Organisation.objects.all())) == (1, 0)

    def write_inside_a_report():
        with reading_from_replica():
            Organisation.objects.create(
                name="Northshire Council", kind=OrganisationKind.LA_CHILDRENS_SOCIAL_CARE
            )

    primary, replica = _where(write_inside_a_report)
    assert primary >= 1 and replica == 0


def test_a_marked_view_reads_from_the_replica_and_only_while_it_runs(replica_on, rf):
    Organisation.objects.create(name="Riverside Primary", kind=OrganisationKind.SCHOOL)

    @reads_from_replica
    def view(request):
        return Organisation.objects.count()

    assert _where(lambda: view(rf.get("/"))) == (0, 1)
    assert _where(lambda: Organisation.objects.count()) == (1, 0)


def test_without_a_replica_everything_reads_from_the_primary(settings):
    settings.READ_FROM_REPLICA = False  # as when DATABASE_REPLICA_URL is not set

    def report():
        with reading_from_replica():
            Organisation.objects.count()

    assert _where(report) == (1, 0)


def test_the_replica_is_never_migrated():
    router = ReplicaRouter()
    assert router.allow_migrate("replica", "cases") is False
    assert router.allow_migrate("default", "cases") is True


def test_the_partnership_statistics_read_from_the_replica(replica_on, verified_client):
    from django.core.cache import cache
    from django.urls import reverse

    from sharing.roles import Role
    from tests.sharing.factories import UserFactory

    cache.clear()  # figures kept by another test would be read from the cache
    client = verified_client(UserFactory(roles=[Role.BUSINESS_MANAGER]))
    url = reverse("reports:overview") + "?start=2026-04-01&end=2027-03-31"
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        assert client.get(url).status_code == 200
    figures = [q for q in replica.captured_queries if "requests_informationrequest" in q["sql"]]
    assert figures, "the figures were not read from the replica"
    assert not [q for q in primary.captured_queries if "requests_informationrequest" in q["sql"]]


def test_the_dpos_retention_reports_read_from_the_replica(replica_on, verified_client):
    from django.urls import reverse

    from sharing.roles import Role
    from tests.sharing.factories import UserFactory

    client = verified_client(UserFactory(roles=[Role.DPO]))
    for name in ("retention:report_csv", "retention:report_pdf"):
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections["replica"]) as replica,
        ):
            assert client.get(reverse(name)).status_code == 200
        states = "retention_retentionstate"
        assert [q for q in replica.captured_queries if states in q["sql"]], name
        assert not [q for q in primary.captured_queries if states in q["sql"]], name
