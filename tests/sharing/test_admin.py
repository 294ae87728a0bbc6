"""The Django admin: administrators configure, but cannot raise their own access."""

import pytest
from django.urls import reverse
from guardian.models import UserObjectPermission
from guardian.shortcuts import get_perms

from sharing.roles import Role

from .factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    return UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True)


def test_administrator_manages_organisations_in_the_admin(verified_client, administrator):
    client = verified_client(administrator)
    response = client.post(
        reverse("admin:sharing_organisation_add"),
        {
            "name": "Eastfield School",
            "kind": "school",
            "police_force_area": "kent",
            "secure_channel": "secure_email",
            "secure_contact": "dsl@eastfield.example.sch.uk",
            "is_active": "on",
            "svd_specified_override": "unknown",
            "health_or_social_care_override": "unknown",
        },
    )
    assert response.status_code == 302, response.content
    assert reverse("admin:sharing_organisation_changelist") in response.url


def test_staff_without_the_administrator_role_see_no_admin(verified_client):
    worker = UserFactory(roles=[Role.UNIT_STAFF])
    response = verified_client(worker).get(reverse("admin:sharing_organisation_changelist"))
    assert response.status_code == 302
    assert "/login/" in response.url


def test_administrator_cannot_grant_themselves_object_permissions(verified_client, administrator):
    organisation = OrganisationFactory()
    url = reverse(
        "admin:sharing_organisation_permissions_manage_user",
        args=[organisation.pk, administrator.pk],
    )
    response = verified_client(administrator).post(url, {"permissions": ["change_organisation"]})

    assert response.status_code == 302
    assert not UserObjectPermission.objects.filter(user=administrator).exists()
    assert "change_organisation" not in get_perms(administrator, organisation)


def test_administrator_can_grant_object_permissions_to_someone_else(verified_client, administrator):
    organisation = OrganisationFactory()
    colleague = UserFactory()
    url = reverse(
        "admin:sharing_organisation_permissions_manage_user",
        args=[organisation.pk, colleague.pk],
    )
    response = verified_client(administrator).post(url, {"permissions": ["change_organisation"]})

    assert response.status_code == 302
    assert "change_organisation" in get_perms(colleague, organisation)


def test_administrator_cannot_grant_object_permissions_to_their_own_role(
    verified_client, administrator
):
    organisation = OrganisationFactory()
    group = administrator.groups.get()
    url = reverse(
        "admin:sharing_organisation_permissions_manage_group", args=[organisation.pk, group.pk]
    )
    verified_client(administrator).post(url, {"permissions": ["change_organisation"]})

    assert "change_organisation" not in get_perms(administrator, organisation)


def test_administrator_cannot_change_their_own_roles(verified_client, administrator):
    client = verified_client(administrator)
    own = client.get(reverse("admin:sharing_user_change", args=[administrator.pk]))
    colleague = UserFactory()
    other = client.get(reverse("admin:sharing_user_change", args=[colleague.pk]))

    assert own.status_code == other.status_code == 200
    assert b'name="groups"' not in own.content
    assert b'name="is_superuser"' not in own.content
    assert b'name="groups"' in other.content


def test_administrator_cannot_edit_the_permissions_of_a_role_they_hold(
    verified_client, administrator
):
    client = verified_client(administrator)
    own_role = administrator.groups.get()
    response = client.get(reverse("admin:auth_group_change", args=[own_role.pk]))
    assert response.status_code == 200
    assert b'name="permissions"' not in response.content


def test_administrator_edits_a_gateways_response_time_but_not_its_code(
    verified_client, administrator
):
    from sharing.models import Gateway

    gateway = Gateway.objects.get(code="ca2004-s14b")
    client = verified_client(administrator)
    page = client.get(reverse("admin:sharing_gateway_change", args=[gateway.pk])).content.decode()
    assert 'name="routine_working_days"' in page
    assert 'name="code"' not in page


def test_administrator_edits_retention_rules_in_the_admin(verified_client, administrator):
    from retention.models import RetentionRule

    rule = RetentionRule.objects.get(school_year_rule=True, record_type="case")
    page = verified_client(administrator).get(
        reverse("admin:retention_retentionrule_change", args=[rule.pk])
    )
    assert page.status_code == 200 and b'name="period_months"' in page.content


