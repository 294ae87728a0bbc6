"""Break-glass cannot be taken back: before a manager opens a case, the page
says exactly what is recorded and who will review it."""

import pytest
from django.urls import reverse

from cases.models import BreakGlassAccess

from .factories import PersonFactory, open_case

pytestmark = pytest.mark.django_db


def test_the_page_says_what_is_recorded_and_who_reviews_it(verified_client, manager):
    page = verified_client(manager).get(reverse("cases:break_glass")).content.decode()
    for recorded in ("your name", "the case reference", "your reason", "the date and time"):
        assert recorded in page
    assert "ends 1 hour after" in page
    assert f"the managers of {manager.organisation}" in page
    assert "the data protection officer" in page
    assert "cannot be taken back" in page and "govuk-warning-text" in page
    assert f'href="{reverse("home")}">Cancel' in page
    assert not BreakGlassAccess.objects.exists()


def test_opening_a_case_says_so_in_a_banner(verified_client, manager, team, worker):
    case = open_case(team, worker, child=PersonFactory(owning_team=team))
    response = verified_client(manager).post(
        reverse("cases:break_glass"),
        {"reference": case.reference, "reason": "Police at the door, child missing"},
        follow=True,
    )
    body = response.content.decode()
    assert f"Break-glass access to {case.reference}" in body
    assert "govuk-notification-banner" in body
    assert BreakGlassAccess.objects.filter(user=manager, case=case).exists()
