"""seed_demo: a usable demo, the same however often it runs."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from sharing.models import Organisation, OrganisationKind, User
from sharing.roles import Role

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--allow-without-debug", stdout=out)
    return out.getvalue()


def test_seed_demo_creates_the_partnership_and_one_user_per_role():
    _seed()
    kinds = list(Organisation.objects.values_list("kind", flat=True))
    assert kinds.count(OrganisationKind.SCHOOL) == 2
    for kind in (
        OrganisationKind.SAFEGUARDING_PARTNERSHIP,
        OrganisationKind.POLICE,
        OrganisationKind.LOCAL_POLICING_BODY,
        OrganisationKind.HEALTH,
    ):
        assert kind in kinds
    for role in Role:
        assert User.objects.filter(groups__name=role.value).exists(), role
    assert User.objects.filter(groups__name=Role.SCPO.value).count() == 2


def test_seed_demo_is_idempotent():
    _seed()
    counts = (Organisation.objects.count(), User.objects.count())
    _seed()
    assert (Organisation.objects.count(), User.objects.count()) == counts


def test_seed_demo_prints_a_way_in_that_works():
    output = _seed()
    line = next(
        line for line in output.splitlines() if "backup codes" in line and line.startswith("    ")
    )
    # The first user listed is the unit worker.
    code = line.split(":", 1)[1].split()[0]
    password = output.split("password for all: ", 1)[1].split(")", 1)[0]
    client = Client()

    client.post(reverse("login"), {"username": "worker", "password": password})
    client.post(reverse("two_factor"), {"token": code})

    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b'data-role="unit-staff"' in response.content


def test_seed_demo_refuses_to_run_without_debug():
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())
