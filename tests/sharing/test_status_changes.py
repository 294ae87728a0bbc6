"""Changing an organisation's health or social care status (issue 15). PCSC Act
2022 s16 does not let a health or social care authority disclose personal
information (seed 000 §8.7), so an administrator's change is recorded with a
reason and takes effect only when the DPO confirms it; until then the old
status applies. The DPO sees waiting changes on their page."""

import html
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from requests import services as request_services
from sharing import services
from sharing.models import Organisation, OrganisationKind, StatusChange
from sharing.roles import Role
from tests.cases.factories import PersonFactory, make_team, team_member
from tests.requests.factories import gateway

from .factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

REASON = "The trust's safeguarding service is now run by the council's public health team."


@pytest.fixture
def administrator():
    return UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True)


@pytest.fixture
def nhs():
    return OrganisationFactory(
        name="Kent NHS Trust", kind=OrganisationKind.HEALTH, police_force_area="kent"
    )


def _lift(administrator, organisation, reason=REASON):
    """The administrator says the organisation is not a health or social care
    authority, through the service the admin saves through."""
    return services.organisation_upsert(
        actor=administrator,
        pk=organisation.pk,
        name=organisation.name,
        reason="Changed in the admin",
        status_change_reason=reason,
        health_or_social_care_override=False,
    )


def _s16_to(organisation):
    police = OrganisationFactory(name="Kent Police", kind=OrganisationKind.POLICE)
    team = make_team(organisation=police, name="Violence reduction")
    worker = team_member(team, roles=[Role.UNIT_STAFF])
    return request_services.request_send(
        user=worker,
        team=team,
        recipient=None,
        receiving_organisation=organisation,
        gateway=gateway("pcsc2022-s16"),
        information_sought="Attendances",
        purpose="Serious violence strategy",
        started_on=date(2026, 11, 16),
        subjects=[PersonFactory(owning_team=team)],
    )


def test_an_administrators_change_waits_for_the_dpo_and_the_old_status_applies(administrator, nhs):
    _lift(administrator, nhs)

    nhs.refresh_from_db()
    assert nhs.is_health_or_social_care_authority
    change = StatusChange.objects.get(organisation=nhs)
    assert change.is_pending and change.reason == REASON
    with pytest.raises(ValidationError, match="health or social care authority"):
        _s16_to(nhs)


def test_the_change_applies_once_the_dpo_confirms_it_with_the_reason_in_history(
    administrator, nhs, dpo
):
    _lift(administrator, nhs)
    change = StatusChange.objects.get(organisation=nhs)

    services.status_change_decide(user=dpo, change=change, confirm=True)

    nhs.refresh_from_db()
    assert not nhs.is_health_or_social_care_authority
    latest = nhs.history.latest()
    assert latest.history_user == dpo and "confirmed by the DPO" in latest.history_change_reason
    assert _s16_to(nhs).pk


@pytest.mark.parametrize("reason", ["", "x", "n/a", "changed"])
def test_a_change_needs_a_reason_in_substance(administrator, nhs, reason):
    with pytest.raises(ValidationError, match="Say why the health or social care status changes"):
        _lift(administrator, nhs, reason=reason)
    assert not StatusChange.objects.exists()


def test_one_change_waits_at_a_time(administrator, nhs):
    _lift(administrator, nhs)
    with pytest.raises(ValidationError, match="already waiting"):
        services.organisation_upsert(
            actor=administrator,
            pk=nhs.pk,
            name=nhs.name,
            reason="Changed in the admin",
            status_change_reason=REASON,
            health_or_social_care_override=True,
        )


def test_only_the_dpo_decides_and_declining_needs_a_reason(administrator, nhs, dpo, manager):
    _lift(administrator, nhs)
    change = StatusChange.objects.get(organisation=nhs)
    for someone in (administrator, manager):
        with pytest.raises(PermissionDenied):
            services.status_change_decide(user=someone, change=change, confirm=True)
    with pytest.raises(ValidationError, match="Say why"):
        services.status_change_decide(user=dpo, change=change, confirm=False)

    services.status_change_decide(
        user=dpo, change=change, confirm=False, note="The trust still provides health care."
    )
    nhs.refresh_from_db()
    assert nhs.is_health_or_social_care_authority
    with pytest.raises(ValidationError, match="declined a moment ago"):
        services.status_change_decide(user=dpo, change=change, confirm=True)


def test_the_admin_asks_for_a_reason_and_says_the_change_waits(verified_client, administrator, nhs):
    client = verified_client(administrator)
    url = reverse("admin:sharing_organisation_change", args=[nhs.pk])
    data = {
        "name": nhs.name,
        "kind": "health",
        "police_force_area": "kent",
        "secure_channel": "secure_email",
        "secure_contact": "safeguarding@nhs.example",
        "is_active": "on",
        "svd_specified_override": "unknown",
        "health_or_social_care_override": "false",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Say why the health or social care status changes" in refused.content.decode()
    assert not StatusChange.objects.exists()

    saved = client.post(url, {**data, "status_change_reason": REASON}, follow=True)
    assert "waits for the data protection officer" in saved.content.decode()
    assert Organisation.objects.get(pk=nhs.pk).health_or_social_care_override is None


def test_the_dpo_sees_the_waiting_change_on_their_page_and_confirms_it(
    verified_client, administrator, nhs, dpo
):
    _lift(administrator, nhs)
    client = verified_client(dpo)

    home = client.get(reverse("home")).content.decode()
    assert "1 change to an organisation's health or social care status waiting" in home
    page = html.unescape(client.get(reverse("status_changes")).content.decode())
    assert "Kent NHS Trust" in page and REASON in page

    change = StatusChange.objects.get(organisation=nhs)
    url = reverse("status_change_decide", args=[change.pk])
    empty = client.post(url, {})
    assert "Select whether you confirm the change" in empty.content.decode()
    response = client.post(url, {"decision": "confirm"})
    assert response.status_code == 302
    nhs.refresh_from_db()
    assert not nhs.is_health_or_social_care_authority


def test_nobody_but_the_dpo_opens_the_page(verified_client, administrator, manager):
    for someone in (administrator, manager):
        assert verified_client(someone).get(reverse("status_changes")).status_code == 403
