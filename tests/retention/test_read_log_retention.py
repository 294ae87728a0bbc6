"""The read log is kept for its rule's period (six years), then removed in bulk."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType

from cases.models import Case
from retention.models import RetentionRule
from retention.services.read_log import read_log_purge
from sharing.models import AccessEvent
from tests.sharing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _read(user, at):
    return AccessEvent.objects.create(
        user=user,
        action="view",
        content_type=ContentType.objects.get_for_model(Case),
        object_id=1,
        at=at,
    )


def test_reads_older_than_six_years_are_removed_and_newer_ones_kept():
    user = UserFactory()
    old = _read(user, datetime(2020, 2, 29, 23, 0, tzinfo=UTC))
    kept = _read(user, datetime(2020, 3, 1, 9, 0, tzinfo=UTC))
    assert read_log_purge(date(2026, 3, 1)) == 1
    assert list(AccessEvent.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not AccessEvent.objects.filter(pk=old.pk).exists()
    assert read_log_purge(date(2026, 3, 1)) == 0  # safe to run twice


def test_in_batches_until_none_is_left(monkeypatch):
    import retention.services.read_log as read_log

    monkeypatch.setattr(read_log, "BATCH", 3)
    user = UserFactory()
    start = datetime(2010, 1, 1, tzinfo=UTC)
    for day in range(8):
        _read(user, start + timedelta(days=day))
    assert read_log_purge(date(2026, 1, 1)) == 8
    assert not AccessEvent.objects.exists()


def test_without_an_active_rule_nothing_is_removed():
    RetentionRule.objects.filter(record_type="read_log").update(is_active=False)
    _read(UserFactory(), datetime(2001, 1, 1, tzinfo=UTC))
    assert read_log_purge(date(2026, 1, 1)) == 0
    assert AccessEvent.objects.count() == 1
