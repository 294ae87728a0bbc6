"""Issue 12 for the case pages: one permission path (services refuse what the
pages refuse), every post through a form (NUL bytes and overlong text are a
message, not a server error), history reasons that cannot overflow, and a
case closed once when two people close it at once."""

import ast
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases import permissions, services
from cases.models import Case, CaseStatus, ChronologyEntry, EntryKind, InformationStatus
from sharing.history import HISTORY_REASON_LENGTH
from sharing.roles import Role
from tests.races import at_once, postgresql_only
from tests.sharing.factories import UserFactory

from .factories import PersonFactory, make_team, open_case, team_member

pytestmark = pytest.mark.django_db

VIEWS = Path(__file__).resolve().parents[2] / "cases" / "views"


@pytest.fixture
def case(team, worker):
    return open_case(team, worker, child=PersonFactory(owning_team=team, first_name="Jamie"))


@pytest.fixture
def viewer(team, case, worker):
    """A colleague given the case to view only."""
    colleague = team_member(make_team(organisation=team.organisation, name="Other"))
    services.case_grant(
        user=worker, case=case, practitioner=colleague, can_change=False, reason="Cover"
    )
    return colleague


# --- One permission path -----------------------------------------------------


def test_case_views_test_no_roles_inline():
    """Who may do what is asked of cases/permissions.py, never of group names
    in a view, so a rule changes in one place."""
    for path in VIEWS.glob("*.py"):
        tree = ast.parse(path.read_text())
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        attributes = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        assert not {"Role", "user_role_names"} & names, path.name
        assert "groups" not in attributes, path.name


def test_break_glass_pages_follow_the_permission_module(verified_client, team, worker):
    manager = UserFactory(organisation=team.organisation, roles=[Role.MANAGER])
    dpo = UserFactory(roles=[Role.DPO])
    assert verified_client(worker).get(reverse("cases:break_glass")).status_code == 403
    assert verified_client(manager).get(reverse("cases:break_glass")).status_code == 200
    review = reverse("cases:break_glass_review")
    assert verified_client(worker).get(review).status_code == 403
    assert verified_client(dpo).get(review).status_code == 200
    assert not permissions.can_use_break_glass(dpo)
    assert permissions.can_see_break_glass_log(dpo) and permissions.can_see_break_glass_log(manager)


@pytest.mark.parametrize(
    "action",
    ["update", "close", "grant", "revoke", "chronology_add", "chronology_update", "participant"],
)
def test_services_refuse_someone_who_may_only_view_the_case(case, team, worker, viewer, action):
    """The pages give a view-only grantee 404 on every change; the services,
    which other entry points call, refuse them too."""
    entry = services.chronology_add(
        user=worker,
        case=case,
        reason="r",
        occurred_on=date(2026, 10, 2),
        kind=EntryKind.CONTACT,
        information_status=InformationStatus.FACT,
        text="Seen at school.",
    )
    other = UserFactory(organisation=team.organisation)
    calls = {
        "update": lambda: services.case_update(
            user=viewer, case=case, reason="r", summary="Changed"
        ),
        "close": lambda: services.case_close(
            user=viewer, case=case, closed_on=date(2026, 11, 1), reason="r"
        ),
        "grant": lambda: services.case_grant(
            user=viewer, case=case, practitioner=other, can_change=True, reason="r"
        ),
        "revoke": lambda: services.case_revoke(
            user=viewer, case=case, practitioner=viewer, reason="r"
        ),
        "chronology_add": lambda: services.chronology_add(
            user=viewer,
            case=case,
            reason="r",
            occurred_on=date(2026, 10, 3),
            kind=EntryKind.CONTACT,
            information_status=InformationStatus.FACT,
            text="x",
        ),
        "chronology_update": lambda: services.chronology_update(
            user=viewer, entry=entry, reason="r", text="Changed"
        ),
        "participant": lambda: services.participant_add(
            user=viewer,
            case=case,
            person=PersonFactory(owning_team=team),
            role="parent",
            reason="r",
        ),
    }
    with pytest.raises(PermissionDenied):
        calls[action]()
    case.refresh_from_db()
    entry.refresh_from_db()
    assert (case.summary, case.status, entry.text) == (
        "Concerns about neglect.",
        CaseStatus.OPEN,
        "Seen at school.",
    )
    assert case.participants.count() == 1
    assert not permissions.can_open_case(other, case.pk)


def test_a_person_seen_by_a_view_only_grant_cannot_be_carried_into_another_case(case, team, viewer):
    own_case = open_case(permissions.user_teams(viewer).get(), viewer)
    child = case.participants.get().person
    with pytest.raises(PermissionDenied):
        services.participant_add(
            user=viewer, case=own_case, person=child, role="sibling", reason="copy"
        )
    with pytest.raises(PermissionDenied):
        services.person_update(user=viewer, person=child, reason="r", first_name="Changed")
    assert not own_case.participants.filter(person=child).exists()


