"""Each side reads a request from where it stands: the school's safeguarding
officer sees what they received and from whom, and every status has its own
word and its own colour (never colour alone)."""

import pytest
from django.urls import reverse

from requests.models import Status
from requests.templatetags.request_tags import status_tag_for
from tests.requests.factories import World


@pytest.mark.parametrize(
    ("status", "due_state", "word", "colour"),
    [
        (Status.OPEN, "", "New", ""),
        (Status.OPEN, "due-soon", "Due soon", "govuk-tag--yellow"),
        (Status.OPEN, "overdue", "Overdue", "govuk-tag--red"),
        (Status.IN_PROGRESS, "", "In progress", "govuk-tag--teal"),
        (Status.IN_PROGRESS, "overdue", "Overdue", "govuk-tag--red"),
        (Status.CLARIFICATION, "overdue", "Waiting for clarification", "govuk-tag--purple"),
        (Status.ANSWERED, "", "Answered", "govuk-tag--green"),
        (Status.CLOSED, "", "Closed", "govuk-tag--grey"),
        (Status.WITHDRAWN, "", "Withdrawn", "govuk-tag--magenta"),
    ],
)
def test_each_status_reads_as_its_own_word_and_colour(status, due_state, word, colour):
    assert status_tag_for(status, due_state) == (word, colour)


def test_the_tags_a_viewer_must_tell_apart_differ_in_colour_as_well_as_word():
    shown = [
        status_tag_for(Status.OPEN, ""),
        status_tag_for(Status.CLARIFICATION, ""),
        status_tag_for(Status.OPEN, "due-soon"),
        status_tag_for(Status.OPEN, "overdue"),
        status_tag_for(Status.ANSWERED, ""),
        status_tag_for(Status.CLOSED, ""),
        status_tag_for(Status.WITHDRAWN, ""),
    ]
    assert len({word for word, _ in shown}) == len({colour for _, colour in shown}) == 7


@pytest.mark.django_db
def test_the_scpo_sees_received_from_the_requester_not_outgoing(verified_client):
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    client = verified_client(world.scpo_a)

    inbox = client.get(reverse("requests:inbox")).content.decode()
    detail = client.get(reverse("requests:request_detail", args=[request.pk])).content.decode()

    received = f"Received from {request.requesting_organisation}"
    assert received in inbox and received in detail
    assert "Outgoing" not in inbox and "Outgoing" not in detail
    assert ">New<" in inbox


@pytest.mark.django_db
def test_the_unit_sees_its_own_request_as_sent_to_the_school(verified_client):
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)

    page = verified_client(world.worker).get(reverse("requests:dashboard")).content.decode()

    assert request.reference in page
    recipient = world.scpo_a.get_full_name() or world.scpo_a.get_username()
    assert f"Sent to {recipient}, {world.school_a}" in page
    assert "Received from" not in page
