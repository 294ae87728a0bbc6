"""Two schools and the unit, for the tests of moving a child's file."""

from datetime import date

from cases import services as case_services
from cases.transfers import services
from sharing.models import OrganisationKind
from sharing.roles import Role
from tests.cases.factories import PersonFactory, make_team, team_member
from tests.sharing.factories import OrganisationFactory, UserFactory

CHILD_FIRST, CHILD_LAST = "Kayden", "Marsh"
SUMMARY = "Disclosed neglect in Year 4; on a child protection plan since March."


class Schools:
    """Two schools, each with its safeguarding lead (SCPO) in the school's team;
    a third school; the unit with a worker and a manager."""

    def __init__(self):
        self.old = OrganisationFactory(name="Riverside Academy", kind=OrganisationKind.SCHOOL)
        self.new = OrganisationFactory(name="Hill Primary", kind=OrganisationKind.SCHOOL)
        self.third = OrganisationFactory(name="Lakeside School", kind=OrganisationKind.SCHOOL)
        self.unit = OrganisationFactory(
            name="Northshire Unit", kind=OrganisationKind.SAFEGUARDING_PARTNERSHIP
        )
        self.old_team = make_team(organisation=self.old, name="Riverside safeguarding")
        self.new_team = make_team(organisation=self.new, name="Hill safeguarding")
        self.sender = team_member(
            self.old_team, roles=[Role.SCPO], first_name="Dan", email="dsl@riverside.example"
        )
        self.receiver = team_member(
            self.new_team, roles=[Role.SCPO], first_name="Mo", email="dsl@hill.example"
        )
        # Hill's deputy lead: not the named receiver.
        self.deputy = team_member(self.new_team, roles=[Role.SCPO], email="deputy@hill.example")
        self.third_scpo = UserFactory(organisation=self.third, roles=[Role.SCPO])
        unit_team = make_team(organisation=self.unit, name="Unit")
        self.worker = team_member(unit_team, roles=[Role.UNIT_STAFF], email="worker@unit.example")
        self.manager = UserFactory(
            organisation=self.unit, roles=[Role.MANAGER], email="manager@unit.example"
        )
        self.child = PersonFactory(
            owning_team=self.old_team,
            first_name=CHILD_FIRST,
            last_name=CHILD_LAST,
            date_of_birth=date(2017, 3, 4),
        )
        self.case = case_services.case_open(
            user=self.sender,
            team=self.old_team,
            child=self.child,
            summary=SUMMARY,
            opened_on=date(2026, 3, 1),
            reason="School's child protection file",
        )
        self.neighbour = PersonFactory(
            owning_team=self.old_team,
            first_name="Pat",
            last_name="Secretive",
            identity_protected=True,
            identity_protection_reason="Reported the concern",
        )
        case_services.participant_add(
            user=self.sender, case=self.case, person=self.neighbour, role="other", reason="r"
        )
        case_services.chronology_add(
            user=self.sender,
            case=self.case,
            reason="r",
            occurred_on=date(2026, 3, 2),
            kind="concern",
            information_status="fact",
            text="Came to school hungry, third time.",
        )

    def send(self, **overrides):
        fields = {
            "user": self.sender,
            "case": self.case,
            "subject": self.child,
            "kind": "school",
            "receiving_organisation": self.new,
            "receiving_user": self.receiver,
            "route": "register",
            "summary": SUMMARY,
            "confirmed_on": date(2026, 11, 9),
        }
        fields.update(overrides)
        transfer, _password, _token = services.transfer_send(**fields)
        return transfer

    def send_pack(self, **overrides):
        fields = {
            "user": self.sender,
            "case": self.case,
            "subject": self.child,
            "kind": "school",
            "receiving_organisation": self.new,
            "route": "pack",
            "summary": SUMMARY,
            "receiving_contact": "DSL, dsl@hill.example",
            "password_route": "phone",
            "confirmed_on": date(2026, 11, 9),
        }
        fields.update(overrides)
        return services.transfer_send(**fields)
