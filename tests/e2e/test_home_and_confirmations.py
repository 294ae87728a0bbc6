"""Each role's home page and the pages that confirm what cannot be undone pass
axe-core, and a confirmation's cancel link goes back without changing anything."""

import pytest
from django.urls import reverse

from cases.models import Case
from requests.models import InformationRequest, Status
from sharing.roles import Role
from tests.cases.factories import open_case, team_member
from tests.requests.factories import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_workers_home_and_the_withdraw_and_close_confirmations(live_server, sign_in, axe):
    world = World()
    info = world.s14b_to(world.school_a, world.scpo_a)
    case = open_case(world.team, world.worker, child=world.child)
    page = sign_in(world.worker)
    assert page.get_by_role("heading", name="What to do next").is_visible()
    axe(page)

    page.goto(live_server.url + info.get_absolute_url())
    page.get_by_role("link", name="Withdraw request").click()
    page.get_by_role("heading", name=f"Withdraw request {info.reference}").wait_for()
    axe(page)
    page.get_by_role("link", name="Cancel and go back to the request").click()
    page.get_by_role("heading", name=f"Request {info.reference}").wait_for()
    assert InformationRequest.objects.get(pk=info.pk).status == Status.OPEN

    page.goto(live_server.url + reverse("cases:case_close", args=[case.pk]))
    axe(page)
    page.get_by_role("link", name="Cancel and go back to the case").click()
    assert Case.objects.get(pk=case.pk).is_open


def test_the_managers_home_and_the_break_glass_page(live_server, sign_in, axe):
    world = World()
    manager = team_member(world.team, roles=[Role.MANAGER])
    page = sign_in(manager)
    assert page.get_by_role("heading", name="What to do next").is_visible()
    axe(page)
    page.goto(live_server.url + reverse("cases:break_glass"))
    page.get_by_role("heading", name="Who reviews it").wait_for()
    axe(page)
