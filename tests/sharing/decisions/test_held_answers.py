"""An answer made with a decision that needs a manager's sign-off (a decision not
to share; sharing against refused consent) waits with it: nothing reaches the
requester until a manager signs the decision off, and then the answer goes in
the sign-off's own transaction; returned, nothing is sent and the answerer is
told (seed 000 §6, managers' oversight; seed 004, sharing when consent has been
refused; golden rule 7)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from requests import services as request_services
from requests.models import Attachment, EventKind, Outcome, Status
from sharing.decisions import services
from sharing.models import Decision, PendingAnswer, PendingAnswerDocument, PendingAnswerState
from sharing.roles import Role
from tests.races import at_once, postgresql_only
from tests.requests.factories import World
from tests.sharing.decisions.builders import decision_fields, refusal_fields
from tests.sharing.factories import UserFactory

AGAINST_REFUSED_CONSENT = decision_fields(
    consent_status="refused",
    consent_not_sought_reason="",
    consent_override_rationale="A risk to the child's life outweighs the refusal.",
)


def _decline(world, request, **overrides):
    return services.request_answer_by_decision(
        user=world.scpo_a,
        request=request,
        decision_fields=refusal_fields(explanation_to_requester="Ask the family's GP instead."),
        channel="register",
        **overrides,
    )


def _share_against_refusal(world, request, **overrides):
    fields = {
        "user": world.scpo_a,
        "request": request,
        "decision_fields": AGAINST_REFUSED_CONSENT,
        "response_text": "Attendance 92%; two late marks.",
        "response_status": "fact",
        "channel": "register",
    }
    return services.request_answer_by_decision(**{**fields, **overrides})


def _head(world):
    """The school's manager, who signs its decisions off."""
    return UserFactory(organisation=world.school_a, roles=[Role.MANAGER])


def _nothing_reached_the_requester(request, mailoutbox):
    request.refresh_from_db()
    assert request.status == Status.OPEN and request.outcome == ""
    assert request.outcome_reason == "" and request.response_text == ""
    assert not request.events.filter(kind=EventKind.ANSWERED).exists()
    assert not request.attachments.exists()
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_decline_waits_for_sign_off_and_reaches_the_requester_only_when_signed_off(
    mailoutbox, django_capture_on_commit_callbacks
):
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    with django_capture_on_commit_callbacks(execute=True):
        decision = _decline(world, request)

    _nothing_reached_the_requester(request, mailoutbox)
    assert decision.pending_answer.state == PendingAnswerState.WAITING

    with django_capture_on_commit_callbacks(execute=True):
        services.decision_sign_off(user=_head(world), decision=decision, approve=True, note="")

    request.refresh_from_db()
    assert request.status == Status.ANSWERED and request.outcome == Outcome.DECLINED
    assert request.outcome_reason == "Ask the family's GP instead."
    assert request.responded_by == world.scpo_a
    assert request.events.filter(kind=EventKind.ANSWERED).count() == 1
    assert [m.subject for m in mailoutbox] == ["Your information request has been answered"]
    assert not decision.disclosures.exists()  # a decline shares nothing
    decision.pending_answer.refresh_from_db()
    assert decision.pending_answer.state == PendingAnswerState.SENT


