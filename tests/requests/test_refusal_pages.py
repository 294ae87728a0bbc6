"""A change to a request refused because someone acted on it first is a page
of its own: what was not done, why, who did what first and when, and the way
back to the request (409), not a banner above the next page after a redirect."""

import html

import pytest
from django.urls import reverse

from requests.models import EventKind, Status

from .factories import World, answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def test_withdrawing_a_request_answered_while_the_page_was_open_says_who_answered(
    verified_client, world
):
    world.scpo_a.first_name, world.scpo_a.last_name = "Kim", "Lee"
    world.scpo_a.save()
    request = world.s14b_to(world.school_a, world.scpo_a)
    client = verified_client(world.worker)
    url = reverse("requests:withdraw", args=[request.pk])
    assert "Withdraw request" in client.get(url).content.decode()

    answer(
        user=world.scpo_a, request=request, response_text="Attendance 92%.", response_status="fact"
    )
    response = client.post(url, {"reason": "No longer needed"})

    page = html.unescape(response.content.decode())
    assert response.status_code == 409
    assert "The request was not withdrawn" in page
    assert "Answered by Kim Lee," in page
    assert f'href="{request.get_absolute_url()}"' in page
    assert f"Go back to request {request.reference}" in page
    request.refresh_from_db()
    assert request.status == Status.ANSWERED
    assert not request.events.filter(kind=EventKind.WITHDRAWN).exists()


def test_a_question_on_a_request_withdrawn_a_moment_ago_is_not_sent_and_says_so(
    verified_client, world
):
    world.worker.first_name, world.worker.last_name = "Jo", "Reid"
    world.worker.save()
    request = world.s14b_to(world.school_a, world.scpo_a)
    verified_client(world.worker).post(
        reverse("requests:withdraw", args=[request.pk]), {"reason": "Police withdrew it"}
    )
    response = verified_client(world.scpo_a).post(
        reverse("requests:clarify", args=[request.pk]),
        {"action": "ask", "text": "Which term do you mean?"},
    )
    page = html.unescape(response.content.decode())
    assert response.status_code == 409 and "Your message was not sent" in page
    assert "Withdrawn by Jo Reid," in page
    assert not request.events.filter(kind=EventKind.CLARIFICATION_ASKED).exists()
