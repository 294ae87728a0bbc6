"""The statistics pages: who may open them, the period, the charts beside
their tables, the CSV's formula safety, the PDF, and no one's details
anywhere."""

import csv
import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports import charts
from reports.figures.base import split
from requests.models import InformationRequest
from sharing.roles import Role
from tests.requests.factories import World, gateway
from tests.sharing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("reports:overview")
YEAR = "?start=2026-04-01&end=2027-03-31"


@pytest.fixture
def world():
    world = World()
    world.business_manager = UserFactory(
        organisation=world.partnership, roles=[Role.BUSINESS_MANAGER]
    )
    return world


def _requests(world, receiving, n, **fields):
    for _ in range(n):
        InformationRequest.objects.create(
            reference=f"IR-2026-{InformationRequest.objects.count() + 1:04d}",
            direction="outgoing",
            team=world.team,
            gateway=gateway("ca2004-s14b"),
            requesting_organisation=world.partnership,
            receiving_organisation=receiving,
            information_sought="Attendance of Jamie Reed.",
            purpose="p",
            started_on=date(2026, 5, 4),
            due_on=date(2026, 5, 18),
            **fields,
        )


@pytest.mark.parametrize("role", [Role.BUSINESS_MANAGER, Role.MANAGER, Role.DPO])
def test_managers_the_dpo_and_the_business_manager_see_the_statistics(role, world, verified_client):
    client = verified_client(UserFactory(organisation=world.partnership, roles=[role]))
    assert client.get(OVERVIEW).status_code == 200
    assert client.get(reverse("reports:figures_csv")).status_code == 200
    assert client.get(reverse("reports:figures_pdf")).status_code == 200


@pytest.mark.parametrize("role", [Role.UNIT_STAFF, Role.SCPO, Role.ADMINISTRATOR])
def test_other_roles_are_refused_the_statistics(role, world, verified_client):
    client = verified_client(UserFactory(organisation=world.partnership, roles=[role]))
    for name in ("reports:overview", "reports:figures_csv", "reports:figures_pdf"):
        assert client.get(reverse(name)).status_code == 403


def test_the_business_managers_home_and_navigation_lead_to_the_statistics_only(
    world, verified_client
):
    page = verified_client(world.business_manager).get(reverse("home")).content.decode()
    assert "Partnership business manager" in page
    assert f'href="{OVERVIEW}"' in page
    nav = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', page, re.S).group()
    assert re.findall(
        r'service-navigation__link" href="[^"]+"[^>]*>(?:<strong[^>]*>)?([^<]+)<', nav
    ) == [
        "Home",
        "Statistics",
        "Account security",
    ]


def test_the_page_opens_on_this_reporting_year(world, verified_client, time_machine):
    time_machine.move_to(datetime(2027, 3, 31, 12, tzinfo=ZoneInfo("Europe/London")))
    page = verified_client(world.business_manager).get(OVERVIEW).content.decode()
    assert "1 April 2026 to 31 March 2027" in page
    time_machine.move_to(datetime(2027, 4, 1, 12, tzinfo=ZoneInfo("Europe/London")))
    page = verified_client(world.business_manager).get(OVERVIEW).content.decode()
    assert "1 April 2027 to 31 March 2028" in page


def test_choosing_a_period_shows_its_figures_at_an_address_without_personal_data(
    world, verified_client
):
    client = verified_client(world.business_manager)
    response = client.post(OVERVIEW, {"start": "2026-04-01", "end": "2026-06-30"})
    assert response.status_code == 302
    assert response["Location"] == f"{OVERVIEW}?start=2026-04-01&end=2026-06-30"
    page = client.get(response["Location"]).content.decode()
    assert "1 April 2026 to 30 June 2026" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "2026-06-30", "end": "2026-04-01"}, "must be on or after the first day"),
        ({"start": "2020-01-01", "end": "2026-12-31"}, "Choose a period of 5 years or less"),
        ({"start": "2026-02-30", "end": "2026-06-30"}, "must be a real date"),
        ({"start": "", "end": ""}, "Enter the first day of the period"),
    ],
)
def test_a_period_that_cannot_be_is_refused_plainly(data, message, world, verified_client):
    client = verified_client(world.business_manager)
    for response in (
        client.post(OVERVIEW, data),
        client.get(OVERVIEW, data),
        client.get(reverse("reports:figures_csv"), data),
    ):
        assert response.status_code == 400
        page = response.content.decode()
        assert "govuk-error-summary" in page
        assert message in page
        assert "Information requests" not in page  # no figures for a period that is not


def test_each_chart_is_an_accessible_image_with_its_numbers_in_the_table_beside_it(
    world, verified_client
):
    _requests(world, world.school_a, 6)
    page = verified_client(world.business_manager).get(OVERVIEW + YEAR).content.decode()
    svgs = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(svgs) >= 10
    for svg in svgs:
        assert 'role="img"' in svg
        title, desc = re.search(r'aria-labelledby="([^" ]+) ([^"]+)"', svg).groups()
        assert f'<title id="{title}">' in svg and f'<desc id="{desc}">' in svg
    gateway_chart = next(s for s in svgs if "requests-by-gateway-chart-title" in s)
    assert "The same figures are in the table beside it." in gateway_chart
    assert ">6</text>" in gateway_chart
    assert "Requests by legal gateway, 1 April 2026 to 31 March 2027</caption>" in page


