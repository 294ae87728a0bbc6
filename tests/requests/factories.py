import importlib
from datetime import date

from cases.models import Person
from requests import services
from requests.models import InformationRequest, Outcome
from sharing.models import Gateway, OrganisationKind
from sharing.roles import Role
from tests.cases.factories import PersonFactory, make_team, team_member
from tests.sharing.factories import OrganisationFactory, UserFactory


def gateway(code):
    if not Gateway.objects.exists():
        # Transactional tests (browser) run on a database flushed of the rows
        # the data migrations made: seed the catalogue again, from the migration.
        from django.apps import apps

        importlib.import_module("sharing.migrations.0007_seed_gateways").seed(apps, None)
        importlib.import_module("sharing.migrations.0022_seed_s16h_gateway").seed(apps, None)
    return Gateway.objects.get(code=code)


class World:
    """A unit team in a partnership, two schools each with an SCPO, police."""

    def __init__(self):
        gateway("other-stated")  # the catalogue is there, even after a flush
        self.partnership = OrganisationFactory(
            name="Northshire Partnership",
            kind=OrganisationKind.SAFEGUARDING_PARTNERSHIP,
            police_force_area="kent",
        )
        self.team = make_team(organisation=self.partnership, name="Unit")
        self.worker = team_member(self.team, roles=[Role.UNIT_STAFF], email="worker@unit.example")
        self.police = OrganisationFactory(
            name="Kent Police", kind=OrganisationKind.POLICE, police_force_area="kent"
        )
        self.school_a = OrganisationFactory(
            name="Riverside Academy", kind=OrganisationKind.SCHOOL, police_force_area="kent"
        )
        self.school_b = OrganisationFactory(
            name="St Anne's", kind=OrganisationKind.SCHOOL, police_force_area="kent"
        )
        self.scpo_a = UserFactory(
            organisation=self.school_a, roles=[Role.SCPO], email="dsl@riverside.example"
        )
        self.scpo_b = UserFactory(
            organisation=self.school_b, roles=[Role.SCPO], email="dsl@stannes.example"
        )
        self.child = PersonFactory(owning_team=self.team, first_name="Jamie", last_name="Reed")

    def s14b_to(self, school, scpo, **overrides) -> InformationRequest:
        fields = {
            "user": self.worker,
            "team": self.team,
            "recipient": scpo,
            "receiving_organisation": school,
            "gateway": gateway("ca2004-s14b"),
            "scp_function": "cspr",
            "necessity": "The practice review panel needs attendance to understand the last term.",
            "information_sought": "Attendance and safeguarding concerns, Sept to Dec 2025.",
            "purpose": "Child safeguarding practice review.",
            "started_on": date(2026, 11, 16),
            "subjects": [self.child],
        }
        fields.update(overrides)
        return services.request_send(**fields)

    def incoming_s47(self, **overrides):
        fields = {
            "user": self.worker,
            "team": self.team,
            "requesting_organisation": self.police,
            "requester_contact": "DC Smith, MASH",
            "gateway": gateway("ca1989-s17-s47"),
            "ca1989_section": "s47",
            "information_sought": "Known concerns about the family.",
            "purpose": "Strategy discussion",
            "started_on": date(2026, 11, 16),
            "subjects": [self.child],
        }
        fields.update(overrides)
        return services.request_log_incoming(**fields)


__all__ = ["Person", "World", "gateway"]


def answer(
    *,
    user,
    request,
    outcome=Outcome.SHARED,
    outcome_reason="",
    response_text="",
    response_status="",
    channel="register",
    files=(),
    **decision_overrides,
):
    """Answer a request the one way the register allows: by recording the
    answerer's sharing decision with it (a decision to share, share in part or
    not share, complete by the record's rules; "not held" needs none)."""
    from sharing.choices import DecisionOutcome
    from sharing.decisions import services as decision_services
    from tests.sharing.decisions.builders import decision_fields, refusal_fields

    if outcome == Outcome.NOT_HELD:
        return services.request_answer(
            user=user,
            request=request,
            outcome=outcome,
            response_text=response_text,
            response_status=response_status,
            channel=channel,
            files=files,
        )
    fields = {
        Outcome.SHARED: lambda: decision_fields(),
        Outcome.SHARED_IN_PART: lambda: decision_fields(
            outcome=DecisionOutcome.SHARE_IN_PART, explanation_to_requester=outcome_reason
        ),
        Outcome.DECLINED: lambda: refusal_fields(explanation_to_requester=outcome_reason),
    }[outcome]()
    decision_services.request_answer_by_decision(
        user=user,
        request=request,
        decision_fields={**fields, **decision_overrides},
        response_text=response_text,
        response_status=response_status,
        channel=channel,
        files=files,
    )
    request.refresh_from_db()
    return request


def answer_post(**overrides):
    """What the answer page posts for an answer that shares: the decision's
    questions answered (as the builders' decision to share) and the answer."""
    from tests.sharing.decisions.builders import decision_fields

    return {
        **{name: str(value) for name, value in decision_fields().items()},
        "response_text": "Attendance 92%.",
        "response_status": "fact",
        "channel": "register",
        **overrides,
    }


def decline_post(**overrides):
    """What the answer page posts for a decision not to share."""
    from tests.sharing.decisions.builders import refusal_fields

    return {
        **{name: str(value) for name, value in refusal_fields().items()},
        "channel": "register",
        **overrides,
    }
