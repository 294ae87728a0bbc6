from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from guardian.shortcuts import get_perms

from requests import services
from requests.models import EventKind, Outcome, Status
from sharing.decisions import services as decision_services
from sharing.models import OrganisationKind
from sharing.roles import Role
from tests.cases.factories import make_team, team_member
from tests.sharing.factories import OrganisationFactory, UserFactory

from .factories import World, answer, gateway

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def test_incoming_s47_from_police_is_logged_answered_and_closed(world):
    request = world.incoming_s47()
    assert request.reference == "IR-2026-000001"
    assert request.due_on == date(2026, 11, 23)  # 5 working days for a routine s47 request

    answer(
        user=world.worker,
        request=request,
        outcome=Outcome.SHARED,
        response_status="fact",
        response_text="Two previous referrals, both closed after assessment.",
        channel="secure_email",
    )
    services.request_close(
        user=world.worker,
        request=request,
        feedback="",
        used_for="Added to the strategy discussion on 24 November.",
        no_feedback_reason="The police officer attended the strategy discussion.",
    )

    request.refresh_from_db()
    assert (request.status, request.outcome) == (Status.CLOSED, Outcome.SHARED)
    assert [e.kind for e in request.events.all()] == [
        EventKind.LOGGED,
        EventKind.ANSWERED,
        EventKind.CLOSED,
    ]


