"""Decision pages: the guide, recording from a request, the record and its PDF."""

import html
import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cases import services as case_services
from sharing.decisions import services
from sharing.models import AccessAction, AccessEvent, Decision, SignOff
from sharing.roles import Role
from tests.cases.factories import PersonFactory
from tests.requests.factories import World
from tests.sharing.decisions import drafting
from tests.sharing.decisions.builders import emergency_fields, refusal_fields
from tests.sharing.factories import UserFactory

pytestmark = pytest.mark.django_db

ANSWERS = "legitimate_purpose=yes&identifiable=yes&confidential=yes&consent=no&other_reason=yes"


@pytest.fixture
def world():
    return World()


@pytest.fixture
def case_with_neighbour(world):
    case = case_services.case_open(
        user=world.worker,
        team=world.team,
        child=world.child,
        summary="Concerns",
        reason="r",
        opened_on=date(2026, 10, 1),
    )
    neighbour = PersonFactory(
        owning_team=world.team,
        first_name="Pat",
        last_name="Neighbour",
        identity_protected=True,
        identity_protection_reason="Reported the concern",
    )
    case_services.participant_add(
        user=world.worker, case=case, person=neighbour, role="other", reason="r"
    )
    return case, neighbour


def test_the_guide_asks_one_question_at_a_time_and_suggests(verified_client, world):
    client = verified_client(world.worker)
    first = client.get(reverse("decisions:guide")).content.decode()
    assert "clear and legitimate purpose" in first
    done = client.get(reverse("decisions:guide") + "?" + ANSWERS).content.decode()
    assert "The guide suggests: share" in done
    stop = client.get(reverse("decisions:guide") + "?legitimate_purpose=no").content.decode()
    assert "The guide suggests: do not share" in stop


def test_incomplete_emergency_records_show_on_the_unit_dashboard(verified_client, world):
    services.decision_record(
        user=world.worker, **emergency_fields(rationale="Shared by phone: immediate risk.")
    )
    page = verified_client(world.worker).get(reverse("requests:dashboard")).content.decode()
    assert "1 emergency decision record to complete" in page