def test_the_page_holds_no_inline_style_the_content_security_policy_would_block(
    world, verified_client
):
    _requests(world, world.school_a, 6)
    page = verified_client(world.business_manager).get(OVERVIEW + YEAR).content.decode()
    assert " style=" not in page
    assert "<style" not in page
    assert "<script>" not in page


def test_a_hidden_count_is_drawn_as_no_bar_and_labelled_as_the_table_says():
    table = split("All", [("t", "Things", "Thing", "bars", [("A", 3), ("B", 120)])])[0]
    svg = charts.svg(table, "a year")
    assert ">fewer than 5</text>" in svg
    assert ">3</text>" not in svg


def test_no_one_is_named_on_the_page_in_the_csv_or_in_the_pdf(world, verified_client):
    _requests(
        world,
        world.school_a,
        6,
        status="answered",
        outcome="shared",
        responded_at=datetime(2026, 5, 11, 10, tzinfo=ZoneInfo("Europe/London")),
    )
    client = verified_client(world.business_manager)
    page = client.get(OVERVIEW + YEAR).content.decode()
    csv_text = client.get(reverse("reports:figures_csv") + YEAR).content.decode()
    pdf = client.get(reverse("reports:figures_pdf") + YEAR).content
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for text in (page, csv_text, pdf_text):
        assert "Riverside Academy" in text  # organisations are named; people are not
        for secret in ("Jamie", "Reed", "Attendance of"):
            assert secret not in text


def test_the_csv_is_safe_to_open_in_a_spreadsheet(world, verified_client):
    for name in ('=HYPERLINK("http://evil.example","x")', "+1 school", "-Academy", "@SUM(A1)"):
        _requests(world, OrganisationFactory(name=name, kind="school"), 5)
    response = verified_client(world.business_manager).get(reverse("reports:figures_csv") + YEAR)
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="partnership-statistics-20260401-20270331.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
    assert "'+1 school" in cells and "'-Academy" in cells and "'@SUM(A1)" in cells
    assert not any(cell[:1] in ("=", "+", "-", "@") for cell in cells)
    assert [
        "Information requests",
        "Requests by legal gateway",
        "Children Act 2004 s14B / s16H (partnership requires information)",
        "20",
    ] in rows


def test_the_pdf_appendix_shows_the_period_the_figures_and_the_rule_on_small_counts(
    world, verified_client
):
    _requests(world, world.school_a, 3)
    response = verified_client(world.business_manager).get(reverse("reports:figures_pdf") + YEAR)
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Partnership statistics, 1 April 2026 to 31 March 2027" in text
    assert "Requests by legal gateway" in text
    assert "fewer than 5" in text
    assert "No one can be identified from these figures" in text


def _all_requests(client):
    rows = csv.reader(
        io.StringIO(client.get(reverse("reports:figures_csv") + YEAR).content.decode())
    )
    return next(r[3] for r in rows if r[1:3] == ["Requests by direction", "All requests"])


def test_the_figures_are_kept_ten_minutes_so_page_and_downloads_agree_then_counted_again(
    world, verified_client, time_machine
):
    london = ZoneInfo("Europe/London")
    time_machine.move_to(datetime(2027, 2, 1, 9, 0, tzinfo=london), tick=False)
    _requests(world, world.school_a, 5)
    client = verified_client(world.business_manager)
    assert "Counted at 09:00 on 1 February 2027" in client.get(OVERVIEW + YEAR).content.decode()
    _requests(world, world.school_a, 5)
    time_machine.move_to(datetime(2027, 2, 1, 9, 9, tzinfo=london), tick=False)
    assert _all_requests(client) == "5"
    time_machine.move_to(datetime(2027, 2, 1, 9, 11, tzinfo=london), tick=False)
    assert _all_requests(client) == "10"
    assert "Counted at 09:11" in client.get(OVERVIEW + YEAR).content.decode()


def test_this_years_figures_are_counted_each_night_so_the_first_visitor_does_not_wait(
    world, verified_client, time_machine, django_assert_max_num_queries
):
    from django_celery_beat.models import PeriodicTask

    from reports.tasks import count_figures

    assert PeriodicTask.objects.filter(task="reports.count_figures", enabled=True).exists()
    london = ZoneInfo("Europe/London")
    time_machine.move_to(datetime(2027, 2, 1, 4, 15, tzinfo=london), tick=False)
    _requests(world, world.school_a, 5)
    assert count_figures() == 2
    _requests(world, world.school_a, 5)
    time_machine.move_to(datetime(2027, 2, 1, 16, 0, tzinfo=london), tick=False)
    client = verified_client(world.business_manager)
    client.get(OVERVIEW + YEAR)  # sign-in's own reads out of the way
    # The night's count: nothing is counted again for the page.
    with django_assert_max_num_queries(8):
        page = client.get(OVERVIEW + YEAR).content.decode()
    assert "Counted at 04:15 on 1 February 2027" in page
    assert _all_requests(client) == "5"
