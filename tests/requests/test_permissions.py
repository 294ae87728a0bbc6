"""One permission path for requests: the services refuse whoever the pages
refuse, and a refused call changes nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from requests import permissions, services
from requests.models import EventKind, InformationRequest, Outcome, SecureExport, Status
from sharing.roles import Role
from tests.cases.factories import make_team, open_case, team_member

from .factories import World, answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def _unchanged(request, status=Status.OPEN):
    before = list(request.events.values_list("kind", flat=True))
    return lambda: (
        InformationRequest.objects.get(pk=request.pk).status == status
        and list(request.events.values_list("kind", flat=True)) == before
    )


def _answer(user, request):
    answer(
        user=user,
        request=request,
        outcome=Outcome.SHARED,
        response_status="fact",
        response_text="Attendance is 92%.",
    )


@pytest.mark.parametrize("who", ["team worker", "other school's SCPO", "team manager"])
def test_only_the_addressee_answers_an_outgoing_request_even_by_calling_the_service(world, who):
    request = world.s14b_to(world.school_a, world.scpo_a)
    caller = {
        "team worker": world.worker,
        "other school's SCPO": world.scpo_b,
        "team manager": team_member(world.team, roles=[Role.MANAGER]),
    }[who]
    unchanged = _unchanged(request)

    with pytest.raises(PermissionDenied, match="addressed to"):
        _answer(caller, request)

    assert unchanged()
    request.refresh_from_db()
    assert request.response_text == "" and request.responded_by is None


def test_an_scpo_who_moved_school_can_no_longer_answer(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    world.scpo_a.organisation = world.school_b
    world.scpo_a.save()
    unchanged = _unchanged(request)

    assert not permissions.can_answer_request(world.scpo_a, request)
    with pytest.raises(PermissionDenied):
        _answer(world.scpo_a, request)
    assert unchanged()


def test_an_addressee_no_longer_a_safeguarding_officer_can_no_longer_answer(world):
    from django.contrib.auth.models import Group

    request = world.s14b_to(world.school_a, world.scpo_a)
    world.scpo_a.groups.remove(Group.objects.get(name=Role.SCPO.value))
    unchanged = _unchanged(request)
    signed_in_again = type(world.scpo_a).objects.get(pk=world.scpo_a.pk)

    with pytest.raises(PermissionDenied):
        _answer(signed_in_again, request)
    assert unchanged()


def test_the_addressee_may_answer_and_the_team_may_answer_its_incoming_requests(world):
    outgoing = world.s14b_to(world.school_a, world.scpo_a)
    incoming = world.incoming_s47()
    assert permissions.can_answer_request(world.scpo_a, outgoing)
    assert not permissions.can_answer_request(world.worker, outgoing)
    assert permissions.can_answer_request(world.worker, incoming)
    assert not permissions.can_answer_request(world.scpo_a, incoming)


@pytest.mark.parametrize("who", ["addressee", "other school's SCPO"])
def test_only_the_recording_team_closes_withdraws_or_moves_the_due_date(world, who):
    request = world.s14b_to(world.school_a, world.scpo_a)
    caller = world.scpo_a if who == "addressee" else world.scpo_b
    unchanged = _unchanged(request)

    with pytest.raises(PermissionDenied):
        services.request_withdraw(user=caller, request=request, reason="Not needed now")
    with pytest.raises(PermissionDenied):
        services.request_change_due(
            user=caller, request=request, due_on=date(2027, 1, 29), reason="More time"
        )
    assert unchanged()
    request.refresh_from_db()
    assert request.due_on == date(2026, 12, 7)

    _answer(world.scpo_a, request)
    answered = _unchanged(request, Status.ANSWERED)
    with pytest.raises(PermissionDenied):
        services.request_close(user=caller, request=request, feedback="Thanks")
    assert answered()


def test_only_the_recording_team_gives_clarification(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    services.request_ask_clarification(user=world.scpo_a, request=request, question="Which term?")
    asked = _unchanged(request, Status.CLARIFICATION)

    with pytest.raises(PermissionDenied):
        services.request_give_clarification(user=world.scpo_a, request=request, answer="Autumn")
    with pytest.raises(PermissionDenied):
        services.request_ask_clarification(user=world.scpo_b, request=request, question="Who?")
    assert asked()


def test_only_the_addressee_starts_work_on_an_outgoing_request(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    unchanged = _unchanged(request)
    with pytest.raises(PermissionDenied):
        services.request_start(user=world.worker, request=request)
    assert unchanged()
    services.request_start(user=world.scpo_a, request=request)
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS


def test_only_the_recording_team_issues_an_export(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    _answer(world.scpo_a, request)
    with pytest.raises(PermissionDenied):
        services.request_export(
            user=world.scpo_a, request=request, issued_to="Someone", password_route="phone"
        )
    assert not SecureExport.objects.exists()
    assert not request.events.filter(kind=EventKind.EXPORTED).exists()


def test_a_request_is_recorded_only_for_a_team_one_belongs_to(world):
    other_team = make_team(organisation=world.partnership, name="Exploitation")
    with pytest.raises(PermissionDenied, match="team you belong to"):
        world.incoming_s47(team=other_team)
    assert not InformationRequest.objects.exists()


def test_a_request_cannot_be_tied_to_a_case_the_user_may_not_work_on(world):
    # The team's case, but one its members may only read now: a request is no
    # way into a case one may not change.
    from guardian.shortcuts import remove_perm

    case = open_case(world.team, world.worker, child=world.child)
    remove_perm("cases.change_case", world.team.group, case)

    assert not permissions.can_record_request_for_case(world.worker, case, world.team)
    with pytest.raises(ValidationError, match="Link only a case"):
        world.incoming_s47(case=case, subjects=[])
    assert not InformationRequest.objects.exists()


def test_eligible_recipients_are_active_school_safeguarding_officers(world):
    world.scpo_b.is_active = False
    world.scpo_b.save()
    assert set(permissions.eligible_recipients()) == {world.scpo_a}