@pytest.mark.django_db
def test_sharing_against_refused_consent_waits_with_its_documents_then_goes_on_sign_off(
    mailoutbox, django_capture_on_commit_callbacks
):
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    with django_capture_on_commit_callbacks(execute=True):
        decision = _share_against_refusal(
            world, request, files=[SimpleUploadedFile("attendance.pdf", b"%PDF-1.4 attendance")]
        )

    _nothing_reached_the_requester(request, mailoutbox)
    assert not decision.disclosures.exists()
    (document,) = PendingAnswerDocument.objects.all()
    stored = document.file.name
    assert document.file.storage.exists(stored)

    with pytest.raises(ValidationError, match="waiting for a manager"):
        services.disclosure_record(
            user=world.scpo_a,
            decision=decision,
            recipient_organisation=request.requesting_organisation,
            shared_on=decision.made_at.date(),
            channel="register",
            items=[("Attendance 92%.", "fact")],
        )

    with pytest.raises(PermissionDenied):
        # Sign-off is a manager's, never the answerer's own.
        services.decision_sign_off(user=world.scpo_a, decision=decision, approve=True, note="")
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_sign_off(user=_head(world), decision=decision, approve=True, note="")

    request.refresh_from_db()
    assert request.status == Status.ANSWERED and request.outcome == Outcome.SHARED
    assert request.response_text == "Attendance 92%; two late marks."
    assert [m.subject for m in mailoutbox] == ["Your information request has been answered"]
    (attachment,) = request.attachments.all()
    assert attachment.original_name == "attendance.pdf"
    with attachment.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 attendance"
    (disclosure,) = decision.disclosures.all()
    assert [i.text for i in disclosure.items.all()] == [
        "Attendance 92%; two late marks.",
        "Document: attendance.pdf",
    ]
    # The waiting copy is gone once the request holds its own.
    assert not PendingAnswerDocument.objects.exists()
    assert not document.file.storage.exists(stored)


@pytest.mark.django_db
def test_a_returned_decision_sends_nothing_and_the_answerer_is_told(
    verified_client, mailoutbox, django_capture_on_commit_callbacks
):
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    decision = _share_against_refusal(
        world, request, files=[SimpleUploadedFile("attendance.pdf", b"%PDF-1.4 attendance")]
    )
    stored = PendingAnswerDocument.objects.get().file
    storage, name = stored.storage, stored.name

    with django_capture_on_commit_callbacks(execute=True):
        services.decision_sign_off(
            user=_head(world), decision=decision, approve=False, note="Speak to the DPO first."
        )

    _nothing_reached_the_requester(request, mailoutbox)
    assert not decision.disclosures.exists()
    decision.pending_answer.refresh_from_db()
    assert decision.pending_answer.state == PendingAnswerState.RETURNED
    assert not PendingAnswerDocument.objects.exists() and not storage.exists(name)

    client = verified_client(world.scpo_a)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "A manager returned your decision, so your answer was not sent" in page
    home = client.get(reverse("home")).content.decode()
    assert 'data-count="answers-returned">1<' in home

    # They answer again, with a new decision; this one needs no sign-off.
    services.request_answer_by_decision(
        user=world.scpo_a,
        request=request,
        decision_fields=decision_fields(),
        response_text="Attendance 92%.",
        response_status="fact",
        channel="register",
    )
    request.refresh_from_db()
    assert request.status == Status.ANSWERED
    home = client.get(reverse("home")).content.decode()
    assert 'data-count="answers-returned">0<' in home


@pytest.mark.django_db
def test_while_an_answer_waits_no_second_answer_goes_out(verified_client):
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    _decline(world, request)

    with pytest.raises(ValidationError, match="waiting for a manager's sign-off"):
        _share_against_refusal(world, request, decision_fields=decision_fields())
    with pytest.raises(ValidationError, match="waiting for a manager's sign-off"):
        request_services.request_answer(
            user=world.scpo_a, request=request, outcome=Outcome.NOT_HELD, response_text=""
        )
    assert Decision.objects.count() == 1
    request.refresh_from_db()
    assert request.status == Status.OPEN

    # The answer page sends them back to the request, which says it waits.
    client = verified_client(world.scpo_a)
    response = client.get(reverse("decisions:answer_request", args=[request.pk]))
    assert response.status_code == 302
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Your answer is waiting for a manager" in page
    assert "Answer and record your decision" not in page
    home = client.get(reverse("home")).content.decode()
    assert 'data-count="answers-waiting">1<' in home


@pytest.mark.django_db
def test_the_unit_sees_an_answer_is_waiting_but_nothing_of_it(verified_client):
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    _share_against_refusal(world, request, response_text="Attendance 92%; two late marks.")

    page = verified_client(world.worker).get(request.get_absolute_url()).content.decode()
    assert "waiting for a manager's sign-off there" in page
    assert "Attendance 92%" not in page


