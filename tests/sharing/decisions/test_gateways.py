"""The gateway's rules on a sharing decision and a disclosure, not only on a
request (issue 15): PCSC Act 2022 s16 never lets a health or social care
authority disclose personal information, whoever records it and by whichever
path (seed 000 §8.7)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cases import services as case_services
from requests import services as request_services
from sharing.decisions import services
from sharing.models import Decision, Disclosure, OrganisationKind
from sharing.roles import Role
from tests.cases.factories import PersonFactory, make_team, team_member
from tests.requests.factories import World, gateway
from tests.sharing.decisions.builders import decision_fields, refusal_fields
from tests.sharing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def _deciding(kind, name):
    """An organisation of ``kind`` with a team, a worker and a child's case."""
    organisation = OrganisationFactory(name=name, kind=kind, police_force_area="kent")
    team = make_team(organisation=organisation, name=f"{name} team")
    worker = team_member(team, roles=[Role.UNIT_STAFF])
    child = PersonFactory(owning_team=team)
    case = case_services.case_open(
        user=worker,
        team=team,
        child=child,
        summary="Concerns",
        reason="r",
        opened_on=date(2026, 10, 1),
    )
    return organisation, worker, case


def test_social_care_cannot_record_a_decision_to_share_personal_information_under_s16(world):
    _csc, worker, case = _deciding(OrganisationKind.LA_CHILDRENS_SOCIAL_CARE, "Kent CSC")
    with pytest.raises(ValidationError, match="a health or social care authority"):
        services.decision_record(
            user=worker,
            case=case,
            recipient_organisation=world.police,
            gateway=gateway("pcsc2022-s16"),
            **decision_fields(),
        )
    assert not Decision.objects.exists()


def test_a_health_authority_recording_a_disclosure_under_s16_is_refused(world):
    """A decision naming nobody to share with passes; what then leaves is
    judged at the disclosure, which always names its recipient."""
    _nhs, worker, case = _deciding(OrganisationKind.HEALTH, "Kent NHS Trust")
    decision = services.decision_record(
        user=worker, case=case, gateway=gateway("pcsc2022-s16"), **decision_fields()
    )
    with pytest.raises(ValidationError, match="a health or social care authority"):
        services.disclosure_record(
            user=worker,
            decision=decision,
            recipient_organisation=world.police,
            shared_on=date(2026, 11, 16),
            channel="secure_email",
            items=[("Attended the emergency department twice in October.", "fact")],
        )
    assert not Disclosure.objects.exists()


def test_a_health_authority_may_record_a_decision_not_to_share_under_s16(world):
    _nhs, worker, case = _deciding(OrganisationKind.HEALTH, "Kent NHS Trust")
    decision = services.decision_record(
        user=worker,
        case=case,
        recipient_organisation=world.police,
        gateway=gateway("pcsc2022-s16"),
        **refusal_fields(),
    )
    assert decision.pk


def test_the_police_share_with_a_school_under_s16_by_decision_and_disclosure(world):
    _police, worker, case = _deciding(OrganisationKind.POLICE, "Kent Constabulary")
    decision = services.decision_record(
        user=worker,
        case=case,
        recipient_organisation=world.school_a,
        gateway=gateway("pcsc2022-s16"),
        **decision_fields(),
    )
    disclosure = services.disclosure_record(
        user=worker,
        decision=decision,
        recipient_organisation=world.school_a,
        shared_on=date(2026, 11, 16),
        channel="secure_email",
        items=[("Arrested for possession of a knife, October 2026.", "fact")],
    )
    assert disclosure.pk


def test_a_decision_without_its_own_gateway_is_judged_by_its_requests(world):
    """An s16 request naming nobody may be put to a health authority; the
    decision answering it about a child's case is personal information, and
    leaving the decision's gateway blank does not take it outside s16."""
    _nhs, worker, case = _deciding(OrganisationKind.HEALTH, "Kent NHS Trust")
    request = request_services.request_log_incoming(
        user=worker,
        team=case.team,
        requesting_organisation=world.police,
        requester_contact="DC Smith",
        gateway=gateway("pcsc2022-s16"),
        information_sought="Attendances",
        purpose="Serious violence",
        started_on=date(2026, 11, 16),
        subjects=[],
    )
    with pytest.raises(ValidationError, match="a health or social care authority"):
        services.decision_record(user=worker, request=request, case=case, **decision_fields())
    assert not Decision.objects.exists()
