"""The partnership business manager prepares the annual report: this year's
figures, another period, and the PDF appendix, in the browser."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from requests.models import InformationRequest
from sharing.roles import Role
from tests.e2e.conftest import fill_date
from tests.requests.factories import World, gateway
from tests.sharing.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_business_manager_opens_the_years_report_changes_the_period_and_downloads_the_pdf(
    live_server, page, sign_in, axe, time_machine
):
    time_machine.move_to(datetime(2027, 2, 1, 9, tzinfo=ZoneInfo("Europe/London")), tick=True)
    cache.clear()  # figures kept by another test in this process are not these
    world = World()
    for n in range(7):
        InformationRequest.objects.create(
            reference=f"IR-2026-{n:04d}",
            direction="outgoing",
            team=world.team,
            gateway=gateway("ca2004-s14b"),
            requesting_organisation=world.partnership,
            receiving_organisation=world.school_a,
            information_sought="s",
            purpose="p",
            started_on=date(2026, 5, 4) + timedelta(days=n),
            due_on=date(2026, 5, 25),
        )
    manager = UserFactory(
        organisation=world.partnership, roles=[Role.BUSINESS_MANAGER], first_name="Jo"
    )
    sign_in(manager)

    page.get_by_role("link", name="Partnership statistics").click()
    page.get_by_role("heading", name="Partnership statistics").wait_for()
    assert page.get_by_text("1 April 2026 to 31 March 2027").first.is_visible()
    table = page.get_by_role(
        "table", name="Requests by legal gateway, 1 April 2026 to 31 March 2027"
    )
    assert table.get_by_role("row", name="All requests").inner_text().endswith("7")
    assert page.get_by_role("img", name="Requests by legal gateway").first.is_visible()
    axe(page)

    # The first quarter only: the May requests and nothing after.
    fill_date(page, "First day of the period", "2026-04-01")
    fill_date(page, "Last day of the period", "2026-06-30")
    page.get_by_role("button", name="Show figures").click()
    page.get_by_text("1 April 2026 to 30 June 2026").first.wait_for()
    assert "start=2026-04-01" in page.url
    axe(page)

    # A period that ends before it starts is refused plainly.
    fill_date(page, "Last day of the period", "2026-03-01")
    page.get_by_role("button", name="Show figures").click()
    page.get_by_role(
        "link", name="The last day of the period must be on or after the first day"
    ).wait_for()
    axe(page)
    page.go_back()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the appendix for the annual report (PDF)").click()
    assert download.value.suggested_filename == "partnership-statistics-20260401-20260630.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