@pytest.mark.django_db
def test_the_manager_sees_what_waits_and_is_told_it_went(verified_client):
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    decision = _share_against_refusal(world, request)
    head = _head(world)
    client = verified_client(head)
    page = client.get(reverse("decisions:decision_detail", args=[decision.pk])).content.decode()
    assert "If you sign it off, it is sent now" in page

    response = client.post(
        reverse("decisions:sign_off", args=[decision.pk]), {"approve": "1", "note": ""}, follow=True
    )
    assert "has been sent to the requester" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.ANSWERED


@pytest.mark.django_db
def test_withdrawing_the_request_settles_the_waiting_answer_and_sign_off_then_sends_nothing(
    django_capture_on_commit_callbacks,
):
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    decision = _share_against_refusal(
        world, request, files=[SimpleUploadedFile("attendance.pdf", b"%PDF-1.4 attendance")]
    )
    stored = PendingAnswerDocument.objects.get().file
    storage, name = stored.storage, stored.name
    with django_capture_on_commit_callbacks(execute=True):
        request_services.request_withdraw(
            user=world.worker, request=request, reason="The review panel no longer needs it."
        )
    assert not PendingAnswerDocument.objects.exists() and not storage.exists(name)

    services.decision_sign_off(user=_head(world), decision=decision, approve=True, note="")

    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN and request.outcome == ""
    assert not decision.disclosures.exists() and not Attachment.objects.exists()
    assert PendingAnswer.objects.get().state == PendingAnswerState.WITHDRAWN


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_sign_off_and_withdrawal_at_once_one_wins():
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    decision = _share_against_refusal(world, request)
    head = _head(world)

    outcomes = at_once(
        lambda: services.decision_sign_off(
            user=head, decision=Decision.objects.get(pk=decision.pk), approve=True, note=""
        ),
        lambda: request_services.request_withdraw(
            user=world.worker,
            request=type(request).objects.get(pk=request.pk),
            reason="The review panel no longer needs it.",
        ),
    )

    request.refresh_from_db()
    pending = PendingAnswer.objects.get()
    sent = request.status == Status.ANSWERED
    # Either the answer went (and the withdrawal was refused), or the request was
    # withdrawn (and nothing went): never both, never neither.
    if sent:
        assert pending.state == PendingAnswerState.SENT
        assert decision.disclosures.count() == 1
        assert isinstance(outcomes[1], ValidationError)
        assert not request.events.filter(kind=EventKind.WITHDRAWN).exists()
    else:
        assert request.status == Status.WITHDRAWN
        assert pending.state == PendingAnswerState.WITHDRAWN
        assert not decision.disclosures.exists()
        assert not request.events.filter(kind=EventKind.ANSWERED).exists()
        assert not isinstance(outcomes[1], Exception)
    assert not isinstance(outcomes[0], Exception)  # the decision is signed off either way
    decision.refresh_from_db()
    assert decision.sign_off == "signed_off"


@pytest.mark.django_db
def test_disposing_of_the_request_takes_the_waiting_answer_and_its_files():
    from django.contrib.contenttypes.models import ContentType

    from retention.models import FileDeletion, RetentionRule, RetentionState
    from retention.models import Status as RetentionStatus
    from retention.services import disposal

    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    _share_against_refusal(
        world, request, files=[SimpleUploadedFile("attendance.pdf", b"%PDF-1.4 attendance")]
    )
    stored = PendingAnswerDocument.objects.get().file.name
    # The request approved for disposal by the DPO (its state set directly:
    # the sweep's dates are not what this test is about).
    dpo = UserFactory(organisation=world.partnership, roles=[Role.DPO])
    state = RetentionState.objects.create(
        content_type=ContentType.objects.get_for_model(request),
        object_id=request.pk,
        record_type="request",
        rule=RetentionRule.objects.filter(record_type="request").first(),
        status=RetentionStatus.APPROVED,
        approved_by=dpo,
        approved_at=timezone.now(),
    )

    certificate = disposal.dispose_record(state.pk)

    assert certificate is not None and certificate.files_removed == 1
    # Listed for deletion with the record, in the disposal's transaction.
    assert FileDeletion.objects.filter(name=stored).exists()
    assert not PendingAnswer.objects.exists() and not PendingAnswerDocument.objects.exists()
    assert not PendingAnswer.history.exists()
