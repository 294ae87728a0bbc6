"""One path out (issue 15): an answer that shares in full or in part, or
declines, is made through the answerer's own sharing decision recorded in the
same transaction; what the answer shares is a disclosure under that decision
(golden rule 7, seeds 000 §4, 001, 003, 004)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from requests import services as request_services
from requests.models import Outcome, Status
from sharing.choices import Article6Basis, DecisionOutcome
from sharing.decisions import services
from sharing.models import Decision, Disclosure
from tests.cases.factories import PersonFactory
from tests.requests.factories import World
from tests.sharing.decisions.builders import decision_fields, refusal_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


@pytest.mark.parametrize("outcome", [Outcome.SHARED, Outcome.SHARED_IN_PART, Outcome.DECLINED])
def test_an_answer_that_shares_or_declines_without_a_decision_is_refused(world, outcome):
    request = world.s14b_to(world.school_a, world.scpo_a)
    with pytest.raises(ValidationError, match="sharing decision"):
        request_services.request_answer(
            user=world.scpo_a,
            request=request,
            outcome=outcome,
            outcome_reason="Only attendance is shared.",
            response_text="Attendance 92%.",
            response_status="fact",
        )
    request.refresh_from_db()
    assert request.status != Status.ANSWERED
    assert not Decision.objects.exists() and not Disclosure.objects.exists()


# --- Answering by recording the decision ------------------------------------------


def _answer(world, request, **overrides):
    fields = {
        "user": world.scpo_a,
        "request": request,
        "decision_fields": decision_fields(),
        "response_text": "Attendance 92%; two late marks.",
        "response_status": "fact",
        "channel": "register",
    }
    return services.request_answer_by_decision(**{**fields, **overrides})


def test_sharing_in_answer_records_the_decision_and_what_left_under_it(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    decision = _answer(world, request)
    request.refresh_from_db()
    assert request.status == Status.ANSWERED and request.outcome == Outcome.SHARED
    assert decision.request == request and decision.made_by == world.scpo_a
    assert decision.organisation == world.school_a
    assert decision.recipient_organisation == request.requesting_organisation
    assert list(request.decisions.all()) == [decision]
    (disclosure,) = decision.disclosures.all()
    assert disclosure.recipient_organisation == request.requesting_organisation
    assert [(i.text, i.information_status) for i in disclosure.items.all()] == [
        ("Attendance 92%; two late marks.", "fact")
    ]


def test_a_decline_is_a_decision_not_to_share_with_its_reasons_and_nothing_leaves(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    decision = _answer(
        world,
        request,
        decision_fields=refusal_fields(explanation_to_requester="Ask the family's GP instead."),
        response_text="",
        response_status="",
    )
    assert decision.outcome == DecisionOutcome.DO_NOT_SHARE
    assert decision.explanation_to_requester == "Ask the family's GP instead."
    assert list(request.decisions.all()) == [decision]
    assert not decision.disclosures.exists()
    # It reaches the requester once a manager signs it off (test_held_answers.py).
    request.refresh_from_db()
    assert request.outcome == "" and request.status == Status.OPEN


@pytest.mark.parametrize(
    ("fields", "field_in_error"),
    [
        (decision_fields(article6_basis=Article6Basis.LEGITIMATE_INTERESTS), "article6_basis"),
        (decision_fields(necessity_proportionality="x"), "necessity_proportionality"),
        (decision_fields(rationale=""), "rationale"),
        (refusal_fields(explanation_to_requester=""), "explanation_to_requester"),
    ],
)
def test_the_decisions_own_rules_hold_on_the_answer_and_nothing_is_saved(
    world, fields, field_in_error
):
    request = world.s14b_to(world.school_a, world.scpo_a)
    with pytest.raises(ValidationError) as refused:
        _answer(world, request, decision_fields=fields)
    assert field_in_error in refused.value.error_dict
    request.refresh_from_db()
    assert request.status != Status.ANSWERED
    assert not Decision.objects.exists() and not Disclosure.objects.exists()
    assert not request.attachments.exists()


def test_an_answer_that_breaks_the_answer_rules_saves_no_decision(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    with pytest.raises(ValidationError, match="fact, opinion or historical"):
        _answer(world, request, response_status="")
    with pytest.raises(ValidationError, match="secure way"):
        _answer(world, request, channel="whatsapp")
    assert not Decision.objects.exists()


def test_the_answer_goes_to_whoever_asked(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    with pytest.raises(ValidationError, match="who asked"):
        _answer(
            world, request, decision_fields=decision_fields(recipient_organisation=world.police)
        )
    assert not Decision.objects.exists()


def test_only_the_addressee_answers(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    with pytest.raises(PermissionDenied):
        _answer(world, request, user=world.scpo_b)
    assert not Decision.objects.exists()


def test_an_answered_request_takes_no_second_decision(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    _answer(world, request)
    with pytest.raises(ValidationError, match="no longer open"):
        _answer(world, request)
    assert Decision.objects.count() == 1


def test_a_decision_recorded_earlier_or_by_someone_else_cannot_carry_an_answer(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    earlier = services.decision_record(user=world.scpo_a, request=request, **decision_fields())
    services.disclosure_record(
        user=world.scpo_a,
        decision=earlier,
        recipient_organisation=request.requesting_organisation,
        shared_on=earlier.made_at.date(),
        channel="secure_email",
        items=[("Attendance 92%.", "fact")],
    )
    with pytest.raises(ValidationError, match="sharing decision"):
        request_services.request_answer(
            user=world.scpo_a,
            request=request,
            decision=earlier,
            outcome=Outcome.SHARED,
            response_text="Attendance 92%.",
            response_status="fact",
        )
    request.refresh_from_db()
    assert request.status != Status.ANSWERED


def test_the_answer_must_say_what_the_decision_says(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    decision = services.decision_record(user=world.scpo_a, request=request, **decision_fields())
    with pytest.raises(ValidationError, match="what your sharing decision says"):
        request_services.request_answer(
            user=world.scpo_a,
            request=request,
            decision=decision,
            outcome=Outcome.DECLINED,
            outcome_reason="No.",
            response_text="",
        )


# --- Free text naming someone protected (golden rule 5) -----------------------------


@pytest.fixture
def protected_neighbour(world):
    neighbour = PersonFactory(
        owning_team=world.team,
        first_name="Pat",
        last_name="Neighbour",
        identity_protected=True,
        identity_protection_reason="Reported the concern",
    )
    return neighbour


def test_an_answer_naming_a_protected_subject_is_held_back_until_checked(
    world, protected_neighbour
):
    request = world.s14b_to(
        world.school_a, world.scpo_a, subjects=[world.child, protected_neighbour]
    )
    with pytest.raises(ValidationError) as refused:
        _answer(world, request, response_text="Mrs Neighbour raised it with the office.")
    assert set(refused.value.error_dict) == {"response_text", "names_checked"}
    assert not Decision.objects.exists()
    _answer(world, request, response_text="Mrs Neighbour raised it.", names_checked=True)
    request.refresh_from_db()
    assert request.status == Status.ANSWERED


@pytest.mark.parametrize(
    "file_name", ["Pat Neighbour statement.pdf", "neighbour_statement.pdf", "PatNeighbour.pdf"]
)
def test_a_document_whose_file_name_names_a_protected_person_is_held_back_until_checked(
    world, protected_neighbour, file_name
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from requests.models import Attachment

    request = world.s14b_to(
        world.school_a, world.scpo_a, subjects=[world.child, protected_neighbour]
    )

    def document():
        return [SimpleUploadedFile(file_name, b"%PDF-1.4 statement")]

    with pytest.raises(ValidationError) as refused:
        _answer(world, request, response_text="Statement attached.", files=document())
    assert set(refused.value.error_dict) == {"documents", "names_checked"}
    assert "file name" in refused.value.error_dict["documents"][0].message
    assert not Decision.objects.exists() and not Attachment.objects.exists()

    _answer(
        world, request, response_text="Statement attached.", files=document(), names_checked=True
    )
    assert Attachment.objects.get().original_name == file_name


def test_a_document_named_otherwise_goes_without_a_warning(world, protected_neighbour):
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = world.s14b_to(
        world.school_a, world.scpo_a, subjects=[world.child, protected_neighbour]
    )
    # "neighbours" is another word than the surname "Neighbour".
    files = [SimpleUploadedFile("what the neighbours said.pdf", b"%PDF-1.4 statement")]
    _answer(world, request, response_text="Statement attached.", files=files)
    request.refresh_from_db()
    assert request.status == Status.ANSWERED


def test_an_explanation_naming_someone_the_decision_protects_is_held_back(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    with pytest.raises(ValidationError) as refused:
        _answer(
            world,
            request,
            decision_fields=refusal_fields(explanation_to_requester="Jamie's mother objects."),
            identities_protected=[world.child],
            response_text="",
            response_status="",
        )
    assert "explanation_to_requester" in refused.value.error_dict


def test_a_disclosure_item_naming_someone_protected_is_held_back_until_checked(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    decision = services.decision_record(
        user=world.scpo_a, request=request, identities_protected=[world.child], **decision_fields()
    )
    fields = {
        "user": world.scpo_a,
        "decision": decision,
        "recipient_organisation": request.requesting_organisation,
        "shared_on": decision.made_at.date(),
        "channel": "secure_email",
        "items": [("Jamie Reed attended 92%.", "fact")],
    }
    with pytest.raises(ValidationError) as refused:
        services.disclosure_record(**fields)
    assert set(refused.value.error_dict) == {"items", "names_checked"}
    assert not Disclosure.objects.exists()
    services.disclosure_record(**fields, names_checked=True)
    assert Disclosure.objects.count() == 1


def test_sharing_against_refused_consent_waits_for_sign_off_before_any_answer(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    decision = _answer(
        world,
        request,
        decision_fields=decision_fields(
            consent_status="refused",
            consent_not_sought_reason="",
            consent_override_rationale="A risk to the child's life outweighs the refusal.",
        ),
    )
    assert decision.sign_off == "pending"
    request.refresh_from_db()
    assert request.status != Status.ANSWERED and request.response_text == ""
    assert not Disclosure.objects.exists()


def test_an_organisation_id_no_database_could_hold_is_refused_plainly(verified_client, world):
    from django.urls import reverse

    from tests.requests.factories import answer_post

    request = world.s14b_to(world.school_a, world.scpo_a)
    response = verified_client(world.scpo_a).post(
        reverse("decisions:answer_request", args=[request.pk]),
        answer_post(consent_covers="9223372036854775808"),
    )
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_a_decisions_explanation_naming_someone_protected_is_held_back_until_checked(
    verified_client, world, protected_neighbour
):
    from tests.requests.factories import decline_post
    from tests.sharing.decisions import drafting

    request = world.incoming_s47(subjects=[world.child, protected_neighbour])
    client = verified_client(world.worker)
    draft = drafting.start(client, f"request={request.pk}")
    post = decline_post(explanation_to_requester="Mrs Neighbour asked us not to say.")
    drafting.save_sections(client, draft, post)
    refused = drafting.record(client, draft)
    assert refused.status_code == 400 and "may name someone whose identity" in (
        refused.content.decode()
    )
    assert not Decision.objects.exists()
    drafting.save_sections(client, draft, {**post, "names_checked": "on"})
    assert drafting.record(client, draft).status_code == 302
    assert Decision.objects.count() == 1


def test_an_answer_refused_after_its_documents_were_stored_leaves_no_file(world, monkeypatch):
    import os

    from django.core.files.uploadedfile import SimpleUploadedFile

    from requests.models import Attachment
    from sharing.decisions.services import answers

    def stored(storage):
        return {os.path.join(d, f) for d, _, files in os.walk(storage.location) for f in files}

    storage = Attachment.file.field.storage
    before = stored(storage)

    def refuse(**kwargs):
        raise ValidationError("This decision has been reconsidered: use the latest decision.")

    monkeypatch.setattr(answers, "disclosure_record", refuse)
    request = world.s14b_to(world.school_a, world.scpo_a)
    with pytest.raises(ValidationError, match="reconsidered"):
        _answer(
            world,
            request,
            files=[SimpleUploadedFile("attendance.pdf", b"%PDF-1.4 attendance")],
        )
    assert stored(storage) == before
    assert not Attachment.objects.exists() and not Decision.objects.exists()
