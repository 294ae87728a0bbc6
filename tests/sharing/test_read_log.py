"""The read log: every read of personal data is written, as types and ids only,
in one statement that the page's query counts include, and a log that cannot
be written fails the request rather than vanishing."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DataError, connection
from django.test.utils import CaptureQueriesContext

from sharing.models import AccessAction, AccessEvent, Organisation
from sharing.services import access_record

from .factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_each_object_read_is_one_row_written_in_one_counted_statement():
    reader = UserFactory()
    read = [OrganisationFactory(), OrganisationFactory(), reader.organisation]
    with CaptureQueriesContext(connection) as ctx:
        written = access_record(
            user=reader, action=AccessAction.LIST, objects=read, ip_address=None
        )
    assert written == 3
    writes = [q for q in ctx.captured_queries if "sharing_accessevent" in q["sql"]]
    assert len(writes) == 1
    organisation_type = ContentType.objects.get_for_model(Organisation)
    rows = AccessEvent.objects.filter(user=reader)
    assert sorted(rows.values_list("object_id", flat=True)) == sorted(o.pk for o in read)
    assert {(e.action, e.content_type_id, e.ip_address) for e in rows} == {
        (AccessAction.LIST, organisation_type.pk, None)
    }
    assert all(e.at is not None for e in rows)


def test_nothing_read_writes_nothing():
    reader = UserFactory()
    with CaptureQueriesContext(connection) as ctx:
        assert access_record(user=reader, action="view", objects=[], ip_address=None) == 0
    assert not AccessEvent.objects.exists()
    assert not [q for q in ctx.captured_queries if "sharing_accessevent" in q["sql"]]


def test_a_log_that_cannot_be_written_raises_a_database_error():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite does not enforce column lengths; CI runs the suite on PostgreSQL")
    reader = UserFactory()
    with pytest.raises(DataError):
        access_record(user=reader, action="x" * 40, objects=[reader.organisation], ip_address=None)