def test_a_worker_records_a_decision_for_an_incoming_request_and_its_disclosure(
    verified_client, world, case_with_neighbour
):
    case, neighbour = case_with_neighbour
    request = world.incoming_s47(case=case, subjects=[world.child, neighbour])
    client = verified_client(world.worker)

    response = drafting.record_through_task_list(
        client,
        f"request={request.pk}&{ANSWERS}",
        {
            "outcome": "share_in_part",
            "rationale": "Risk of significant harm.",
            "explanation_to_requester": "The referrer's identity is withheld.",
            "recipient_organisation": world.police.pk,
            "article6_basis": "6_1_e",
            "special_category": "on",
            "article9_condition": "9_2_g",
            "schedule1_condition": "para_18",
            "schedule1_para18_reason": "would_prejudice",
            "consent_status": "not_sought",
            "consent_not_sought_reason": "unsafe",
            "public_interest": "A risk of significant harm outweighs the family's confidence.",
            "necessity_proportionality": "Only the two referrals the strategy discussion needs.",
            "not_told_reason": "risk_of_harm",
            "identities_protected": [neighbour.pk],
        },
    )

    decision = Decision.objects.get()
    assert response.url == reverse("decisions:decision_detail", args=[decision.pk])
    assert decision.request == request and decision.case == case
    assert decision.guide_suggestion == "share"
    client.post(
        reverse("decisions:disclosure_new", args=[decision.pk]),
        {
            "recipient_organisation": world.police.pk,
            "shared_on": "2026-11-16",
            "channel": "secure_email",
            "items": "HISTORICAL: Two referrals in 2022 and 2024.\nOPINION: Mother engages well.",
        },
    )
    assert case.chronology.filter(kind="information_shared").exists()
    request_page = client.get(
        reverse("requests:request_detail", args=[request.pk])
    ).content.decode()
    assert f"Decision {decision.pk}" in request_page

    pdf = client.get(reverse("decisions:decision_pdf", args=[decision.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert pdf["Content-Disposition"] == f'attachment; filename="decision-{decision.pk}.pdf"'
    assert "Share in part" in text and "Two referrals" in text
    assert "Neighbour" not in text and "identity is protected" in text
    assert AccessEvent.objects.filter(action=AccessAction.DOWNLOAD, object_id=decision.pk).exists()


def test_each_missing_part_of_the_record_is_shown_and_nothing_saved(verified_client, world):
    client = verified_client(world.worker)
    draft = drafting.start(client, ANSWERS)

    def send(section, data):
        url = reverse("decisions:draft_section", args=[draft.pk, section])
        response = client.post(url, data)
        if response.status_code == 302 and response.url == url:
            # A new answer to the consent question: its own questions come next.
            response = client.post(url, data)
        return response

    # Each section's page says what is missing from it, in its error summary.
    refused = {
        "outcome": send("outcome", {"outcome": "share", "rationale": ""}),
        "lawful-basis": (
            send("outcome", {"outcome": "share", "rationale": "Risk of harm to the child."}),
            send("lawful-basis", {"special_category": "on"}),
        )[1],
        "consent": send("consent", {"consent_status": "not_sought"}),
        "telling": send("telling", {}),
    }
    for section, message in (
        ("outcome", "Record the reasons"),
        ("lawful-basis", "Article 6 basis"),
        ("lawful-basis", "needs an Article 9 condition"),
        ("consent", "why consent was not sought"),
        ("telling", "not told"),
    ):
        page = refused[section].content.decode()
        assert refused[section].status_code == 400, section
        assert "There is a problem" in page and message in page, (section, message)
    # Check your answers names each unfinished section and records nothing.
    check = drafting.record(client, draft)
    page = check.content.decode()
    assert check.status_code == 400
    for title in ("Lawful basis", "Consent", "Telling the child or family"):
        assert f"Complete the section: {title}" in page
    assert not Decision.objects.exists()


def test_a_manager_signs_off_a_refusal_from_the_queue(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    decision = services.decision_record(
        user=world.scpo_a,
        request=request,
        **refusal_fields(explanation_to_requester="Say which term."),
    )
    head = UserFactory(organisation=world.school_a, roles=[Role.MANAGER])
    client = verified_client(head)
    assert (
        f"Decision {decision.pk}" in client.get(reverse("decisions:decision_list")).content.decode()
    )
    client.post(
        reverse("decisions:sign_off", args=[decision.pk]), {"approve": "1", "note": "Agreed"}
    )
    decision.refresh_from_db()
    assert decision.sign_off == SignOff.SIGNED_OFF and decision.signed_off_by == head


def test_a_second_manager_signing_off_is_told_on_a_page_it_was_signed_off_first(
    verified_client, world
):
    request = world.s14b_to(world.school_a, world.scpo_a)
    decision = services.decision_record(
        user=world.scpo_a, request=request, **refusal_fields(explanation_to_requester="No.")
    )
    first = UserFactory(organisation=world.school_a, roles=[Role.MANAGER], first_name="Sam")
    second = UserFactory(organisation=world.school_a, roles=[Role.MANAGER], first_name="Ash")
    url = reverse("decisions:sign_off", args=[decision.pk])
    second_client = verified_client(second)
    # Both open the decision while it waits; the first signs off.
    assert "Sign off" in second_client.get(decision.get_absolute_url()).content.decode()
    verified_client(first).post(url, {"approve": "1", "note": "Agreed"})

    response = second_client.post(url, {"approve": "0", "note": "Ask which term"})
    page = html.unescape(response.content.decode())
    assert response.status_code == 409
    assert "The decision was not returned" in page
    assert "This decision was signed off a moment ago." in page
    # When, but not who: once signed off, the second manager no longer reads the
    # narrative, where the name is shown.
    assert "Signed off, " in page and first.get_full_name() not in page
    assert decision.get_absolute_url() in page
    decision.refresh_from_db()
    assert (decision.sign_off, decision.signed_off_by) == (SignOff.SIGNED_OFF, first)


def test_returning_a_decision_without_a_note_shows_the_page_again_with_the_note_marked(
    verified_client, world
):
    request = world.s14b_to(world.school_a, world.scpo_a)
    decision = services.decision_record(
        user=world.scpo_a, request=request, **refusal_fields(explanation_to_requester="No.")
    )
    head = UserFactory(organisation=world.school_a, roles=[Role.MANAGER])
    response = verified_client(head).post(
        reverse("decisions:sign_off", args=[decision.pk]), {"approve": "0", "note": ""}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "<title>Error: " in page
    assert 'href="#id_note">Say what is needed before it can be signed off.' in page
    decision.refresh_from_db()
    assert decision.sign_off == SignOff.PENDING


def test_the_requester_sees_the_outcome_not_the_internal_reasoning(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    decision = services.decision_record(
        user=world.scpo_a,
        request=request,
        **refusal_fields(
            rationale="INTERNAL: head teacher worried about the family's reaction.",
            explanation_to_requester="Please say which term.",
        ),
    )
    client = verified_client(world.worker)
    assert client.get(reverse("decisions:decision_detail", args=[decision.pk])).status_code == 404
    page = client.get(reverse("requests:request_detail", args=[request.pk])).content.decode()
    assert "INTERNAL" not in page
    assert "Please say which term." not in page  # not final until signed off
    head = UserFactory(organisation=world.school_a, roles=[Role.MANAGER])
    services.decision_sign_off(user=head, decision=decision, approve=True, note="")
    page = client.get(reverse("requests:request_detail", args=[request.pk])).content.decode()
    assert "not shared. Please say which term." in page and "INTERNAL" not in page
    other_school = verified_client(world.scpo_b)
    assert (
        other_school.get(reverse("decisions:decision_detail", args=[decision.pk])).status_code
        == 404
    )
