"""The refused states, in the browser: a change that lost a race (someone
acted in the database between the page loading and its form being sent),
the confirmation before a legal hold is lifted, and the page a user without
the right to act is shown. axe-core on every page; each fits 320 pixels."""

from datetime import date

import pytest
from django.urls import reverse

from cases import services as case_services
from requests.models import InformationRequest, Status
from retention.models import LegalHold
from retention.services import review
from sharing.roles import Role
from tests.cases.factories import PersonFactory, make_team, team_member
from tests.requests.factories import World, answer
from tests.sharing.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_320_pixels(page) -> None:
    """WCAG 1.4.10 (reflow): at 320 CSS pixels the page does not scroll sideways."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.set_viewport_size(size)
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 320px"


def test_a_request_answered_while_the_withdraw_page_was_open(live_server, page, sign_in, axe):
    world = World()
    world.scpo_a.first_name, world.scpo_a.last_name = "Kim", "Lee"
    world.scpo_a.save()
    info = world.s14b_to(world.school_a, world.scpo_a)
    sign_in(world.worker)
    page.goto(live_server.url + info.get_absolute_url())
    page.get_by_role("link", name="Withdraw request").click()
    page.get_by_role("heading", name=f"Withdraw request {info.reference}").wait_for()

    # Meanwhile the school answers it.
    answer(user=world.scpo_a, request=info, response_text="Attendance 92%.", response_status="fact")
    page.get_by_label("Reason for withdrawing").fill("The family has moved away.")
    page.get_by_role("button", name="Withdraw request").click()

    page.get_by_role("heading", name="The request was not withdrawn").wait_for()
    assert page.get_by_text("Only an open request can be withdrawn.").is_visible()
    assert page.get_by_text("Answered by Kim Lee,").is_visible()
    assert page.get_by_text("Nothing you sent has been saved.").is_visible()
    axe(page)
    fits_320_pixels(page)
    page.get_by_role("link", name=f"Go back to request {info.reference}").click()
    page.get_by_role("heading", name=f"Request {info.reference}").wait_for()
    assert InformationRequest.objects.get(pk=info.pk).status == Status.ANSWERED


def _held_case(dpo, reason):  # untyped, as the factories it calls are
    team = make_team(organisation=OrganisationFactory(name="Northshire Partnership"))
    worker = team_member(team, roles=[Role.UNIT_STAFF])
    child = PersonFactory(owning_team=team, date_of_birth=date(2010, 5, 4))
    case = case_services.case_open(
        user=worker, team=team, child=child, summary="s", reason="r", opened_on=date(2020, 1, 6)
    )
    review.hold_place(user=dpo, record=case, reason=reason)
    return case


def test_the_dpo_lifts_a_hold_after_a_page_that_says_what_will_happen(
    live_server, page, sign_in, axe
):
    dpo = UserFactory(roles=[Role.DPO], first_name="Alex", last_name="Ward")
    case = _held_case(dpo, "Inquiry into the placement")
    sign_in(dpo)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Retention").click()
    page.get_by_role("link", name=f"Lift this hold on {case.reference}").click()

    page.get_by_role("heading", name="Lift this hold?").wait_for()
    assert page.get_by_text(f"Legal hold on {case.reference}").is_visible()
    assert page.get_by_role("heading", name="What will happen").is_visible()
    assert page.get_by_text("A lifted hold cannot be put back.").is_visible()
    axe(page)
    fits_320_pixels(page)

    page.get_by_role("button", name="Lift the hold").click()  # no reason given
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert page.title().startswith("Error: ")
    axe(page)
    assert LegalHold.objects.get().lifted_at is None

    page.get_by_label("Why are you lifting this hold?").fill("Inquiry closed")
    page.get_by_role("button", name="Lift the hold").click()
    page.get_by_text(f"Legal hold lifted: {case.reference}.").wait_for()
    assert page.get_by_role("heading", name="Retention and disposal").is_visible()
    axe(page)
    fits_320_pixels(page)
    assert LegalHold.objects.get().lift_reason == "Inquiry closed"


def test_a_hold_lifted_by_another_dpo_while_the_page_was_open(live_server, page, sign_in, axe):
    dpo = UserFactory(roles=[Role.DPO], first_name="Alex", last_name="Ward")
    case = _held_case(dpo, "Inquiry into the placement")
    legal_hold = LegalHold.objects.get()
    sign_in(dpo)
    page.goto(live_server.url + reverse("retention:lift", args=[legal_hold.pk]))
    page.get_by_role("heading", name="Lift this hold?").wait_for()

    # Meanwhile a colleague lifts it.
    colleague = UserFactory(roles=[Role.DPO], first_name="Robin", last_name="Other")
    review.hold_lift(user=colleague, hold=legal_hold, reason="Claim settled")
    page.get_by_label("Why are you lifting this hold?").fill("Inquiry closed")
    page.get_by_role("button", name="Lift the hold").click()

    page.get_by_role("heading", name="The hold was not lifted").wait_for()
    assert page.get_by_text("This hold was lifted a moment ago.").is_visible()
    assert page.get_by_text("Lifted by Robin Other,").is_visible()
    axe(page)
    fits_320_pixels(page)
    page.get_by_role("link", name="Go back to retention and disposal").click()
    page.get_by_role("heading", name="Retention and disposal").wait_for()
    assert not page.get_by_role("link", name=f"Lift this hold on {case.reference}").count()
    assert LegalHold.objects.get().lift_reason == "Claim settled"


def test_a_worker_without_need_to_know_is_refused_the_retention_dashboard(
    live_server, page, sign_in, axe
):
    """Records due for disposal are the DPO's business alone: a worker who
    follows a link there is told plainly, in the refusal's own words."""
    world = World()
    sign_in(world.worker)
    response = page.goto(live_server.url + reverse("retention:dashboard"))
    assert response.status == 403
    page.get_by_role("heading", name="You cannot do this").wait_for()
    assert page.get_by_text(
        "The retention dashboard is for the data protection officer."
    ).is_visible()
    axe(page)
    fits_320_pixels(page)
    page.get_by_role("link", name="Go to your home page").click()
    page.get_by_role("heading", name="What to do next").wait_for()