# --- Issue 12: no side doors in the admin ---------------------------------------


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def enrolled():
    """An account with an authenticator and backup codes: the secrets to keep hidden."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sharing import services

    user = UserFactory(email="enrolled@example.org")
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    codes = services.backup_codes_issue(user)
    return user, device, codes


def _secret_strings(device, codes):
    import base64

    return [device.key, base64.b32encode(device.bin_key).decode(), *codes]


def test_no_admin_page_shows_a_second_factor_secret(verified_client, superuser, enrolled):
    from django_otp.plugins.otp_static.models import StaticDevice

    user, totp, codes = enrolled
    static = StaticDevice.objects.get(user=user, name="Backup codes")
    urls = [reverse("admin:sharing_user_change", args=[user.pk])]
    urls.append(reverse("admin:sharing_user_history", args=[user.pk]))
    for name, obj in (("otp_totp_totpdevice", totp), ("otp_static_staticdevice", static)):
        urls += [
            reverse(f"admin:{name}_changelist"),
            reverse(f"admin:{name}_add"),
            reverse(f"admin:{name}_change", args=[obj.pk]),
            reverse(f"admin:{name}_delete", args=[obj.pk]),
            reverse(f"admin:{name}_history", args=[obj.pk]),
        ]
    client = verified_client(superuser)
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 403), url
        page = response.content.decode()
        for secret in _secret_strings(totp, codes):
            assert secret not in page, url
    # django-otp's own pages for the authenticator's key and QR code are gone.
    from django.urls import NoReverseMatch

    for name in ("admin:otp_totp_totpdevice_config", "admin:otp_totp_totpdevice_qrcode"):
        with pytest.raises(NoReverseMatch):
            reverse(name, kwargs={"pk": totp.pk})


def test_devices_cannot_be_added_edited_or_deleted_in_the_admin(
    verified_client, superuser, enrolled
):
    user, totp, _codes = enrolled
    client = verified_client(superuser)
    client.post(reverse("admin:otp_totp_totpdevice_delete", args=[totp.pk]), {"post": "yes"})
    response = client.post(reverse("admin:otp_totp_totpdevice_add"), {"user": user.pk})
    assert response.status_code == 403
    assert user.totpdevice_set.count() == 1


def test_a_superuser_cannot_set_another_users_password(verified_client, superuser):
    from .factories import PASSWORD

    colleague = UserFactory()
    client = verified_client(superuser)
    url = reverse("admin:auth_user_password_change", args=[colleague.pk])
    new = "a brand new password for impersonation"
    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.check_password(PASSWORD) and not colleague.check_password(new)
    change = client.get(reverse("admin:sharing_user_change", args=[colleague.pk])).content
    assert b"password/" not in change and b'name="password' not in change


def _team_with_a_child(name=("Zebedee", "Quillfeather")):
    from tests.cases.factories import PersonFactory, make_team, open_case, team_member

    team = make_team()
    worker = team_member(team, roles=[Role.UNIT_STAFF])
    child = PersonFactory(owning_team=team, first_name=name[0], last_name=name[1])
    open_case(team, worker, child=child)
    return team


def test_deleting_a_team_that_holds_cases_is_refused_without_naming_the_child(
    verified_client, superuser
):
    from sharing.models import Team

    team = _team_with_a_child()
    client = verified_client(superuser)
    url = reverse("admin:sharing_team_delete", args=[team.pk])

    page = client.get(url, follow=True).content.decode()
    assert "Quillfeather" not in page and "Zebedee" not in page
    assert "holds records" in page and "cannot be deleted" in page

    posted = client.post(url, {"post": "yes"}, follow=True).content.decode()
    assert "Quillfeather" not in posted
    assert Team.objects.filter(pk=team.pk).exists()


def test_deleting_an_organisation_that_holds_records_is_refused(verified_client, superuser):
    from sharing.models import Organisation

    team = _team_with_a_child()
    client = verified_client(superuser)
    url = reverse("admin:sharing_organisation_delete", args=[team.organisation_id])
    page = client.post(url, {"post": "yes"}, follow=True).content.decode()
    assert "Quillfeather" not in page and "cannot be deleted" in page
    assert Organisation.objects.filter(pk=team.organisation_id).exists()


def test_bulk_delete_is_not_offered_for_teams_organisations_or_accounts(verified_client, superuser):
    client = verified_client(superuser)
    for name in ("sharing_team", "sharing_organisation", "sharing_user"):
        page = client.get(reverse(f"admin:{name}_changelist")).content
        assert b"delete_selected" not in page, name


def test_an_empty_team_can_still_be_deleted(verified_client, superuser):
    from sharing.models import Team
    from tests.cases.factories import make_team

    team = make_team()
    response = verified_client(superuser).post(
        reverse("admin:sharing_team_delete", args=[team.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Team.objects.filter(pk=team.pk).exists()


def _user_form(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "organisation": user.organisation_id or "",
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        "reason": "",
    }
    data.update(changes)
    return data


def test_putting_an_account_in_a_team_in_the_admin_needs_a_reason_and_is_recorded(
    verified_client, administrator, django_capture_on_commit_callbacks
):
    from django.core import mail

    from sharing.models import AccessChange
    from tests.cases.factories import make_team

    team = make_team()
    manager = UserFactory(
        organisation=team.organisation, roles=[Role.MANAGER], email="manager@example.org"
    )
    colleague = UserFactory(organisation=team.organisation, first_name="Ottoline")
    client = verified_client(administrator)
    url = reverse("admin:sharing_user_change", args=[colleague.pk])

    refused = client.post(url, _user_form(colleague, groups=[team.group_id]))
    assert refused.status_code == 200  # the form again, with a message
    assert not colleague.groups.filter(pk=team.group_id).exists()
    assert not AccessChange.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(
            url, _user_form(colleague, groups=[team.group_id], reason="Joined the team on Monday")
        )
    assert saved.status_code == 302
    assert colleague.groups.filter(pk=team.group_id).exists()
    change = AccessChange.objects.get()
    assert (change.actor, change.subject, change.kind) == (administrator, colleague, "added")
    assert change.group == team.group and change.reason == "Joined the team on Monday"
    notice = mail.outbox[-1]
    assert notice.to == [manager.email]
    assert notice.subject == "An account was added to your team"
    assert reverse("access_changes") in notice.body
    assert colleague.username not in notice.body and "Ottoline" not in notice.body


def test_admin_account_saves_go_through_the_service(verified_client, administrator):
    colleague = UserFactory(organisation=administrator.organisation)
    client = verified_client(administrator)
    response = client.post(
        reverse("admin:sharing_user_change", args=[colleague.pk]),
        _user_form(colleague, first_name="Renamed", reason="Name corrected"),
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    record = colleague.history.first()
    assert colleague.first_name == "Renamed"
    assert (record.history_user, record.history_change_reason) == (administrator, "Name corrected")


def test_renaming_an_organisation_in_the_admin_changes_it_through_the_service(
    verified_client, administrator
):
    from sharing.models import Organisation

    organisation = OrganisationFactory(name="Westfield School", kind="school")
    response = verified_client(administrator).post(
        reverse("admin:sharing_organisation_change", args=[organisation.pk]),
        {
            "name": "Westfield Academy",
            "kind": "school",
            "police_force_area": "",
            "secure_channel": "register",
            "secure_contact": "",
            "is_active": "on",
            "svd_specified_override": "unknown",
            "health_or_social_care_override": "unknown",
        },
    )
    assert response.status_code == 302, response.content
    assert not Organisation.objects.filter(name="Westfield School").exists()
    organisation.refresh_from_db()
    assert organisation.name == "Westfield Academy"
    record = organisation.history.first()
    assert (record.history_user, record.history_change_reason) == (
        administrator,
        "Changed in the admin",
    )


def test_a_team_stays_in_its_organisation(verified_client, administrator):
    from tests.cases.factories import make_team

    team = make_team()
    page = verified_client(administrator).get(reverse("admin:sharing_team_change", args=[team.pk]))
    assert b'name="organisation"' not in page.content


def test_administrator_resets_a_second_factor_recorded_and_emailed(
    verified_client, administrator, enrolled, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sharing.models import AccessChange

    user, _totp, _codes = enrolled
    client = verified_client(administrator)
    url = reverse("admin:sharing_user_second_factor_revoke", args=[user.pk])
    change_page = client.get(reverse("admin:sharing_user_change", args=[user.pk])).content
    assert url.encode() in change_page

    blank = client.post(url, {"reason": ""})
    assert blank.status_code == 200 and TOTPDevice.objects.filter(user=user).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Phone lost on the train"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()
    change = AccessChange.objects.get(subject=user)
    assert (change.actor, change.kind, change.reason) == (
        administrator,
        "second_factor_revoked",
        "Phone lost on the train",
    )
    notice = mail.outbox[-1]
    assert notice.to == [user.email]
    assert "set up your authenticator app again" in notice.body
    assert user.username not in notice.body + notice.subject


def test_resetting_a_second_factor_first_says_exactly_what_will_happen(
    verified_client, administrator, enrolled
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user, _totp, _codes = enrolled
    url = reverse("admin:sharing_user_second_factor_revoke", args=[user.pk])
    page = verified_client(administrator).get(url).content.decode()

    assert user.username in page
    assert "stop working at once" in page
    assert "set up an authenticator app again" in page
    assert "e-mailed" in page
    assert "recorded with your name and your reason" in page
    assert "cannot be undone" in page
    assert f'href="{reverse("admin:sharing_user_change", args=[user.pk])}"' in page  # cancel
    # Opening the page changes nothing.
    assert TOTPDevice.objects.filter(user=user).exists()
