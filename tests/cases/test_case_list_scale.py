"""The case list's first page costs the same however large the register or the
user's share of it (issue 19): a count that stops at a cap ("more than
1,000"), pages past it read after the last case shown rather than at an
offset, and for users with many grants the page read newest first from an
index with each case probed for the grant."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from cases import permissions, selectors
from cases.models import Case
from sharing.plumbing import pagination
from sharing.roles import Role
from tests.cases.factories import open_case
from tests.plans import BENCH_REGISTER_CASES, rows_read
from tests.sharing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _caption(page: str) -> str:
    found = re.search(r'id="cases-caption">([^<]*)<', page)
    assert found, "the list has no caption"
    return found.group(1)


def _next(page: str) -> str | None:
    found = re.search(r'href="(\?[^"]*)" rel="next"', page)
    return found.group(1).replace("&amp;", "&") if found else None


def _references(page: str) -> list[str]:
    return re.findall(r">(SC-[^<]+)</a>", page)


@pytest.fixture
def sixty_cases(team, worker):
    return [
        open_case(team, worker, opened_on=date(2026, 1, 1) + timedelta(days=n % 7))
        for n in range(60)
    ]


def test_past_the_cap_the_list_says_more_than_and_pages_on_to_every_case(
    verified_client, worker, sixty_cases, monkeypatch
):
    monkeypatch.setattr(pagination, "COUNT_CAP", 40)
    client = verified_client(worker)
    seen: list[str] = []
    page = client.get(reverse("cases:case_list")).content.decode()
    assert _caption(page) == "More than 40 cases you can see"
    assert "Page 1 of 2 and more" in page
    seen += _references(page)
    page = client.get(reverse("cases:case_list") + _next(page)).content.decode()
    seen += _references(page)
    after = _next(page)
    assert after and "after=" in after  # past the cap: after the last case shown
    page = client.get(reverse("cases:case_list") + after).content.decode()
    seen += _references(page)
    assert "Past the first 40" in page
    assert _next(page) is None
    # Every case once, newest first, none lost at the seam (several share a day).
    expected = list(
        Case.objects.filter(pk__in=[c.pk for c in sixty_cases]).values_list("reference", flat=True)
    )
    assert seen == expected


def test_under_the_cap_the_count_is_exact(verified_client, worker, sixty_cases):
    page = verified_client(worker).get(reverse("cases:case_list")).content.decode()
    assert _caption(page) == "60 cases you can see"
    assert "and more" not in page


def test_a_made_up_after_shows_the_first_page(verified_client, worker, sixty_cases):
    client = verified_client(worker)
    for junk in ("x", "2026-13-45_3", "_", "2026-01-01_abc"):
        page = client.get(reverse("cases:case_list"), {"after": junk})
        assert page.status_code == 200
        assert "Page 1 of 3" in page.content.decode()


def test_many_grants_or_few_the_list_shows_the_same_cases(team, worker, sixty_cases, monkeypatch):
    few = [c.pk for c in selectors.case_list(worker)]
    assert not permissions.has_many_case_grants(worker)
    monkeypatch.setattr(permissions, "MANY_CASE_GRANTS", 10)
    assert permissions.has_many_case_grants(worker)
    many = [c.pk for c in selectors.case_list(worker)]
    assert many == few
    # Another team's worker sees none of them either way.
    outsider = UserFactory(organisation=team.organisation, roles=[Role.UNIT_STAFF])
    assert list(selectors.case_list(outsider)) == []


@pytest.fixture
def register(bench_register):
    from sharing.models import User

    return User.objects.get(username="bench.worker.0.0")


def test_with_many_grants_the_first_page_reads_a_page_not_the_register(register, monkeypatch):
    worker = register
    monkeypatch.setattr(permissions, "MANY_CASE_GRANTS", 100)
    cases = selectors.case_list(worker)
    visible = cases.count()
    assert visible >= 100 and Case.objects.count() == BENCH_REGISTER_CASES
    # Newest first from the index: a team sees a tenth of the register, so a
    # page of 25 is found within a few hundred entries, not all 3,000.
    read = rows_read(cases.values("pk")[:25], "cases_case")
    assert read <= 25 * 20, read


def test_the_count_stops_at_the_cap(register, monkeypatch):
    worker = register
    monkeypatch.setattr(permissions, "MANY_CASE_GRANTS", 100)
    cases = selectors.case_list(worker)
    paginator = pagination.CappedPaginator(cases, 25, keys=("opened_on", "pk"), cap=50)
    assert paginator.count == 51 and paginator.capped
    counted = cases.order_by().values("pk")[:51]
    assert rows_read(counted, "cases_case") <= 51 * 20
