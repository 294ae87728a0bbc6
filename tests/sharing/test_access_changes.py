"""Who may see what changes only through the accounts service: recorded (who,
whom, when, why), the managers concerned told, and reviewed on the "Recent
access changes" page by managers and the DPO."""

import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from sharing import services
from sharing.models import AccessAction, AccessChange, AccessEvent
from sharing.roles import Role
from tests.cases.factories import make_team

from .factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    return UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True)


def test_joining_a_team_is_recorded_and_the_teams_managers_told(
    administrator, django_capture_on_commit_callbacks
):
    team = make_team()
    manager = UserFactory(
        organisation=team.organisation, roles=[Role.MANAGER], email="lead@example.org"
    )
    elsewhere = UserFactory(roles=[Role.MANAGER], email="other-lead@example.org")
    worker = UserFactory(organisation=team.organisation, last_name="Pemberton-Vale")

    with django_capture_on_commit_callbacks(execute=True):
        services.team_add_member(
            team=team, user=worker, actor=administrator, reason="Started in the team"
        )

    change = AccessChange.objects.get()
    assert (change.actor, change.subject, change.kind, change.group_name) == (
        administrator,
        worker,
        "added",
        team.group.name,
    )
    assert [message.to for message in mail.outbox] == [[manager.email]]
    assert elsewhere.email not in mail.outbox[0].to
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert worker.username not in body and "Pemberton-Vale" not in body
    assert reverse("access_changes") in body


def test_leaving_a_team_is_recorded_too(administrator):
    team = make_team()
    worker = UserFactory(organisation=team.organisation)
    services.team_add_member(team=team, user=worker, actor=administrator, reason="joined")
    services.team_remove_member(team=team, user=worker, actor=administrator, reason="moved on")
    assert [change.kind for change in AccessChange.objects.order_by("id")] == ["added", "removed"]
    assert not worker.groups.filter(pk=team.group_id).exists()


def test_role_changes_through_user_upsert_are_recorded(administrator):
    organisation = OrganisationFactory()
    user = services.user_upsert(
        username="newstarter", organisation=organisation, roles=[Role.UNIT_STAFF], reason="hired"
    )
    services.user_upsert(
        username="newstarter",
        organisation=organisation,
        roles=[Role.MANAGER],
        reason="Promoted to team manager",
        actor=administrator,
    )
    changes = AccessChange.objects.filter(subject=user).order_by("id")
    assert [(c.kind, c.group_name) for c in changes] == [
        ("added", Role.UNIT_STAFF.value),
        ("added", Role.MANAGER.value),
        ("removed", Role.UNIT_STAFF.value),
    ]
    assert changes.last().reason == "Promoted to team manager"


def test_user_upsert_keeps_the_accounts_teams():
    team = make_team()
    worker = UserFactory(organisation=team.organisation)
    services.team_add_member(team=team, user=worker)
    services.user_upsert(
        username=worker.username,
        organisation=team.organisation,
        roles=[Role.UNIT_STAFF],
        reason="role given",
    )
    assert worker.groups.filter(pk=team.group_id).exists()


@pytest.mark.parametrize("role", [Role.UNIT_STAFF, Role.MANAGER, Role.DPO])
def test_only_an_administrator_changes_someones_teams(role):
    team = make_team()
    actor = UserFactory(organisation=team.organisation, roles=[role])
    worker = UserFactory(organisation=team.organisation)
    with pytest.raises(PermissionDenied):
        services.team_add_member(team=team, user=worker, actor=actor, reason="because")
    assert not worker.groups.filter(pk=team.group_id).exists()
    assert not AccessChange.objects.exists()


def test_nobody_changes_their_own_access(administrator):
    team = make_team()
    with pytest.raises(PermissionDenied):
        services.team_add_member(team=team, user=administrator, actor=administrator, reason="me")
    with pytest.raises(PermissionDenied):
        services.second_factor_revoke(actor=administrator, subject=administrator, reason="me")
    assert not administrator.groups.filter(pk=team.group_id).exists()


def test_a_change_without_a_reason_is_refused(administrator):
    team = make_team()
    worker = UserFactory(organisation=team.organisation)
    with pytest.raises(ValidationError, match="Say why"):
        services.group_membership_change(
            actor=administrator, subject=worker, group=team.group, add=True, reason="  "
        )
    assert not AccessChange.objects.exists()


