"""Closing a case cannot be undone: its page says exactly what will happen,
warns, and offers a way back, before the worker confirms."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case

from .factories import PersonFactory, open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(team, worker):
    child = PersonFactory(owning_team=team, first_name="Jamie", last_name="Reed")
    return open_case(team, worker, child=child)


def test_the_close_page_says_what_happens_and_offers_a_way_back(verified_client, worker, case):
    url = reverse("cases:case_close", args=[case.pk])
    page = verified_client(worker).get(url).content.decode()
    assert f"Close case {case.reference}" in page
    assert "When you close this case" in page
    assert "cannot be opened again" in page and "govuk-warning-text" in page
    assert "retention rules" in page
    assert f'action="{url}"' in page
    assert f'href="{reverse("cases:case_detail", args=[case.pk])}">Cancel' in page
    assert Case.objects.get(pk=case.pk).is_open


def test_confirming_closes_the_case_and_says_so_in_a_banner(verified_client, worker, case):
    response = verified_client(worker).post(
        reverse("cases:case_close", args=[case.pk]),
        {"closed_on": timezone.localdate().isoformat(), "reason": "Support in place"},
        follow=True,
    )
    body = response.content.decode()
    assert f"Case {case.reference} closed." in body
    assert "govuk-notification-banner" in body
    assert not Case.objects.get(pk=case.pk).is_open


def test_a_closed_case_does_not_offer_to_close_again(verified_client, worker, case):
    client = verified_client(worker)
    url = reverse("cases:case_close", args=[case.pk])
    client.post(url, {"closed_on": timezone.localdate().isoformat(), "reason": "Support in place"})
    again = client.get(url, follow=True).content.decode()
    assert "When you close this case" not in again
    assert f"Case {case.reference} is already closed." in again
