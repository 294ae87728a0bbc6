"""Who is in the demo month: the people and teams, and how a person or a case is made."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from cases import services as case_services
from cases.models import Case, Person
from sharing import services
from sharing.models import Organisation, Team, User

REASON = "Demo data (seed_demo)"

UNIT = "Northshire Safeguarding Unit"
SCHOOL = "Riverside Academy"
ASSESSMENT_TEAM = "Assessment team"
CHILD_PROTECTION_TEAM = "Child protection team"
SCHOOL_TEAM = "Safeguarding records"


@dataclass
class Cast:
    """Who acts in the month, and where."""

    organisations: dict[str, Organisation]
    today: date
    teams: dict[str, Team] = field(default_factory=dict)

    def user(self, username: str) -> User:
        return User.objects.get(username=username)

    def org(self, name: str) -> Organisation:
        return self.organisations[name]

    def days_ago(self, days: int) -> date:
        return self.today - timedelta(days=days)


def _team(cast: Cast, organisation: str, name: str, members: list[str]) -> Team:
    org = cast.org(organisation)
    team = Team.objects.filter(organisation=org, name=name).first()
    if team is None:
        team = services.team_create(organisation=org, name=name, reason=REASON)
    for username in members:
        services.team_add_member(team=team, user=cast.user(username))
    return team


def _teams(cast: Cast) -> None:
    cast.teams[ASSESSMENT_TEAM] = _team(cast, UNIT, ASSESSMENT_TEAM, ["worker"])
    team = _team(cast, UNIT, CHILD_PROTECTION_TEAM, [])
    cast.teams[CHILD_PROTECTION_TEAM] = team
    # The one access change the manager and the DPO see: an administrator,
    # with a reason, moves a worker into the child protection team.
    if not team.group.user_set.filter(username="worker.cp").exists():
        services.group_membership_change(
            actor=cast.user("admin"),
            subject=cast.user("worker.cp"),
            group=team.group,
            add=True,
            reason="Started in the child protection team after induction.",
        )
    # A school keeps its own child protection files: its safeguarding lead
    # records them in the school's team.
    cast.teams[SCHOOL_TEAM] = _team(cast, SCHOOL, SCHOOL_TEAM, ["scpo.riverside"])


def _person(
    cast: Cast, user: User, team: Team, first: str, last: str, born: date, **more: Any
) -> Person:
    return case_services.person_create(
        user=user,
        team=team,
        reason=REASON,
        first_name=first,
        last_name=last,
        date_of_birth=born,
        **more,
    )


def _case(
    cast: Cast,
    *,
    username: str,
    team: str,
    child: tuple[str, str, date, str],
    opened: date,
    summary: str,
    adults: tuple[tuple[str, str, date, str], ...] = (),
    entries: tuple[tuple[date, str, str, str], ...] = (),
    source: str = SCHOOL,
) -> Case:
    user = cast.user(username)
    the_team = cast.teams[team]
    first, last, born, gender = child
    person = _person(cast, user, the_team, first, last, born, gender=gender)
    case = case_services.case_open(
        user=user,
        team=the_team,
        child=person,
        opened_on=opened,
        reason=REASON,
        summary=summary,
        lead_practitioner=user,
    )
    for a_first, a_last, a_born, role in adults:
        adult = _person(cast, user, the_team, a_first, a_last, a_born)
        case_services.participant_add(user=user, case=case, person=adult, role=role, reason=REASON)
    for occurred_on, kind, status, text in entries:
        case_services.chronology_add(
            user=user,
            case=case,
            reason=REASON,
            occurred_on=occurred_on,
            kind=kind,
            information_status=status,
            text=text,
            source_organisation=cast.org(source),
        )
    return case