def test_the_grant_service_keeps_access_inside_the_organisation(case, worker):
    stranger = UserFactory()  # another organisation
    with pytest.raises(ValidationError, match="same organisation"):
        services.case_grant(
            user=worker, case=case, practitioner=stranger, can_change=False, reason="r"
        )
    assert not permissions.can_open_case(stranger, case.pk)


# --- Every post through a form -----------------------------------------------


@pytest.mark.parametrize(
    ("reason", "message"),
    [("Back\x00from leave", "Null characters are not allowed"), ("x" * 101, "at most 100")],
)
def test_removing_access_with_a_bad_reason_is_a_message_and_changes_nothing(
    verified_client, case, viewer, worker, reason, message
):
    response = verified_client(worker).post(
        reverse("cases:case_access", args=[case.pk]), {"revoke": viewer.pk, "reason": reason}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert permissions.can_open_case(viewer, case.pk)


def test_removing_access_from_someone_not_offered_is_a_message(verified_client, case, worker):
    stranger = UserFactory()
    response = verified_client(worker).post(
        reverse("cases:case_access", args=[case.pk]), {"revoke": stranger.pk, "reason": "r"}
    )
    assert response.status_code == 200
    assert "Choose whose access to remove" in response.content.decode()


@pytest.mark.parametrize(
    ("reason", "message"),
    [("Wrong\x00family", "Null characters are not allowed"), ("x" * 101, "at most 100")],
)
def test_removing_a_person_with_a_bad_reason_is_a_message_and_keeps_them(
    verified_client, case, team, worker, reason, message
):
    parent = PersonFactory(owning_team=team)
    participant = services.participant_add(
        user=worker, case=case, person=parent, role="parent", reason="r"
    )
    response = verified_client(worker).post(
        reverse("cases:participant_edit", args=[case.pk, participant.pk]),
        {"remove": "1", "role": "parent", "reason": reason},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert case.participants.filter(person=parent).exists()


def test_removing_the_last_child_is_refused_whatever_role_is_typed(verified_client, case, worker):
    child = case.participants.get()
    response = verified_client(worker).post(
        reverse("cases:participant_edit", args=[case.pk, child.pk]),
        {"remove": "1", "role": "parent", "reason": "Mistake"},
    )
    assert response.status_code == 200
    assert "at least one child" in response.content.decode()
    assert case.participants.filter(pk=child.pk).exists()


@pytest.mark.parametrize("page", ["cases:case_list", "cases:person_search"])
def test_a_search_with_a_nul_byte_is_a_message(verified_client, worker, page):
    response = verified_client(worker).post(reverse(page), {"search": "1", "q": "Ja\x00mie"})
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()


# --- History reasons ---------------------------------------------------------


def test_a_long_reason_for_a_grant_fits_the_history(case, worker, team):
    """The history keeps 100 characters; "Access granted to <name>: " and a
    reason of 100 used to overflow it (a server error on PostgreSQL)."""
    colleague = UserFactory(organisation=team.organisation)
    reason = "Covering the allocated worker's leave " + "and the review meeting " * 3
    reason = reason[:100]
    services.case_grant(
        user=worker, case=case, practitioner=colleague, can_change=False, reason=reason
    )
    services.case_revoke(user=worker, case=case, practitioner=colleague, reason=reason)
    reasons = [row.history_change_reason for row in case.history.all()]
    assert all(len(r) <= HISTORY_REASON_LENGTH for r in reasons)
    # The case's History page names the colleague, not their account's row id.
    assert reasons[0].startswith(f"Access removed from {colleague}: Covering")


# --- Races -------------------------------------------------------------------


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_people_closing_a_case_at_once_close_it_once(team, worker):
    case = open_case(team, worker)
    colleague = team_member(team)

    def close(user, day):
        return lambda: services.case_close(
            user=user, case=Case.objects.get(pk=case.pk), closed_on=day, reason="Closed"
        )

    outcomes = at_once(close(worker, date(2026, 11, 1)), close(colleague, date(2026, 11, 2)))

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert errors[0].messages == ["This case was closed a moment ago."]
    closes = case.history.filter(status=CaseStatus.CLOSED)
    assert closes.count() == 1
    case.refresh_from_db()
    assert case.closed_on == closes.get().closed_on


def test_a_chronology_entry_is_not_written_by_someone_outside_the_case(case, outsider):
    with pytest.raises(PermissionDenied):
        services.chronology_add(
            user=outsider,
            case=case,
            reason="r",
            occurred_on=date(2026, 10, 3),
            kind=EntryKind.CONTACT,
            information_status=InformationStatus.FACT,
            text="x",
        )
    assert not ChronologyEntry.objects.exists()
