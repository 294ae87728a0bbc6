"""The demo's moving files: each school's term dates (a typical England
calendar) and one child protection file on its way from Riverside Academy to
St Anne's Primary School, waiting for St Anne's lead to confirm receipt.
Built once: a register that already has a transfer is left as it is."""

from datetime import date

from django.utils import timezone

from cases import services as case_services
from cases.models import Transfer
from cases.transfers import services as transfer_services
from sharing import services
from sharing.models import Organisation, OrganisationKind, Team, User

REASON = "Demo data (seed_demo)"
SENDER, RECEIVER = "Riverside Academy", "St Anne's Primary School"
TEAM = "Safeguarding records"


def build_transfers(organisations: dict[str, Organisation]) -> None:
    today = timezone.localdate()
    autumn = today.year if today.month >= 9 else today.year - 1
    for organisation in organisations.values():
        if organisation.kind == OrganisationKind.SCHOOL:
            transfer_services.term_calendar_seed(organisation, [autumn - 1, autumn, autumn + 1])
    receiver = User.objects.get(username="scpo.stannes")
    team = Team.objects.filter(organisation=organisations[RECEIVER], name=TEAM).first()
    if team is None:
        # St Anne's lead keeps the files they receive in their school's team.
        team = services.team_create(organisation=organisations[RECEIVER], name=TEAM, reason=REASON)
        services.team_add_member(team=team, user=receiver)
    if Transfer.objects.exists():
        return
    sender = User.objects.get(username="scpo.riverside")
    sending_team = Team.objects.get(organisation=organisations[SENDER], name=TEAM)
    child = case_services.person_create(
        user=sender,
        team=sending_team,
        reason=REASON,
        first_name="Ellie",
        last_name="Ward",
        date_of_birth=date(2015, 5, 19),
    )
    case = case_services.case_open(
        user=sender,
        team=sending_team,
        child=child,
        opened_on=today.replace(day=1),
        summary="Disclosed domestic abuse at home in Year 5; on a child protection plan.",
        reason=REASON,
    )
    case_services.chronology_add(
        user=sender,
        case=case,
        reason=REASON,
        occurred_on=today.replace(day=1),
        kind="concern",
        information_status="fact",
        text="Told her teacher that she hides upstairs when her parents argue.",
    )
    transfer_services.transfer_send(
        user=sender,
        case=case,
        subject=child,
        kind="school",
        receiving_organisation=organisations[RECEIVER],
        receiving_user=receiver,
        route="register",
        confirmed_on=today,
        summary=case.summary,
    )
