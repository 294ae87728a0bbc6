"""An answer marked fact, opinion or historical (seed 003 principles), sent only
by a secure channel (seed 000 §7), and the loop closed on incoming requests too
(seed 001: feedback "unless there is a sound reason not to")."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from requests import services
from requests.forms import CloseForm
from requests.models import InformationRequest, Outcome, Status
from sharing.decisions.forms import AnswerByDecisionForm

from .factories import World, answer, answer_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def _answer(world, request, **overrides):
    fields = {
        "user": world.scpo_a,
        "request": request,
        "outcome": Outcome.SHARED,
        "response_text": "Attendance 92%; two late marks.",
        "response_status": "fact",
    }
    return answer(**{**fields, **overrides})


# --- Fact, opinion, historical --------------------------------------------------


@pytest.mark.parametrize("status", ["", "rumour"])
def test_an_answer_that_shares_must_be_marked_fact_opinion_or_historical(world, status):
    request = world.s14b_to(world.school_a, world.scpo_a)
    with pytest.raises(ValidationError, match="fact, opinion or historical"):
        _answer(world, request, response_status=status)
    request.refresh_from_db()
    assert request.status != Status.ANSWERED


@pytest.mark.parametrize("status", ["fact", "opinion", "historical"])
def test_the_answers_marking_is_kept_and_shown_to_the_team(verified_client, world, status):
    request = world.s14b_to(world.school_a, world.scpo_a)
    _answer(world, request, response_status=status)
    request.refresh_from_db()
    assert request.response_status == status
    page = verified_client(world.worker).get(reverse("requests:request_detail", args=[request.pk]))
    label = {"fact": "Fact", "opinion": "Opinion", "historical": "Historical information"}[status]
    assert f">{label}</strong>" in page.content.decode()


def test_the_answer_form_asks_for_the_marking(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    response = verified_client(world.scpo_a).post(
        reverse("decisions:answer_request", args=[request.pk]),
        answer_post(response_text="Attendance 92%.", response_status=""),
    )
    assert "Select whether your answer is fact, opinion or historical" in response.content.decode()
    request.refresh_from_db()
    assert request.status != Status.ANSWERED


# --- Secure channels only --------------------------------------------------------


@pytest.mark.parametrize("channel", ["whatsapp", "unencrypted_email", "verbal", "moveit"])
def test_an_answer_by_whatsapp_or_unencrypted_email_is_refused(world, channel):
    request = world.s14b_to(world.school_a, world.scpo_a)
    with pytest.raises(ValidationError, match="secure way"):
        _answer(world, request, channel=channel)
    form = AnswerByDecisionForm(
        {"outcome": "share", "response_text": "x", "response_status": "fact", "channel": channel}
    )
    assert not form.is_valid() and "channel" in form.errors


def test_an_answer_by_secure_file_transfer_is_recorded(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    _answer(world, request, channel="secure_file_transfer")
    request.refresh_from_db()
    assert request.get_channel_display() == "Secure file transfer (such as MoveIT)"


def test_old_answer_channels_are_mapped_onto_the_catalogue(world):
    migration = importlib.import_module(
        "requests.migrations.0007_answer_marking_channel_catalogue_feedback"
    )
    moveit = world.s14b_to(world.school_a, world.scpo_a)
    verbal = world.s14b_to(world.school_b, world.scpo_b)
    InformationRequest.objects.filter(pk=moveit.pk).update(channel="moveit")
    InformationRequest.objects.filter(pk=verbal.pk).update(channel="verbal")
    migration.channels_to_catalogue(apps, None)
    moveit.refresh_from_db()
    verbal.refresh_from_db()
    assert (moveit.channel, verbal.channel) == ("secure_file_transfer", "telephone")


# --- Closing the loop on an incoming request ---------------------------------------


@pytest.fixture
def answered_incoming(world):
    request = world.incoming_s47()
    answer(
        user=world.worker,
        request=request,
        outcome=Outcome.SHARED,
        response_status="historical",
        response_text="Two previous referrals, both closed after assessment.",
        channel="secure_email",
    )
    return request


@pytest.mark.parametrize(
    ("fields", "field_in_error"),
    [
        ({}, "used_for"),
        ({"used_for": "x"}, "used_for"),
        (
            {"used_for": "The strategy discussion on 24 November.", "feedback": "Thank you."},
            "feedback_route",
        ),
        ({"used_for": "The strategy discussion on 24 November."}, "no_feedback_reason"),
        (
            {"used_for": "The strategy discussion on 24 November.", "no_feedback_reason": "n/a"},
            "no_feedback_reason",
        ),
    ],
)
def test_closing_an_incoming_request_says_what_it_was_used_for_and_how_the_requester_was_told(
    world, answered_incoming, fields, field_in_error
):
    with pytest.raises(ValidationError) as refused:
        services.request_close(
            user=world.worker, request=answered_incoming, **{"feedback": "", **fields}
        )
    assert field_in_error in refused.value.message_dict
    answered_incoming.refresh_from_db()
    assert answered_incoming.status == Status.ANSWERED


def test_feedback_given_to_the_requester_is_recorded_with_how(world, answered_incoming):
    services.request_close(
        user=world.worker,
        request=answered_incoming,
        used_for="The strategy discussion on 24 November decided on a section 47 enquiry.",
        feedback="Your information led to a section 47 enquiry; thank you.",
        feedback_route="secure_email",
    )
    answered_incoming.refresh_from_db()
    assert answered_incoming.status == Status.CLOSED
    assert answered_incoming.used_for.startswith("The strategy discussion")
    assert answered_incoming.get_feedback_route_display() == "By secure e-mail"
    assert answered_incoming.no_feedback_reason == ""


def test_a_sound_reason_not_to_give_feedback_is_recorded(world, answered_incoming):
    services.request_close(
        user=world.worker,
        request=answered_incoming,
        used_for="The strategy discussion on 24 November.",
        feedback="",
        no_feedback_reason="Telling the requester would reveal the outcome of a live enquiry.",
    )
    answered_incoming.refresh_from_db()
    assert answered_incoming.status == Status.CLOSED
    assert answered_incoming.no_feedback_reason.startswith("Telling the requester")
    assert answered_incoming.feedback_route == ""


def test_the_close_form_asks_an_incoming_requests_questions_through_the_page(
    verified_client, world, answered_incoming
):
    assert set(CloseForm(incoming=True).fields) == {
        "feedback",
        "used_for",
        "feedback_route",
        "no_feedback_reason",
    }
    assert set(CloseForm().fields) == {"feedback"}
    client = verified_client(world.worker)
    page = client.get(reverse("requests:request_detail", args=[answered_incoming.pk]))
    assert "What was the information used for?" in page.content.decode()
    refused = client.post(reverse("requests:close", args=[answered_incoming.pk]), {"feedback": ""})
    assert "Say what the information was used for." in refused.content.decode()
    response = client.post(
        reverse("requests:close", args=[answered_incoming.pk]),
        {
            "used_for": "The strategy discussion on 24 November.",
            "feedback": "It helped the strategy discussion.",
            "feedback_route": "telephone",
        },
    )
    assert response.status_code == 302
    answered_incoming.refresh_from_db()
    assert (answered_incoming.status, answered_incoming.feedback_route) == (
        Status.CLOSED,
        "telephone",
    )
    page = client.get(reverse("requests:request_detail", args=[answered_incoming.pk]))
    assert "Feedback to the requester, by telephone" in page.content.decode()


def test_an_outgoing_request_still_closes_with_feedback_to_the_sharer(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    _answer(world, request)
    with pytest.raises(ValidationError, match="close the loop"):
        services.request_close(user=world.worker, request=request, feedback=" ")
    services.request_close(user=world.worker, request=request, feedback="It helped the panel.")
    request.refresh_from_db()
    assert (request.status, request.used_for) == (Status.CLOSED, "")