def test_an_s14b_request_gives_the_scpo_that_request_and_nothing_else(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = world.s14b_to(world.school_a, world.scpo_a)

    assert set(get_perms(world.scpo_a, request)) == {
        "view_informationrequest",
        "respond_informationrequest",
    }
    assert get_perms(world.scpo_b, request) == []
    # The notice names nothing but that a request is waiting.
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["dsl@riverside.example"]
    for personal in ("Jamie", "Reed", "attendance", "Riverside"):
        assert personal not in notice.subject + notice.body


def test_the_scpo_answers_with_a_document(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    document = SimpleUploadedFile(
        "Jamie Reed attendance.pdf", b"%PDF-1.4 test", content_type="application/pdf"
    )

    answer(
        user=world.scpo_a,
        request=request,
        outcome=Outcome.SHARED,
        response_status="fact",
        response_text="Attached.",
        files=[document],
    )

    attachment = request.attachments.get()
    assert attachment.original_name == "Jamie Reed attendance.pdf"
    assert "Jamie" not in attachment.file.name  # stored under a random name
    assert attachment.file.read() == b"%PDF-1.4 test"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ", "cannot be attached"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_unacceptable_documents_are_refused_and_nothing_is_recorded(world, name, content, message):
    request = world.s14b_to(world.school_a, world.scpo_a)
    with pytest.raises(ValidationError, match=message):
        answer(
            user=world.scpo_a,
            request=request,
            outcome=Outcome.SHARED,
            response_status="fact",
            response_text="x",
            files=[SimpleUploadedFile(name, content)],
        )
    request.refresh_from_db()
    assert request.status == Status.OPEN and not request.attachments.exists()


def test_documents_over_the_size_limit_are_refused(world, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    request = world.s14b_to(world.school_a, world.scpo_a)
    with pytest.raises(ValidationError, match="MB or smaller"):
        answer(
            user=world.scpo_a,
            request=request,
            outcome=Outcome.SHARED,
            response_status="fact",
            response_text="x",
            files=[SimpleUploadedFile("big.pdf", b"x" * 11)],
        )


def test_declining_needs_a_reason_the_requester_can_be_given(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    with pytest.raises(ValidationError, match="reason the requester can be told"):
        answer(
            user=world.scpo_a,
            request=request,
            outcome=Outcome.DECLINED,
            response_status="fact",
            response_text="",
        )
    answer(
        user=world.scpo_a,
        request=request,
        outcome=Outcome.DECLINED,
        response_status="fact",
        response_text="",
        outcome_reason="We hold no records for this period: the pupil joined in January.",
    )
    # A decline reaches the requester once the school's manager signs it off.
    head = UserFactory(organisation=world.school_a, roles=[Role.MANAGER])
    decision_services.decision_sign_off(
        user=head, decision=request.decisions.get(), approve=True, note=""
    )
    request.refresh_from_db()
    assert request.outcome == Outcome.DECLINED


def test_closing_an_answered_outgoing_request_needs_feedback_to_the_sharer(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    answer(
        user=world.scpo_a,
        request=request,
        outcome=Outcome.SHARED,
        response_status="fact",
        response_text="x",
    )
    with pytest.raises(ValidationError, match="close the loop"):
        services.request_close(user=world.worker, request=request, feedback=" ")
    services.request_close(
        user=world.worker, request=request, feedback="It helped the review panel."
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"scp_function": ""}, "must name the partnership function"),
        ({"necessity": ""}, "must say why the information is needed"),
    ],
)
def test_s14b_rules_are_refused_with_a_clear_message(world, overrides, message):
    with pytest.raises(ValidationError, match=message):
        world.s14b_to(world.school_a, world.scpo_a, **overrides)
    assert not world.team.requests.exists()


def test_a_children_act_1989_request_must_say_s17_or_s47(world):
    with pytest.raises(ValidationError, match=r"s17 .child in need. or s47"):
        world.incoming_s47(ca1989_section="")


def test_s17_must_come_from_a_local_policing_body_in_the_same_area(world):
    # Children's social care in Kent, a specified authority, is asked.
    council = OrganisationFactory(
        name="Kent Children's Services",
        kind=OrganisationKind.LA_CHILDRENS_SOCIAL_CARE,
        police_force_area="kent",
    )
    team = make_team(organisation=council, name="Front door")
    worker = team_member(team)
    pcc = OrganisationFactory(
        name="Kent PCC", kind=OrganisationKind.LOCAL_POLICING_BODY, police_force_area="kent"
    )
    fields = {
        "user": worker,
        "team": team,
        "requesting_organisation": pcc,
        "gateway": gateway("pcsc2022-s17"),
        "ca1989_section": "",
        "for_svd_functions": True,
        "subjects": [],
    }
    world.incoming_s47(**fields)  # a PCC in Kent asking a Kent partnership: allowed

    with pytest.raises(ValidationError, match="only a local policing body"):
        world.incoming_s47(**{**fields, "requesting_organisation": world.police})
    essex = OrganisationFactory(
        name="Essex PCC", kind=OrganisationKind.LOCAL_POLICING_BODY, police_force_area="essex"
    )
    with pytest.raises(ValidationError, match="police force area"):
        world.incoming_s47(**{**fields, "requesting_organisation": essex})


def test_s16_disclosure_of_personal_information_by_health_is_refused(world):
    nhs = OrganisationFactory(
        name="Kent NHS Trust", kind=OrganisationKind.HEALTH, police_force_area="kent"
    )
    with pytest.raises(ValidationError, match="health or social care authority"):
        services.request_send(
            user=world.worker,
            team=world.team,
            recipient=None,
            receiving_organisation=nhs,
            gateway=gateway("pcsc2022-s16"),
            information_sought="x",
            purpose="y",
            started_on=date(2026, 11, 16),
            subjects=[world.child],
        )


def test_a_due_date_other_than_the_default_needs_a_reason(world):
    with pytest.raises(ValidationError):
        world.incoming_s47(due_on=date(2026, 12, 1))
    request = world.incoming_s47(
        due_on=date(2026, 12, 1), due_override_reason="Agreed with DC Smith"
    )
    assert request.due_on == date(2026, 12, 1)


def test_the_daily_check_flags_overdue_requests_once_and_sends_counts_only(world):
    request = world.s14b_to(world.school_a, world.scpo_a)  # due 7 Dec 2026
    mail.outbox.clear()

    first = services.requests_flag_overdue(date(2026, 12, 9))
    second = services.requests_flag_overdue(date(2026, 12, 10))

    assert first["newly_overdue"] == 1 and second["newly_overdue"] == 0
    assert request.events.filter(kind=EventKind.OVERDUE).count() == 1
    recipients = {address for message in mail.outbox for address in message.to}
    assert {"worker@unit.example", "dsl@riverside.example"} <= recipients
    for message in mail.outbox:
        assert "1 overdue" in message.subject
        assert "Jamie" not in message.body and request.reference not in message.body


def test_a_request_whose_due_date_moves_and_passes_again_is_flagged_again(world):
    request = world.s14b_to(world.school_a, world.scpo_a)  # due 7 Dec 2026
    services.requests_flag_overdue(date(2026, 12, 9))
    services.request_change_due(
        user=world.worker, request=request, due_on=date(2026, 12, 11), reason="Agreed more time"
    )
    assert services.requests_flag_overdue(date(2026, 12, 14))["newly_overdue"] == 1
    assert request.events.filter(kind=EventKind.OVERDUE).count() == 2


def test_the_scpo_is_sent_to_the_inbox_and_inactive_users_get_nothing(world):
    world.s14b_to(world.school_a, world.scpo_a)
    world.worker.is_active = False
    world.worker.save()
    mail.outbox.clear()
    services.requests_flag_overdue(date(2026, 12, 9))
    assert [m.to for m in mail.outbox] == [["dsl@riverside.example"]]
    assert "/requests/inbox/" in mail.outbox[0].body


def test_closing_is_not_a_way_round_answering(world):
    request = world.incoming_s47()
    with pytest.raises(ValidationError, match="Record the answer first"):
        services.request_close(user=world.worker, request=request, feedback="")
    services.request_withdraw(user=world.worker, request=request, reason="Police withdrew it")
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN


def test_the_recipient_must_be_a_school_safeguarding_officer(world):
    with pytest.raises(ValidationError, match="Only a school's safeguarding officer"):
        world.s14b_to(world.school_a, UserFactory(organisation=world.school_a))


def test_a_request_cannot_start_in_the_future(world):
    with pytest.raises(ValidationError, match="today or earlier"):
        world.incoming_s47(started_on=date(9999, 12, 30))


def test_a_refused_file_among_several_leaves_nothing_on_disk(world):
    import os

    request = world.s14b_to(world.school_a, world.scpo_a)
    storage = request.attachments.model.file.field.storage
    before = set(os.listdir(storage.path("requests"))) if storage.exists("requests") else set()
    with pytest.raises(ValidationError):
        answer(
            user=world.scpo_a,
            request=request,
            outcome=Outcome.SHARED,
            response_status="fact",
            response_text="x",
            files=[SimpleUploadedFile("good.pdf", b"%PDF"), SimpleUploadedFile("bad.exe", b"MZ")],
        )
    after = set(os.listdir(storage.path("requests"))) if storage.exists("requests") else set()
    assert after == before
