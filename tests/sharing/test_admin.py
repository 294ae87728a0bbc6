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

    rule = RetentionRule.objects.get(school_year_rule=True)
    page = verified_client(administrator).get(
        reverse("admin:retention_retentionrule_change", args=[rule.pk])
    )
    assert page.status_code == 200 and b'name="period_months"' in page.content