def test_second_factor_revoke_sends_the_user_to_set_up_again(
    administrator, verified_client, django_capture_on_commit_callbacks
):
    worker = UserFactory(roles=[Role.UNIT_STAFF], email="worker@example.org")
    client = verified_client(worker)
    assert client.get(reverse("account")).status_code == 200
    TOTPDevice.objects.create(user=worker, name="Authenticator app", confirmed=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.second_factor_revoke(actor=administrator, subject=worker, reason="New phone")

    # The session's second factor no longer counts; with no device left, the
    # register asks for a new authenticator rather than a code.
    response = client.get(reverse("account"))
    assert response.status_code == 302 and reverse("two_factor") in response.url
    response = client.get(response.url)
    assert response.status_code == 302 and reverse("two_factor_setup") in response.url
    assert mail.outbox[-1].to == [worker.email]
    assert AccessChange.objects.get(subject=worker).kind == "second_factor_revoked"


def test_only_an_administrator_revokes_a_second_factor():
    manager = UserFactory(roles=[Role.MANAGER])
    worker = UserFactory(organisation=manager.organisation)
    TOTPDevice.objects.create(user=worker, name="Authenticator app", confirmed=True)
    with pytest.raises(PermissionDenied):
        services.second_factor_revoke(actor=manager, subject=worker, reason="why not")
    assert TOTPDevice.objects.filter(user=worker).exists()


# --- Two administrators at once ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; CI runs on it"
)
def test_two_administrators_adding_one_account_at_once_record_it_once():
    team = make_team()
    worker = UserFactory(organisation=team.organisation)
    admins = [UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True) for _ in range(2)]
    barrier = threading.Barrier(2)
    results: list[object] = []

    def add(actor):
        try:
            barrier.wait()
            results.append(
                services.group_membership_change(
                    actor=actor, subject=worker, group=team.group, add=True, reason="joined"
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(actor,)) for actor in admins]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(result is not None for result in results) == 1
    assert AccessChange.objects.filter(subject=worker).count() == 1
    assert worker.groups.filter(pk=team.group_id).count() == 1


# --- The "Recent access changes" page ------------------------------------------------


@pytest.fixture
def two_organisations(administrator):
    ours, theirs = make_team(), make_team()
    our_worker = UserFactory(organisation=ours.organisation, username="our.worker")
    their_worker = UserFactory(organisation=theirs.organisation, username="their.worker")
    services.team_add_member(team=ours, user=our_worker, actor=administrator, reason="Ours")
    services.team_add_member(team=theirs, user=their_worker, actor=administrator, reason="Theirs")
    return ours, theirs


def test_a_manager_sees_their_organisations_access_changes_only(verified_client, two_organisations):
    ours, _theirs = two_organisations
    manager = UserFactory(organisation=ours.organisation, roles=[Role.MANAGER])
    response = verified_client(manager).get(reverse("access_changes"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "our.worker" in page and "Ours" in page
    assert "their.worker" not in page and "Theirs" not in page


def test_the_dpo_sees_every_access_change_and_the_read_is_logged(
    verified_client, two_organisations
):
    dpo = UserFactory(roles=[Role.DPO])
    page = verified_client(dpo).get(reverse("access_changes")).content.decode()
    assert "our.worker" in page and "their.worker" in page
    logged = AccessEvent.objects.filter(user=dpo, action=AccessAction.LIST)
    assert logged.count() == 2


@pytest.mark.parametrize("role", [Role.UNIT_STAFF, Role.SCPO, Role.ADMINISTRATOR])
def test_others_are_refused_the_access_changes_page(verified_client, two_organisations, role):
    user = UserFactory(roles=[role])
    assert verified_client(user).get(reverse("access_changes")).status_code == 403


def test_the_access_changes_page_needs_sign_in_and_second_factor(client):
    response = client.get(reverse("access_changes"))
    assert response.status_code == 302 and "/login/" in response.url
    manager = UserFactory(roles=[Role.MANAGER])
    client.force_login(manager)
    response = client.get(reverse("access_changes"))
    assert response.status_code == 302 and reverse("two_factor") in response.url


@pytest.mark.parametrize("role", [Role.MANAGER, Role.DPO])
def test_managers_and_the_dpo_find_the_page_from_home(verified_client, role):
    user = UserFactory(roles=[role])
    page = verified_client(user).get(reverse("home")).content.decode()
    assert f'href="{reverse("access_changes")}"' in page
