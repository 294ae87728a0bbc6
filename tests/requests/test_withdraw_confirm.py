"""Withdrawing a request cannot be undone: the request's page leads to a page
that says what will happen, and only its form withdraws (GOV.UK's "check
before you act")."""

import pytest
from django.urls import reverse

from requests.models import InformationRequest, Status

from .factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def test_the_request_page_leads_to_a_page_that_says_what_withdrawing_does(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    client = verified_client(world.worker)
    page = client.get(request.get_absolute_url()).content.decode()
    confirm_url = reverse("requests:withdraw", args=[request.pk])
    # The request's page has a link to the confirmation, not a form that withdraws at once.
    assert f'href="{confirm_url}"' in page
    assert f'action="{confirm_url}"' not in page

    confirm = client.get(confirm_url).content.decode()
    assert f"Withdraw request {request.reference}" in confirm
    assert "can no longer answer it" in confirm
    assert "cannot be answered or opened again" in confirm
    assert "govuk-warning-text" in confirm
    assert f'action="{confirm_url}"' in confirm
    assert f'href="{request.get_absolute_url()}"' in confirm  # cancel
    # Opening the page changes nothing.
    assert InformationRequest.objects.get(pk=request.pk).status == Status.OPEN


def test_withdrawing_without_a_reason_stays_on_the_confirmation_with_an_error(
    verified_client, world
):
    request = world.s14b_to(world.school_a, world.scpo_a)
    response = verified_client(world.worker).post(
        reverse("requests:withdraw", args=[request.pk]), {"reason": ""}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert f"Withdraw request {request.reference}" in body
    assert "govuk-error-summary" in body
    assert InformationRequest.objects.get(pk=request.pk).status == Status.OPEN


def test_confirming_withdraws_and_says_so_in_a_banner(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    response = verified_client(world.worker).post(
        reverse("requests:withdraw", args=[request.pk]),
        {"reason": "Family moved away"},
        follow=True,
    )
    assert f"Request {request.reference} withdrawn." in response.content.decode()
    assert "govuk-notification-banner" in response.content.decode()
    assert InformationRequest.objects.get(pk=request.pk).status == Status.WITHDRAWN


def test_a_request_no_longer_open_shows_its_page_not_the_confirmation(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    client = verified_client(world.worker)
    client.post(reverse("requests:withdraw", args=[request.pk]), {"reason": "Not needed"})
    again = client.get(reverse("requests:withdraw", args=[request.pk])).content.decode()
    assert "can no longer answer it" not in again
    assert f"Request {request.reference}" in again
