from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from guardian.shortcuts import get_perms

from cases import permissions, selectors, services
from cases.models import Case, CaseParticipant, CaseStatus, ParticipantRole
from sharing.roles import Role
from tests.sharing.factories import UserFactory

from .factories import PersonFactory, make_team, open_case, team_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return make_team()


@pytest.fixture
def worker(team):
    return team_member(team)


def test_opening_a_case_gives_it_a_new_reference_and_the_team_access(team, worker):
    first = open_case(team, worker)
    second = open_case(team, worker)

    assert first.reference == "SC-2026-000001"
    assert second.reference == "SC-2026-000002"
    assert set(get_perms(worker, first)) == {"view_case", "change_case"}
    assert first.participants.get().role == ParticipantRole.CHILD


def test_references_are_never_reused_after_a_case_is_deleted(team, worker):
    first = open_case(team, worker)
    first.delete()
    assert open_case(team, worker).reference == "SC-2026-000002"


def test_only_a_team_member_opens_cases_for_the_team(team):
    outsider = UserFactory()
    with pytest.raises(PermissionDenied):
        open_case(team, outsider, child=PersonFactory(owning_team=team))
    assert not Case.objects.exists()


def test_history_records_who_changed_the_case_and_why(team, worker):
    case = open_case(team, worker)
    services.case_update(
        user=worker, case=case, reason="New information from school", summary="Updated"
    )

    latest = case.history.first()
    assert latest.history_user == worker
    assert latest.history_change_reason == "New information from school"
    assert latest.summary == "Updated"


def test_a_change_without_a_reason_is_refused_and_changes_nothing(team, worker):
    case = open_case(team, worker)
    with pytest.raises(ValidationError):
        services.case_update(user=worker, case=case, reason="  ", summary="Changed")
    case.refresh_from_db()
    assert case.summary == "Concerns about neglect."


def test_closing_records_the_date_and_refuses_a_date_before_opening(team, worker):
    case = open_case(team, worker)
    with pytest.raises(ValidationError, match="before the day it was opened"):
        services.case_close(user=worker, case=case, closed_on=date(2026, 9, 1), reason="x")

    services.case_close(user=worker, case=case, closed_on=date(2026, 11, 1), reason="Resolved")

    case.refresh_from_db()
    assert (case.status, case.closed_on) == (CaseStatus.CLOSED, date(2026, 11, 1))


def test_a_case_keeps_at_least_one_child(team, worker):
    case = open_case(team, worker)
    child = case.participants.get()
    with pytest.raises(ValidationError, match="at least one child"):
        services.participant_remove(user=worker, participant=child, reason="mistake")
    with pytest.raises(ValidationError, match="at least one child"):
        services.participant_change_role(
            user=worker, participant=child, role=ParticipantRole.SIBLING, reason="mistake"
        )
    assert case.participants.filter(role=ParticipantRole.CHILD).count() == 1


def test_deleting_a_case_deletes_its_history(team, worker):
    case = open_case(team, worker)
    services.chronology_add(
        user=worker,
        case=case,
        reason="r",
        occurred_on=date(2026, 10, 2),
        kind="concern",
        information_status="fact",
        text="Seen with a bruise.",
    )
    case_id = case.pk
    case.delete()
    assert not Case.history.filter(id=case_id).exists()
    assert not CaseParticipant.history.filter(case_id=case_id).exists()


def test_a_named_practitioner_can_be_granted_one_case(team, worker):
    case = open_case(team, worker)
    colleague = UserFactory(organisation=team.organisation)
    assert not permissions.cases_visible_to(colleague).exists()

    services.case_grant(
        user=worker, case=case, practitioner=colleague, can_change=False, reason="Covering"
    )

    assert list(permissions.cases_visible_to(colleague)) == [case]
    assert not permissions.cases_visible_to(colleague, "change_case").exists()


def test_nobody_grants_themselves_a_case(team, worker):
    case = open_case(team, worker)
    with pytest.raises(PermissionDenied):
        services.case_grant(
            user=worker, case=case, practitioner=worker, can_change=True, reason="x"
        )


def test_superusers_see_no_case_content_without_a_grant(team, worker):
    open_case(team, worker)
    administrator = UserFactory(is_superuser=True, is_staff=True, roles=[Role.ADMINISTRATOR])
    assert not permissions.cases_visible_to(administrator).exists()


class TestBreakGlass:
    def test_a_manager_of_the_organisation_opens_a_case_with_a_reason(self, team, worker):
        case = open_case(team, worker)
        manager = UserFactory(organisation=team.organisation, roles=[Role.MANAGER])

        opened = services.break_glass_open(
            user=manager, reference=case.reference.lower(), reason="Police at the door now"
        )

        assert opened == case
        assert list(permissions.cases_visible_to(manager)) == [case]
        assert not permissions.cases_visible_to(manager, "change_case").exists()

    def test_a_reason_is_required(self, team, worker):
        case = open_case(team, worker)
        manager = UserFactory(organisation=team.organisation, roles=[Role.MANAGER])
        with pytest.raises(ValidationError, match="reason"):
            services.break_glass_open(user=manager, reference=case.reference, reason="")
        assert not permissions.cases_visible_to(manager).exists()

    @pytest.mark.parametrize("who", ["other_org_manager", "worker_not_manager"])
    def test_nobody_else_breaks_glass(self, team, worker, who):
        case = open_case(team, worker)
        if who == "other_org_manager":
            user = UserFactory(roles=[Role.MANAGER])
        else:
            user = UserFactory(organisation=team.organisation, roles=[Role.UNIT_STAFF])
        with pytest.raises(ValidationError, match="no case with that reference"):
            services.break_glass_open(user=user, reference=case.reference, reason="I want to look")

    def test_access_ends_after_an_hour(self, team, worker, time_machine):
        time_machine.move_to("2026-11-21 10:00Z")
        case = open_case(team, worker)
        manager = UserFactory(organisation=team.organisation, roles=[Role.MANAGER])
        services.break_glass_open(
            user=manager, reference=case.reference, reason="Urgent strategy meeting"
        )

        assert list(selectors.case_list(manager)) == [case]
        time_machine.move_to("2026-11-21 11:01Z")
        assert not permissions.cases_visible_to(manager).exists()
        assert not selectors.case_list(manager).exists()
