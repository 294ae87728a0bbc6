"""Gateway rules on a request, as services apply them (issue 15): whether a
request is about identified people follows from its subjects; s17 never asks
for patient information; the s14B and s16H necessity statement in substance."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from requests import services
from requests.models import InformationRequest
from sharing.models import Gateway, OrganisationKind
from sharing.roles import Role
from tests.cases.factories import PersonFactory, make_team, team_member
from tests.requests.factories import World, gateway
from tests.sharing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def _team_of(kind, name):
    organisation = OrganisationFactory(name=name, kind=kind, police_force_area="kent")
    team = make_team(organisation=organisation, name=f"{name} team")
    worker = team_member(team, roles=[Role.UNIT_STAFF])
    child = PersonFactory(owning_team=team)
    return organisation, team, worker, child


def test_unticking_personal_information_does_not_let_health_be_asked_under_s16(world):
    """PCSC Act 2022 s16, seed 000 §8.7: a request naming a child is personal
    information, whatever the tick box said."""
    _police, team, worker, child = _team_of(OrganisationKind.POLICE, "Kent Constabulary")
    nhs = OrganisationFactory(name="Kent NHS Trust", kind=OrganisationKind.HEALTH)
    with pytest.raises(ValidationError, match="health or social care authority"):
        services.request_send(
            user=worker,
            team=team,
            recipient=None,
            receiving_organisation=nhs,
            gateway=gateway("pcsc2022-s16"),
            information_sought="Attendances at the emergency department.",
            purpose="Serious violence strategy",
            started_on=date(2026, 11, 16),
            includes_personal_information=False,
            subjects=[child],
        )
    assert not InformationRequest.objects.exists()


def test_a_request_naming_nobody_is_recorded_as_not_personal_information(world):
    _police, team, worker, _child = _team_of(OrganisationKind.POLICE, "Kent Constabulary")
    nhs = OrganisationFactory(name="Kent NHS Trust", kind=OrganisationKind.HEALTH)
    request = services.request_send(
        user=worker,
        team=team,
        recipient=None,
        receiving_organisation=nhs,
        gateway=gateway("pcsc2022-s16"),
        information_sought="Counts of knife injuries treated, by month.",
        purpose="Serious violence strategy",
        started_on=date(2026, 11, 16),
        subjects=[],
    )
    assert request.includes_personal_information is False


def test_a_local_policing_body_asking_an_nhs_trust_for_patient_information_is_refused(world):
    """PCSC Act 2022 s17, seed 000 §8.7: restrictions on patient information."""
    _nhs, team, worker, patient = _team_of(OrganisationKind.HEALTH, "Kent NHS Trust")
    pcc = OrganisationFactory(
        name="Kent PCC", kind=OrganisationKind.LOCAL_POLICING_BODY, police_force_area="kent"
    )
    fields = {
        "user": worker,
        "team": team,
        "requesting_organisation": pcc,
        "requester_contact": "Violence reduction unit",
        "gateway": gateway("pcsc2022-s17"),
        "for_svd_functions": True,
        "information_sought": "Injuries treated",
        "purpose": "Serious Violence Duty strategy",
        "started_on": date(2026, 11, 16),
        "subjects": [patient],
    }
    with pytest.raises(ValidationError, match="patient information"):
        services.request_log_incoming(includes_patient_information=True, **fields)
    assert services.request_log_incoming(includes_patient_information=False, **fields).pk


@pytest.mark.parametrize("code", ["ca2004-s14b", "ca2004-s16h"])
@pytest.mark.parametrize(
    ("necessity", "message"),
    [
        ("x", "must say why the information is needed"),
        ("n/a", "must say why the information is needed"),
        (
            "We would like everything you hold on the family, thank you.",
            "which partnership function it serves",
        ),
        ("The practice review panel needs attendance to understand the last term.", None),
    ],
)
def test_the_necessity_statement_is_stated_in_substance(world, code, necessity, message):
    """Children Act 2004 s14B / s16H, seed 000 §7: necessary and proportionate,
    explaining why the information is needed, for the partnership's function."""
    if message is None:
        assert world.s14b_to(
            world.school_a, world.scpo_a, gateway=gateway(code), necessity=necessity
        )
        return
    with pytest.raises(ValidationError, match=message):
        world.s14b_to(world.school_a, world.scpo_a, gateway=gateway(code), necessity=necessity)


def test_s16h_is_in_the_catalogue_beside_s14b():
    s14b, s16h = Gateway.objects.get(code="ca2004-s14b"), Gateway.objects.get(code="ca2004-s16h")
    assert "Children and Social Work Act 2017" in s16h.statute
    assert s16h.recipient_must_comply and s16h.invoked_by == s14b.invoked_by
    assert (s16h.routine_working_days, s16h.urgent_working_days) == (
        s14b.routine_working_days,
        s14b.urgent_working_days,
    )
