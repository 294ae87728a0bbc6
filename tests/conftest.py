import os

import celery.contrib.testing.tasks  # noqa: F401  (registers celery.ping for the worker's start-up check)
import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from config.celery import app
from sharing.backends import RegisterModelBackend
from sharing.models import OrganisationKind, User
from sharing.roles import Role
from tests.cases.factories import make_team, team_member
from tests.sharing.factories import OrganisationFactory, UserFactory

pytest_plugins = ("celery.contrib.pytest", "tests.plans")


def sign_in_verified(client: Client, user: User) -> Client:
    """Sign ``user`` in with a second factor already passed, as after a real sign-in."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    # The sign-in and second-factor pages read the user's groups into the
    # cache before any other page (sharing/backends.py); as they do here.
    RegisterModelBackend().get_user(user.pk)
    return client


@pytest.fixture
def verified_client():
    def make(user: User) -> Client:
        return sign_in_verified(Client(), user)

    return make


# --- The actors --------------------------------------------------------------
# One cast for every test module, in the manner of healthchecks' base test: a
# team and its member, someone on another team of the same organisation, a
# practitioner in no team (given records by name), a manager, the DPO and a
# school's SCPO. Each is built only when a test asks for it; a module that
# needs a different cast defines its own fixture of the same name.


@pytest.fixture
def team(db):
    """A unit team; its members see its cases."""
    return make_team(name="Assessment")


@pytest.fixture
def worker(team):
    """A member of ``team``: the practitioner who records and works its cases."""
    return team_member(team, roles=[Role.UNIT_STAFF], first_name="Sam")


@pytest.fixture
def other_team(team):
    """Another team of the same organisation: no access to ``team``'s records."""
    return make_team(organisation=team.organisation, name="Exploitation")


@pytest.fixture
def outsider(other_team):
    """Unit staff of the same organisation on ``other_team``: sees nothing of
    ``team``'s records unless given them."""
    return team_member(other_team, roles=[Role.UNIT_STAFF])


@pytest.fixture
def named(team):
    """Unit staff of the organisation in no team: sees only what is given to
    them by name (a case's "Who has access")."""
    return UserFactory(organisation=team.organisation, roles=[Role.UNIT_STAFF])


@pytest.fixture
def manager(team):
    """A manager of ``team``'s organisation: sign-off and break-glass."""
    return UserFactory(organisation=team.organisation, roles=[Role.MANAGER])


@pytest.fixture
def dpo(team):
    """The organisation's data protection officer: retention metadata, not narrative."""
    return UserFactory(organisation=team.organisation, roles=[Role.DPO])


@pytest.fixture
def scpo(db):
    """A school's safeguarding officer: only the requests addressed to them."""
    school = OrganisationFactory(name="Riverside Academy", kind=OrganisationKind.SCHOOL)
    return UserFactory(organisation=school, roles=[Role.SCPO])


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
