"""Roles as groups, what each role is shown, and organisation status by kind."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from sharing import rules, services
from sharing.models import Organisation, OrganisationKind
from sharing.roles import Role

from .factories import OrganisationFactory, UserFactory


@pytest.mark.django_db
def test_the_five_roles_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


@pytest.mark.django_db
def test_administrator_role_can_manage_organisations_and_users_but_not_delete_users():
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    assert administrator.has_perm("sharing.change_organisation")
    assert administrator.has_perm("sharing.add_user")
    assert not administrator.has_perm("sharing.delete_user")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.UNIT_STAFF, Role.MANAGER, Role.SCPO, Role.DPO])
def test_other_roles_cannot_configure_the_register(role):
    user = UserFactory(roles=[role])
    assert not user.has_perm("sharing.change_organisation")
    assert not user.has_perm("sharing.change_user")


@pytest.mark.django_db
def test_only_administrators_are_given_admin_access():
    organisation = OrganisationFactory()
    admin_user = services.user_upsert(
        username="a", organisation=organisation, roles=[Role.ADMINISTRATOR], reason="test"
    )
    worker = services.user_upsert(
        username="w", organisation=organisation, roles=[Role.UNIT_STAFF], reason="test"
    )
    assert admin_user.is_staff and not worker.is_staff
    assert worker.history.first().history_change_reason == "test"


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (
            [Role.UNIT_STAFF],
            [
                "Home",
                "Cases",
                "People",
                "Requests",
                "Decisions",
                "Moving files",
                "Account security",
            ],
        ),
        (
            [Role.MANAGER],
            [
                "Home",
                "Cases",
                "Decisions",
                "Break-glass",
                "Break-glass review",
                "Access changes",
                "Statistics",
                "Moving files",
                "Account security",
            ],
        ),
        (
            [Role.SCPO],
            [
                "Home",
                "Inbox",
                "Cases",
                "Decisions",
                "Moving files",
                "Term dates",
                "Account security",
            ],
        ),
        (
            [Role.DPO],
            [
                "Home",
                "Retention",
                "Subject access",
                "Decisions",
                "Break-glass review",
                "Access changes",
                "Statistics",
                "Account security",
            ],
        ),
        ([Role.ADMINISTRATOR], ["Home", "Administration", "Account security"]),
        # Statistics for the annual report, and nothing else.
        ([Role.BUSINESS_MANAGER], ["Home", "Statistics", "Account security"]),
        (
            [Role.ADMINISTRATOR, Role.DPO],
            [
                "Home",
                "Retention",
                "Subject access",
                "Decisions",
                "Break-glass review",
                "Access changes",
                "Statistics",
                "Administration",
                "Account security",
            ],
        ),
        ([], ["Home", "Account security"]),
    ],
)
def test_navigation_shows_each_role_only_what_it_may_use(roles, expected):
    assert [item.label for item in rules.navigation_for(roles)] == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "section"),
    [
        (Role.UNIT_STAFF, b'data-role="unit-staff"'),
        (Role.MANAGER, b'data-role="manager"'),
        (Role.SCPO, b'data-role="scpo"'),
        (Role.DPO, b'data-role="dpo"'),
        (Role.ADMINISTRATOR, b'data-role="administrator"'),
    ],
)
def test_each_role_has_its_own_home_page(verified_client, role, section):
    user = UserFactory(roles=[role])
    response = verified_client(user).get(reverse("home"))
    assert response.status_code == 200
    assert section in response.content
    assert response.content.count(b"data-role=") == 1


@pytest.mark.django_db
def test_administration_link_is_not_shown_to_a_school_scpo(verified_client):
    scpo = UserFactory(roles=[Role.SCPO])
    administrator = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True)
    admin_url = reverse("admin:index").encode()
    assert admin_url not in verified_client(scpo).get(reverse("home")).content
    assert admin_url in verified_client(administrator).get(reverse("home")).content


@pytest.mark.django_db
def test_user_without_a_role_is_told_to_ask_for_one(verified_client):
    response = verified_client(UserFactory()).get(reverse("home"))
    assert b"No role yet" in response.content


@pytest.mark.parametrize(
    ("kind", "specified", "health_or_social_care"),
    [
        (OrganisationKind.POLICE, True, False),
        (OrganisationKind.LA_CHILDRENS_SOCIAL_CARE, True, True),
        (OrganisationKind.HEALTH, True, True),
        (OrganisationKind.PROBATION, True, False),
        (OrganisationKind.YOUTH_OFFENDING_TEAM, True, False),
        (OrganisationKind.FIRE_AND_RESCUE, True, False),
        (OrganisationKind.SCHOOL, False, False),
        (OrganisationKind.LOCAL_POLICING_BODY, False, False),
        (OrganisationKind.PRISON, False, False),
        (OrganisationKind.VOLUNTARY, False, False),
    ],
)
def test_statutory_status_is_derived_from_the_kind(kind, specified, health_or_social_care):
    organisation = Organisation(name="x", kind=kind)
    assert organisation.is_svd_specified_authority is specified
    assert organisation.is_health_or_social_care_authority is health_or_social_care


def test_an_administrators_override_wins_over_the_kind():
    organisation = Organisation(
        name="x",
        kind=OrganisationKind.VOLUNTARY,
        svd_specified_override=True,
        health_or_social_care_override=True,
    )
    assert organisation.is_svd_specified_authority
    assert organisation.is_health_or_social_care_authority
    organisation = Organisation(
        name="y", kind=OrganisationKind.HEALTH, health_or_social_care_override=False
    )
    assert not organisation.is_health_or_social_care_authority
