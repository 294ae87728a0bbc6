"""What people type on a request's page reaches the record whole, or comes back
as a message beside the field: never a server error, never cut short."""

import pytest
from django.urls import reverse

from requests.models import EventKind, InformationRequest, Outcome, Status
from sharing.history import HISTORY_REASON_LENGTH

from .factories import World, answer, answer_post

pytestmark = pytest.mark.django_db

LONG_REASON = (
    "The police have told us the family has moved to another area and the strategy "
    "discussion was cancelled; the receiving authority will make its own request. "
) * 4  # over 600 characters: far past simple-history's change reason


@pytest.fixture
def world():
    return World()


def test_a_long_withdraw_reason_is_kept_whole_and_summarised_in_the_history(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    assert len(LONG_REASON.strip()) > 500

    response = verified_client(world.worker).post(
        reverse("requests:withdraw", args=[request.pk]), {"reason": LONG_REASON}, follow=True
    )

    assert response.status_code == 200
    assert f"Request {request.reference} withdrawn." in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    assert request.events.get(kind=EventKind.WITHDRAWN).text == LONG_REASON.strip()
    summary = request.history.first().history_change_reason
    assert summary.startswith("Withdrawn: The police have told us")
    assert len(summary) <= HISTORY_REASON_LENGTH


@pytest.mark.parametrize(
    ("url", "data", "who", "message"),
    [
        ("withdraw", {"reason": "Moved\x00away"}, "worker", "Null characters are not allowed."),
        ("withdraw", {"reason": "  "}, "worker", "This field is required."),
        ("clarify", {"text": "Which\x00term?", "action": "ask"}, "scpo_a", "Null characters"),
        ("clarify", {"text": "Which term?", "action": "delete"}, "scpo_a", "Select a valid choice"),
        ("change_due", {"due_on": "2026-02-30", "reason": "x"}, "worker", "must be a real date"),
        ("change_due", {"due_on": "2027-01-29", "reason": "x" * 301}, "worker", "at most 300"),
    ],
)
def test_bad_input_on_the_request_page_is_a_message_beside_the_field(
    verified_client, world, url, data, who, message
):
    request = world.s14b_to(world.school_a, world.scpo_a)
    client = verified_client(getattr(world, who))

    response = client.post(reverse(f"requests:{url}", args=[request.pk]), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert InformationRequest.objects.get(pk=request.pk).status == Status.OPEN
    assert list(request.events.values_list("kind", flat=True)) == [EventKind.SENT]


def test_closing_with_a_nul_byte_in_the_feedback_is_refused_not_closed_without_it(
    verified_client, world
):
    request = world.incoming_s47()

    answer(
        user=world.worker,
        request=request,
        outcome=Outcome.NOT_HELD,
        response_status="fact",
        response_text="",
    )
    response = verified_client(world.worker).post(
        reverse("requests:close", args=[request.pk]), {"feedback": "Thank\x00you"}
    )

    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.ANSWERED and request.feedback == ""


def test_a_second_answer_is_told_plainly_on_the_page_and_changes_nothing(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    client = verified_client(world.scpo_a)
    url = reverse("decisions:answer_request", args=[request.pk])

    client.post(url, answer_post(response_text="Attendance 92%."))
    again = client.post(url, answer_post(response_text="Attendance 85%."), follow=True)

    assert again.status_code == 200
    assert "This request is no longer open." in again.content.decode()
    request.refresh_from_db()
    assert request.response_text == "Attendance 92%."
    assert request.events.filter(kind=EventKind.ANSWERED).count() == 1
    assert request.decisions.count() == 1


def test_the_clarify_question_and_answer_switch_goes_through_the_form(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    # The addressee cannot answer a question as if they had sent the request.
    verified_client(world.scpo_a).post(
        reverse("requests:clarify", args=[request.pk]), {"text": "Which term?", "action": "ask"}
    )
    refused = verified_client(world.scpo_a).post(
        reverse("requests:clarify", args=[request.pk]), {"text": "Autumn.", "action": "answer"}
    )
    assert refused.status_code == 403
    request.refresh_from_db()
    assert request.status == Status.CLARIFICATION


def test_request_views_read_posts_only_through_forms_and_test_no_roles_inline():
    from pathlib import Path

    import requests.views

    package = Path(requests.views.__file__).parent
    source = "".join(module.read_text() for module in sorted(package.glob("*.py")))
    for inline in ("request.POST.get", "request.POST[", "Role.", "user_role_names", "groups"):
        assert inline not in source, inline


def test_an_actions_address_opened_shows_the_request_page_and_logs_the_read(verified_client, world):
    from sharing.models import AccessAction, AccessEvent

    request = world.s14b_to(world.school_a, world.scpo_a)
    page = verified_client(world.worker).get(reverse("requests:withdraw", args=[request.pk]))
    assert page.status_code == 200 and "Reason for withdrawing" in page.content.decode()
    assert AccessEvent.objects.filter(
        user=world.worker, action=AccessAction.VIEW, object_id=request.pk
    ).exists()
    # Opening it changes nothing, and the other school's officer finds nothing.
    assert InformationRequest.objects.get(pk=request.pk).status == Status.OPEN
    other = verified_client(world.scpo_b).get(reverse("requests:withdraw", args=[request.pk]))
    assert other.status_code == 404
