"""Request pages: the unit's dashboard and forms, the SCPO's inbox and answer,
documents only through a permission-checked, logged download."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases import services as case_services
from cases.models import Person
from requests.models import InformationRequest, Outcome, Status
from sharing.decisions import services as decision_services
from sharing.models import AccessAction, AccessEvent
from sharing.roles import Role
from tests.sharing.factories import UserFactory

from .factories import World, answer, answer_post, decline_post, gateway

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def _answered_with_document(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    answer(
        user=world.scpo_a,
        request=request,
        outcome=Outcome.SHARED,
        response_status="fact",
        response_text="See attached.",
        files=[
            SimpleUploadedFile(
                "Jamie attendance.pdf", b"%PDF-1.4 x", content_type="application/pdf"
            )
        ],
    )
    return request


def test_the_unit_logs_an_incoming_request_through_the_form(verified_client, world, time_machine):
    time_machine.move_to("2026-12-24 09:00Z")
    client = verified_client(world.worker)
    response = client.post(
        reverse("requests:log_incoming") + f"?person={world.child.pk}",
        {
            "team": world.team.pk,
            "requesting_organisation": world.police.pk,
            "requester_contact": "DC Smith",
            "gateway": gateway("ca1989-s17-s47").pk,
            "ca1989_section": "s47",
            "information_sought": "Known concerns.",
            "purpose": "Strategy",
            "urgency": "urgent",
            "started_on": "2026-12-24",
            "subjects": [world.child.pk],
            "includes_personal_information": "on",
        },
    )
    request = InformationRequest.objects.get()
    assert response.url == reverse("requests:request_detail", args=[request.pk])
    assert str(request.due_on) == "2026-12-29"  # urgent s47: one working day, over Christmas
    assert list(request.subjects.all()) == [world.child]


def test_a_broken_gateway_rule_is_shown_and_nothing_is_saved(verified_client, world):
    response = verified_client(world.worker).post(
        reverse("requests:log_incoming"),
        {
            "team": world.team.pk,
            "requesting_organisation": world.police.pk,
            "gateway": gateway("ca1989-s17-s47").pk,
            "information_sought": "x",
            "purpose": "y",
            "urgency": "routine",
            "started_on": "2026-11-16",
        },
    )
    assert response.status_code == 200
    assert "must say whether it is made under s17" in response.content.decode()
    assert not InformationRequest.objects.exists()


def _incoming(world, **overrides):
    data = {
        "team": world.team.pk,
        "requesting_organisation": world.police.pk,
        "gateway": gateway("ca1989-s17-s47").pk,
        "ca1989_section": "s47",
        "information_sought": "Known concerns.",
        "purpose": "Strategy",
        "urgency": "routine",
        "started_on": "2026-11-16",
    }
    data.update(overrides)
    return data


def test_a_second_request_from_the_same_requester_about_the_same_child_is_caught(
    verified_client, world
):
    world.incoming_s47()
    data = _incoming(world, started_on="2026-11-17", subjects=[world.child.pk])
    client = verified_client(world.worker)
    url = reverse("requests:log_incoming") + f"?person={world.child.pk}"
    response = client.post(url, data)
    assert "already has an open request about the same person" in response.content.decode()
    assert InformationRequest.objects.count() == 1
    client.post(url, {**data, "confirm_not_duplicate": "1"})
    assert InformationRequest.objects.count() == 2


def test_a_request_started_from_a_case_offers_that_cases_people_and_logs_the_read(
    verified_client, world
):
    from tests.cases.factories import PersonFactory, open_case

    case = open_case(world.team, world.worker, child=world.child)
    mother = PersonFactory(owning_team=world.team, first_name="Alex", last_name="Reed")
    case_services.participant_add(
        user=world.worker, case=case, person=mother, role="parent", reason="Referral"
    )
    elsewhere = PersonFactory(owning_team=world.team, first_name="Robin", last_name="Hale")
    client = verified_client(world.worker)

    url = reverse("requests:log_incoming") + f"?case={case.pk}"
    page = client.get(url).content.decode()
    assert case.reference in page
    assert "Jamie Reed" in page and "Alex Reed" in page
    assert "Robin Hale" not in page  # the team's, but not in this case
    logged = set(
        AccessEvent.objects.filter(
            user=world.worker,
            action=AccessAction.VIEW,
            content_type=ContentType.objects.get_for_model(Person),
        ).values_list("object_id", flat=True)
    )
    assert {world.child.pk, mother.pk} <= logged

    # A person or a case from outside what was offered is refused, nothing saved.
    other_case = open_case(world.team, world.worker, child=elsewhere)
    for outside in ({"subjects": [elsewhere.pk]}, {"case": other_case.pk}):
        refused = client.post(url, _incoming(world, **outside))
        assert refused.status_code == 200
        assert "Select a valid choice" in refused.content.decode()
        assert not InformationRequest.objects.exists()

    client.post(url, _incoming(world, subjects=[world.child.pk, mother.pk], case=case.pk))
    request = InformationRequest.objects.get()
    assert request.case == case
    assert set(request.subjects.all()) == {world.child, mother}


def test_people_from_another_case_are_added_by_a_search_that_keeps_names_out_of_the_address(
    verified_client, world
):
    from tests.cases.factories import PersonFactory, open_case

    case = open_case(world.team, world.worker, child=world.child)
    sibling = PersonFactory(owning_team=world.team, first_name="Robin", last_name="Hale")
    open_case(world.team, world.worker, child=sibling)
    client = verified_client(world.worker)
    start = reverse("requests:log_incoming") + f"?case={case.pk}"

    found = client.post(start, {"search": "1", "q": "Hale"})
    assert "Hale" not in found.url and f"case={case.pk}" in found.url
    page = client.get(found.url).content.decode()
    assert "Robin Hale" in page
    with_sibling = f"{start}&person={sibling.pk}"
    assert f"person={sibling.pk}" in page

    page = client.get(with_sibling).content.decode()
    assert "Robin Hale" in page and "Jamie Reed" in page
    client.post(with_sibling, _incoming(world, subjects=[world.child.pk, sibling.pk]))
    request = InformationRequest.objects.get()
    assert set(request.subjects.all()) == {world.child, sibling}


def test_a_request_from_a_case_is_recorded_by_that_cases_team(verified_client, world):
    from sharing import services as sharing_services
    from tests.cases.factories import make_team, open_case

    second = make_team(organisation=world.partnership, name="Exploitation")
    sharing_services.team_add_member(team=second, user=world.worker)  # in both teams
    case = open_case(second, world.worker, child=world.child)
    page = verified_client(world.worker).get(reverse("requests:send_outgoing") + f"?case={case.pk}")
    assert page.context["form"].initial["team"] == second


def test_a_view_only_grant_does_not_start_a_request(verified_client, world):
    from tests.cases.factories import PersonFactory, make_team, open_case, team_member

    other_team = make_team(organisation=world.partnership, name="Exploitation")
    colleague = team_member(other_team, roles=[Role.UNIT_STAFF])
    child = PersonFactory(owning_team=other_team, first_name="Casey", last_name="Moss")
    case = open_case(other_team, colleague, child=child)
    case_services.case_grant(
        user=colleague, case=case, practitioner=world.worker, can_change=False, reason="Cover"
    )
    client = verified_client(world.worker)
    detail = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert detail.status_code == 200
    assert "Log an incoming request" not in detail.content.decode()
    person = client.get(reverse("cases:person_detail", args=[child.pk]))
    assert person.status_code == 200
    assert "Log an incoming request" not in person.content.decode()
    for start in (f"?case={case.pk}", f"?person={child.pk}"):
        assert client.get(reverse("requests:log_incoming") + start).status_code == 404


def test_the_request_form_lists_nobody_the_user_may_see_when_started_from_nowhere(
    verified_client, world
):
    from tests.cases.factories import open_case

    open_case(world.team, world.worker, child=world.child)
    page = verified_client(world.worker).get(reverse("requests:send_outgoing")).content.decode()
    assert "Jamie Reed" not in page
    assert "Nobody yet" in page


def test_the_request_form_costs_the_same_however_many_cases_the_team_has(
    verified_client, world, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.cases.factories import open_case

    case = open_case(world.team, world.worker, child=world.child)
    client = verified_client(world.worker)
    url = reverse("requests:send_outgoing") + f"?case={case.pk}"

    def measured():
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url).content.decode()
        return len(ctx.captured_queries), page.count("<option"), page.count('type="checkbox"')

    measured()  # the first page of a process also caches content types
    few = measured()
    for _ in range(10):
        open_case(world.team, world.worker)
    assert measured() == few
    with django_assert_max_num_queries(15):
        client.get(url)


@pytest.mark.parametrize("param", ["case", "person"])
def test_a_request_cannot_start_from_another_teams_case_or_person(verified_client, world, param):
    from tests.cases.factories import PersonFactory, make_team, open_case, team_member

    other_team = make_team(organisation=world.partnership, name="Exploitation")
    colleague = team_member(other_team, roles=[Role.UNIT_STAFF])
    child = PersonFactory(owning_team=other_team, first_name="Casey", last_name="Moss")
    case = open_case(other_team, colleague, child=child)
    target = case.pk if param == "case" else child.pk
    response = verified_client(world.worker).get(
        reverse("requests:log_incoming") + f"?{param}={target}"
    )
    assert response.status_code == 404
    assert "Casey" not in response.content.decode()


def test_the_scpo_answers_in_the_register_with_a_file(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    client = verified_client(world.scpo_a)

    page = client.get(reverse("requests:request_detail", args=[request.pk])).content.decode()
    assert "Answer this request" in page
    response = client.post(
        reverse("decisions:answer_request", args=[request.pk]),
        answer_post(
            response_text="Attendance attached.",
            documents=[
                SimpleUploadedFile("attendance.pdf", b"%PDF-1.4", content_type="application/pdf")
            ],
        ),
    )
    request.refresh_from_db()
    assert response.status_code == 302
    assert request.status == Status.ANSWERED and request.attachments.count() == 1
    # What left is listed under the decision: the answer and the document.
    (disclosure,) = request.decisions.get().disclosures.all()
    assert [item.text for item in disclosure.items.all()] == [
        "Attendance attached.",
        "Document: attendance.pdf",
    ]


def test_the_scpo_declines_with_a_reason(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    verified_client(world.scpo_a).post(
        reverse("decisions:answer_request", args=[request.pk]),
        decline_post(explanation_to_requester="Pupil left in 2024; records transferred."),
    )
    # A decline reaches the requester once the school's manager signs it off.
    head = UserFactory(organisation=world.school_a, roles=[Role.MANAGER])
    decision_services.decision_sign_off(
        user=head, decision=request.decisions.get(), approve=True, note=""
    )
    request.refresh_from_db()
    assert (request.outcome, request.outcome_reason) == (
        Outcome.DECLINED,
        "Pupil left in 2024; records transferred.",
    )
    # A decline is a decision not to share, with its reasons; nothing left.
    decision = request.decisions.get()
    assert decision.outcome == "do_not_share" and not decision.disclosures.exists()


def test_the_scpo_inbox_shows_only_requests_addressed_to_them(verified_client, world):
    mine = world.s14b_to(world.school_a, world.scpo_a)
    theirs = world.s14b_to(world.school_b, world.scpo_b)

    page = verified_client(world.scpo_a).get(reverse("requests:inbox")).content.decode()

    assert mine.reference in page and theirs.reference not in page


def test_one_schools_scpo_cannot_reach_the_other_schools_request_or_document(
    verified_client, world
):
    theirs = _answered_with_document(world)  # addressed to school A
    attachment = theirs.attachments.get()
    client = verified_client(world.scpo_b)

    assert client.get(reverse("requests:request_detail", args=[theirs.pk])).status_code == 404
    assert (
        client.get(reverse("requests:attachment_download", args=[attachment.pk])).status_code == 404
    )
    for name in ("decisions:answer_request", "requests:not_held"):
        assert client.post(reverse(name, args=[theirs.pk]), answer_post()).status_code == 404
    assert theirs.reference not in client.get(reverse("requests:dashboard")).content.decode()


def test_the_scpo_sees_nothing_of_the_case_behind_the_request(verified_client, world):
    case = case_services.case_open(
        user=world.worker,
        team=world.team,
        child=world.child,
        summary="Concerns",
        reason="r",
        opened_on=world.child.date_of_birth.replace(year=2026),
    )
    request = world.s14b_to(world.school_a, world.scpo_a, case=case)
    client = verified_client(world.scpo_a)

    page = client.get(reverse("requests:request_detail", args=[request.pk])).content.decode()

    assert case.reference not in page
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    assert case.reference not in client.get(reverse("cases:case_list")).content.decode()


def test_documents_download_under_a_neutral_name_and_the_download_is_logged(verified_client, world):
    request = _answered_with_document(world)
    attachment = request.attachments.get()
    client = verified_client(world.worker)

    response = client.get(reverse("requests:attachment_download", args=[attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x"
    disposition = response["Content-Disposition"]
    assert "Jamie" not in disposition and request.reference in disposition
    assert AccessEvent.objects.filter(
        user=world.worker, action=AccessAction.DOWNLOAD, object_id=attachment.pk
    ).exists()


def test_the_recipient_opening_the_request_is_noted_once(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    client = verified_client(world.scpo_a)
    client.get(reverse("requests:request_detail", args=[request.pk]))
    client.get(reverse("requests:request_detail", args=[request.pk]))
    assert request.events.filter(kind="viewed").count() == 1


def test_an_outsider_gets_404_for_requests(verified_client, world):
    request = world.incoming_s47()
    outsider = UserFactory()
    client = verified_client(outsider)
    for name in ("request_detail",):
        assert client.get(reverse(f"requests:{name}", args=[request.pk])).status_code == 404
    for name in ("not_held", "close", "clarify", "change_due"):
        assert client.post(reverse(f"requests:{name}", args=[request.pk]), {}).status_code == 404
    answering = reverse("decisions:answer_request", args=[request.pk])
    assert client.post(answering, {}).status_code == 404


def test_clarification_goes_back_and_forth(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    verified_client(world.scpo_a).post(
        reverse("requests:clarify", args=[request.pk]),
        {"text": "Which term do you mean?", "action": "ask"},
    )
    request.refresh_from_db()
    assert request.status == Status.CLARIFICATION
    verified_client(world.worker).post(
        reverse("requests:clarify", args=[request.pk]), {"text": "Autumn 2025.", "action": "answer"}
    )
    request.refresh_from_db()
    assert request.status == Status.OPEN
    assert [e.text for e in request.events.filter(kind__startswith="clarification")] == [
        "Which term do you mean?",
        "Autumn 2025.",
    ]


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_and_inbox_run_a_fixed_number_of_queries(verified_client, world):
    for _ in range(2):
        world.s14b_to(world.school_a, world.scpo_a)
    unit, scpo = verified_client(world.worker), verified_client(world.scpo_a)
    few = (_queries(unit, reverse("requests:dashboard")), _queries(scpo, reverse("requests:inbox")))
    for _ in range(12):
        world.s14b_to(world.school_a, world.scpo_a)
    many = (
        _queries(unit, reverse("requests:dashboard")),
        _queries(scpo, reverse("requests:inbox")),
    )
    assert few == many
    assert max(many) <= 15


def test_a_refused_answer_keeps_what_was_typed_and_says_why(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    response = verified_client(world.scpo_a).post(
        reverse("decisions:answer_request", args=[request.pk]),
        decline_post(explanation_to_requester="", response_text="We cannot share this."),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "We cannot share this." in page
    assert "Give a reason the requester can be told" in page
    request.refresh_from_db()
    assert request.status == Status.OPEN


def test_the_team_cannot_start_work_on_a_request_addressed_to_the_scpo(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    response = verified_client(world.worker).post(reverse("requests:start", args=[request.pk]))
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == Status.OPEN


def test_an_scpo_who_moves_school_loses_the_request(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    world.scpo_a.organisation = world.school_b
    world.scpo_a.save()
    client = verified_client(world.scpo_a)
    assert client.get(reverse("requests:request_detail", args=[request.pk])).status_code == 404
    assert request.reference not in client.get(reverse("requests:inbox")).content.decode()


def test_the_scpo_inbox_masks_protected_identities(verified_client, world):
    from tests.cases.factories import PersonFactory

    referrer = PersonFactory(
        owning_team=world.team,
        first_name="Pat",
        last_name="Neighbour",
        identity_protected=True,
        identity_protection_reason="Fears reprisal",
    )
    world.s14b_to(world.school_a, world.scpo_a, subjects=[world.child, referrer])
    page = verified_client(world.scpo_a).get(reverse("requests:inbox")).content.decode()
    assert "Neighbour" not in page and "A person whose identity is protected" in page
