"""Celery: a real worker takes a task from the broker (Redis in CI) and runs it
against the database."""

import os
from datetime import timedelta

import celery.contrib.testing.tasks  # noqa: F401  (registers celery.ping for the worker's start-up check)
import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from config.celery import app
from sharing import services
from sharing.tasks import sessions_clear_expired


@pytest.fixture
def celery_app():
    """The register's own app, switched from in-process to a real broker."""
    broker = os.environ.get("CELERY_BROKER_URL", "memory://")
    backend = os.environ.get("CELERY_RESULT_BACKEND", "cache+memory://")
    if os.environ.get("CI"):
        # CI must exercise the production broker, not the in-memory stand-in.
        assert broker.startswith("redis://"), "CI runs the worker test on Redis"
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=broker, result_backend=backend, task_always_eager=False)
    _forget_backend()
    yield app
    app.conf.update(saved)
    _forget_backend()


def _forget_backend() -> None:
    # Celery caches the result backend per thread on first use; drop it so the
    # next use reads the configuration just set.
    vars(vars(app)["_local"]).pop("backend", None)


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
