import os

import celery.contrib.testing.tasks  # noqa: F401  (registers celery.ping for the worker's start-up check)
import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from config.celery import app
from sharing.models import User

pytest_plugins = ("celery.contrib.pytest", "tests.plans")


def sign_in_verified(client: Client, user: User) -> Client:
    """Sign ``user`` in with a second factor already passed, as after a real sign-in."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def verified_client():
    def make(user: User) -> Client:
        return sign_in_verified(Client(), user)

    return make


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
