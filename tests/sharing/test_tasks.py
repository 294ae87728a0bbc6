"""Celery: a real worker takes a task from the broker (Redis in CI) and runs it
against the database."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from sharing import services
from sharing.tasks import sessions_clear_expired


@pytest.mark.django_db(transaction=True)
def test_worker_clears_expired_sessions_and_keeps_live_ones(celery_worker):
    now = timezone.now()
    Session.objects.create(
        session_key="expired", session_data="", expire_date=now - timedelta(days=1)
    )
    Session.objects.create(
        session_key="live", session_data="", expire_date=now + timedelta(hours=1)
    )

    result = sessions_clear_expired.delay()

    assert result.get(timeout=30) == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]


@pytest.mark.django_db
def test_clearing_twice_deletes_nothing_more():
    Session.objects.create(
        session_key="expired", session_data="", expire_date=timezone.now() - timedelta(days=1)
    )
    assert services.sessions_clear_expired() == 1
    assert services.sessions_clear_expired() == 0


@pytest.mark.django_db
def test_the_nightly_schedule_is_in_the_database_for_administrators_to_see():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="sharing.sessions_clear_expired")
    assert task.enabled and task.crontab is not None
