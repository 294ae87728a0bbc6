"""Need-to-know for decisions (issue 12): the narrative (reasons, what was
shared, the people named) is for those who may open the decision's case, the
manager asked to sign it off while it waits, the deciding team of a case-less
decision, and the DPO only for an hour of reasoned, logged access. Managers and
the DPO otherwise see metadata: no names, no reasons, no PDF."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases import services as case_services
from sharing.choices import ConsentNotSoughtReason, NotToldReason
from sharing.decisions import permissions, services
from sharing.decisions.pdf import decision_pdf
from sharing.models import AccessAction, AccessEvent, DecisionAccess
from sharing.roles import Role
from tests.cases.factories import PersonFactory, make_team, team_member
from tests.requests.factories import World
from tests.sharing.decisions import drafting
from tests.sharing.decisions.builders import decision_fields, refusal_fields
from tests.sharing.factories import UserFactory

pytestmark = pytest.mark.django_db

REASONS = "Police strategy discussion: risk of significant harm."
ITEM = "Two referrals in 2022 and 2024"


@pytest.fixture
def world():
    return World()


@pytest.fixture
def manager(world):
    return UserFactory(organisation=world.partnership, roles=[Role.MANAGER])


@pytest.fixture
def dpo(world):
    return UserFactory(organisation=world.partnership, roles=[Role.DPO])


@pytest.fixture
def case(world):
    return case_services.case_open(
        user=world.worker,
        team=world.team,
        child=world.child,
        summary="Concerns",
        reason="r",
        opened_on=date(2026, 10, 1),
    )


@pytest.fixture
def decision(world, case):
    """A decision on a case, answering a police request about Jamie Reed, and
    what was shared under it."""
    request = world.incoming_s47(case=case)
    decision = services.decision_record(
        user=world.worker,
        request=request,
        case=case,
        recipient_organisation=world.police,
        **decision_fields(
            rationale=REASONS,
            consent_not_sought_reason=ConsentNotSoughtReason.UNSAFE,
            not_told_reason=NotToldReason.RISK_OF_HARM,
        ),
    )
    services.disclosure_record(
        user=world.worker,
        decision=decision,
        recipient_organisation=world.police,
        shared_on=date(2026, 11, 16),
        channel="secure_email",
        items=[(ITEM, "historical")],
    )
    return decision


def _page(client, decision):
    return client.get(reverse("decisions:decision_detail", args=[decision.pk]))


def _pdf(client, decision):
    return client.get(reverse("decisions:decision_pdf", args=[decision.pk]))


def _narrative_shown(body: str) -> bool:
    return any(text in body for text in ("Jamie", "Reed", REASONS, ITEM))


def test_the_team_reads_the_whole_record_and_its_pdf(verified_client, world, decision):
    client = verified_client(world.worker)
    body = _page(client, decision).content.decode()
    assert "Jamie Reed" in body and REASONS in body and ITEM in body
    pdf = _pdf(client, decision)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert REASONS in text


def test_a_manager_without_break_glass_sees_metadata_only_and_no_pdf(
    verified_client, world, manager, decision, case
):
    client = verified_client(manager)
    response = _page(client, decision)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Share" in body and "6(1)(e) public task" in body
    assert not _narrative_shown(body)
    assert str(world.worker) not in body  # no names at all, not even the maker's
    assert _pdf(client, decision).status_code == 404

    # Break-glass on the case (reason given, logged) opens the decision too.
    case_services.break_glass_open(
        user=manager, reference=case.reference, reason="Out of hours call from police"
    )
    assert _narrative_shown(_page(client, decision).content.decode())
    assert _pdf(client, decision).status_code == 200


def test_the_decisions_list_shows_a_manager_no_names_of_decisions_they_may_not_read(
    verified_client, world, manager, decision
):
    body = verified_client(manager).get(reverse("decisions:decision_list")).content.decode()
    assert f">{decision.pk}<" in body
    assert str(world.worker) not in body


def test_the_dpo_sees_metadata_then_reads_after_a_reasoned_access_until_it_expires(
    verified_client, world, dpo, manager, decision, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    client = verified_client(dpo)
    body = _page(client, decision).content.decode()
    assert "Not sought" in body and not _narrative_shown(body)
    assert _pdf(client, decision).status_code == 404

    url = reverse("decisions:dpo_access", args=[decision.pk])
    refused = client.post(url, {"reason": "SAR"}).content.decode()
    assert "Say why you need to read this decision" in refused
    assert not DecisionAccess.objects.exists()

    client.post(url, {"reason": "Subject access request received 20 November"})
    access = DecisionAccess.objects.get()
    assert (access.user, access.decision) == (dpo, decision)
    assert AccessEvent.objects.filter(
        user=dpo, action=AccessAction.BREAK_GLASS, object_id=decision.pk
    ).exists()
    body = _page(client, decision).content.decode()
    assert "Jamie Reed" in body and REASONS in body and "reasoned access until" in body
    assert _pdf(client, decision).status_code == 200

    # Listed for review, for managers as for the DPO.
    review = verified_client(manager).get(reverse("decisions:decision_accesses"))
    assert "Subject access request received 20 November" in review.content.decode()

    time_machine.move_to(timezone.now() + timedelta(minutes=61), tick=False)
    assert not _narrative_shown(_page(client, decision).content.decode())
    assert _pdf(client, decision).status_code == 404


def test_only_the_dpo_asks_for_reasoned_access(world, manager, decision):
    with pytest.raises(PermissionDenied):
        services.decision_access_open(
            user=manager, decision=decision, reason="I would like to read it"
        )


def test_a_case_less_decision_is_not_visible_to_another_team_of_the_organisation(
    verified_client, world
):
    decision = services.decision_record(
        user=world.worker,
        **decision_fields(
            rationale="Shared by phone with the school nurse.",
            not_told_reason=NotToldReason.RISK_OF_HARM,
        ),
    )
    other_team = team_member(
        make_team(organisation=world.partnership, name="Other"), roles=[Role.UNIT_STAFF]
    )
    teammate = team_member(world.team, roles=[Role.UNIT_STAFF])

    outsider = verified_client(other_team)
    assert _page(outsider, decision).status_code == 404
    assert _pdf(outsider, decision).status_code == 404
    assert (
        f">{decision.pk}<" not in outsider.get(reverse("decisions:decision_list")).content.decode()
    )
    assert decision not in permissions.readable_decisions(other_team)
    assert "school nurse" in _page(verified_client(teammate), decision).content.decode()


def test_the_manager_asked_to_sign_off_reads_it_while_it_waits_and_not_after(
    verified_client, world, manager, case
):
    refusal = services.decision_record(
        user=world.worker,
        case=case,
        **refusal_fields(rationale="Not necessary: the school already knows."),
    )
    client = verified_client(manager)
    assert "the school already knows" in _page(client, refusal).content.decode()
    other_manager = UserFactory(organisation=world.partnership, roles=[Role.MANAGER])
    services.decision_sign_off(user=other_manager, decision=refusal, approve=True, note="")
    assert "the school already knows" not in _page(client, refusal).content.decode()


def test_a_manager_of_another_organisation_gets_nothing(verified_client, world, decision):
    elsewhere = UserFactory(organisation=world.school_a, roles=[Role.MANAGER])
    client = verified_client(elsewhere)
    assert _page(client, decision).status_code == 404
    assert _pdf(client, decision).status_code == 404


# --- Reads logged -------------------------------------------------------------------


def _logged(user, obj) -> bool:
    return AccessEvent.objects.filter(
        user=user, content_type__model=obj._meta.model_name, object_id=obj.pk
    ).exists()


def test_the_decisions_pages_log_the_request_its_subjects_and_the_cases_people(
    verified_client, world, case
):
    neighbour = PersonFactory(owning_team=world.team, first_name="Pat", last_name="Neighbour")
    case_services.participant_add(
        user=world.worker, case=case, person=neighbour, role="other", reason="r"
    )
    request = world.incoming_s47(case=case)
    client = verified_client(world.worker)
    draft = drafting.start(client, f"request={request.pk}")
    AccessEvent.objects.all().delete()

    # Whose identity to protect: the request's subjects and the case's people, by name.
    body = client.get(
        reverse("decisions:draft_section", args=[draft.pk, "identities"])
    ).content.decode()

    assert "Jamie" in body and "Neighbour" in body
    for shown in (request, case, world.child, neighbour):
        assert _logged(world.worker, shown), shown


def test_the_decisions_task_list_from_a_case_logs_the_case_and_its_people(
    verified_client, world, case
):
    client = verified_client(world.worker)
    draft = drafting.start(client, f"case={case.pk}")
    AccessEvent.objects.all().delete()
    client.get(reverse("decisions:draft_tasks", args=[draft.pk]))
    assert _logged(world.worker, case) and _logged(world.worker, world.child)


def test_the_decision_page_logs_the_decision_and_the_people_named(verified_client, world, decision):
    AccessEvent.objects.all().delete()
    _page(verified_client(world.worker), decision)
    assert _logged(world.worker, decision) and _logged(world.worker, world.child)


def test_the_pdf_is_never_built_for_someone_who_may_not_read_the_narrative(
    world, manager, dpo, decision
):
    for user in (manager, dpo):
        with pytest.raises(Http404):
            decision_pdf(decision, [], [], user=user)
    assert decision_pdf(decision, [], [], user=world.worker).startswith(b"%PDF")


def test_the_reasoned_access_list_is_for_managers_and_the_dpo(verified_client, world, dpo):
    url = reverse("decisions:decision_accesses")
    assert verified_client(world.worker).get(url).status_code == 403
    assert verified_client(dpo).get(url).status_code == 200
