"""A safeguarding worker records a child and opens a case for them, in the browser."""

import pytest

from cases.models import Case
from sharing.roles import Role
from tests.cases.factories import make_team, team_member
from tests.e2e.conftest import fill_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_worker_records_a_child_and_opens_a_case(live_server, page, sign_in, axe):
    team = make_team(name="Assessment")
    worker = team_member(team, roles=[Role.UNIT_STAFF], first_name="Sam")
    sign_in(worker)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    page.get_by_role("link", name="Record a new person").click()
    page.get_by_label("First name").fill("Jamie")
    page.get_by_label("Last name").fill("Reed")
    fill_date(page, "Date of birth", "2014-05-17")
    page.get_by_label("NHS number").fill("943 476 5919")
    axe(page)
    page.get_by_role("button", name="Save").click()

    page.get_by_role("heading", name="Jamie Reed").wait_for()
    axe(page)
    page.get_by_role("link", name="Open a case with this person as the child").click()
    page.get_by_label("Summary").fill("Bruising seen at school.")
    axe(page)
    page.get_by_role("button", name="Open case").click()

    case = Case.objects.get()
    page.get_by_role("heading", name=f"Case {case.reference}").wait_for()
    axe(page)
    people = page.get_by_role("region", name="People")
    assert people.get_by_role("link", name="Jamie Reed", exact=True).is_visible()
    assert people.get_by_text("Child or young person").is_visible()
    assert case.participants.get().person.nhs_number == "9434765919"

    # Finding the case again by the child's name: the name stays out of the address.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    page.get_by_label("Reference or name").fill("Jamie Reed")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=case.reference).wait_for()
    axe(page)
    assert "?s=" in page.url and "Jamie" not in page.url and "Reed" not in page.url
