import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from sharing.models import User

pytest_plugins = ("celery.contrib.pytest",)


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
