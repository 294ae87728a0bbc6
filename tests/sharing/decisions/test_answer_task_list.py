"""An SCPO answers a request through the task list (issue 14): the decision's
sections and what the requester is sent, each a short page, then check your
answers, where the documents go with the sending. Recording sends the answer
with the decision through the one path out (issue 15), or keeps it waiting
for a manager's sign-off."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from requests.models import Outcome, Status
from sharing.decisions import services
from sharing.models import Decision, DecisionDraft, Disclosure, PendingAnswer
from tests.requests.factories import World, answer_post, decline_post
from tests.sharing.decisions.drafting import save_sections, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def _answering(client, request) -> DecisionDraft:
    draft = start(client, f"request={request.pk}&answer=1")
    assert draft.answering
    return draft


def test_the_scpo_answers_through_the_task_list_and_the_unit_sees_both(world, verified_client):
    request = world.s14b_to(world.school_a, world.scpo_a)
    client = verified_client(world.scpo_a)
    page = client.get(reverse("requests:request_detail", args=[request.pk])).content.decode()
    assert f"{reverse('decisions:draft_start')}?request={request.pk}&amp;answer=1" in page

    draft = _answering(client, request)
    tasks = client.get(reverse("decisions:draft_tasks", args=[draft.pk])).content.decode()
    assert "What the requester is sent" in tasks
    for slug, response in save_sections(client, draft, answer_post()).items():
        assert response.status_code == 302, slug
    check = client.get(reverse("decisions:draft_check", args=[draft.pk])).content.decode()
    assert "Attendance 92%." in check  # the answer, to check before it goes
    assert "Record decision and send answer" in check

    sent = client.post(
        reverse("decisions:draft_check", args=[draft.pk]),
        {"documents": SimpleUploadedFile("attendance.pdf", b"%PDF-1.4 attendance")},
    )

    assert sent.status_code == 302 and sent.url == request.get_absolute_url()
    request.refresh_from_db()
    assert request.status == Status.ANSWERED and request.outcome == Outcome.SHARED
    decision = Decision.objects.get(request=request)
    assert decision.made_by == world.scpo_a
    disclosure = Disclosure.objects.get(decision=decision)
    items = [item.text for item in disclosure.items.order_by("pk")]
    assert items == ["Attendance 92%.", "Document: attendance.pdf"]
    assert not DecisionDraft.objects.exists()  # gone with the sending
    # The unit that asked sees the answer and the decision under it.
    unit = verified_client(world.worker).get(request.get_absolute_url()).content.decode()
    assert "Attendance 92%." in unit


def test_a_decline_through_the_task_list_waits_for_the_managers_sign_off(
    world, verified_client
):
    request = world.s14b_to(world.school_a, world.scpo_a)
    client = verified_client(world.scpo_a)
    draft = _answering(client, request)
    for slug, response in save_sections(client, draft, decline_post()).items():
        assert response.status_code == 302, slug

    sent = client.post(reverse("decisions:draft_check", args=[draft.pk]))

    assert sent.status_code == 302
    request.refresh_from_db()
    assert request.status != Status.ANSWERED  # nothing sent before sign-off
    assert PendingAnswer.objects.filter(request=request).exists()
    page = client.get(sent.url).content.decode()
    assert "sent only when they sign it off" in page


def test_an_unfinished_answer_is_not_sent(world, verified_client):
    request = world.s14b_to(world.school_a, world.scpo_a)
    client = verified_client(world.scpo_a)
    draft = _answering(client, request)

    refused = client.post(reverse("decisions:draft_check", args=[draft.pk]))

    assert refused.status_code == 400
    assert "Complete the section: What the requester is sent" in refused.content.decode()
    request.refresh_from_db()
    assert request.status != Status.ANSWERED and not Decision.objects.exists()


def test_only_the_addressee_answers_through_the_task_list(world, verified_client):
    request = world.s14b_to(world.school_a, world.scpo_a)
    with pytest.raises(PermissionDenied):
        services.draft_start(user=world.worker, request=request, answering=True)
    # Nor from the page: the unit that asked does not answer its own request.
    response = verified_client(world.worker).post(
        reverse("decisions:draft_start") + f"?request={request.pk}&answer=1"
    )
    assert response.status_code in (403, 404)
    assert not DecisionDraft.objects.filter(answering=True).exists()
