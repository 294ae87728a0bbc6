"""A month in the demo register, built through the services as people would
build it, so every role's first sign-in shows real work.

Two unit teams and a school keep a dozen cases between them: requests overdue,
due soon, answered and closed; a school's question waiting for an answer; a
decision not to share waiting for a manager's sign-off; an emergency share not
yet written up; a manager's break-glass; old records the retention sweep finds
due for review and for disposal, one under legal hold, one already disposed of
(its certificate kept); an administrator's change to a team; a parent's subject
access request, its draft pack waiting for the DPO's review. The names,
numbers and events are invented.

Dates are counted back from the day it runs, so the month is always this
month. Built once: a register that already has the second team's cases is left
as it is (running the seed again changes nothing)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, EntryKind, Gender, InformationStatus, ParticipantRole, Person
from requests import services as request_services
from requests.models import InformationRequest
from retention.models import RecordType, RetentionState
from retention.models import Status as RetentionStatus
from retention.services import disposal as disposal_services
from retention.services import review as review_services
from retention.services import sweep as sweep_services
from retention.subject_access import services as subject_access_services
from sharing import services
from sharing.choices import (
    Article6Basis,
    ConsentNotSoughtReason,
    ConsentStatus,
    DecisionOutcome,
    NotToldReason,
    SecureChannel,
)
from sharing.decisions import services as decision_services
from sharing.models import Gateway, Organisation, Team, User
from sharing.rules import due_date, holidays_around

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


def build_month(organisations: dict[str, Organisation]) -> None:
    """The teams (always ensured), then the month, unless it is already there."""
    cast = Cast(organisations=organisations, today=timezone.localdate())
    _teams(cast)
    if Case.objects.filter(team=cast.teams[CHILD_PROTECTION_TEAM]).exists():
        return
    # All or nothing: a seed that fails halfway leaves no half-month behind
    # for the next run to skip.
    with transaction.atomic():
        _build(cast)


def _build(cast: Cast) -> None:
    assessment = _assessment_cases(cast)
    child_protection = _child_protection_cases(cast)
    _requests(cast, assessment, child_protection)
    _decisions(cast, assessment, child_protection)
    _old_records(cast)
    _manager_looks(cast, child_protection)
    _subject_access(cast, assessment)


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


def _assessment_cases(cast: Cast) -> dict[str, Case]:
    """Sam Okafor's team: the case the demo always had, and four more opened this month."""
    d = cast.days_ago
    cases: dict[str, Case] = {}
    existing = Case.objects.filter(team=cast.teams[ASSESSMENT_TEAM]).order_by("pk").first()
    if existing is not None:
        cases["reed"] = existing
    else:
        cases["reed"] = _case(
            cast,
            username="worker",
            team=ASSESSMENT_TEAM,
            child=("Jamie", "Reed", date(2014, 5, 17), Gender.MALE),
            opened=d(28),
            summary="Concerns raised by school about injuries and missed attendance.",
            adults=(
                ("Lee", "Reed", date(1988, 2, 3), ParticipantRole.PARENT),
                ("Kyle", "Marsh", date(1990, 11, 12), ParticipantRole.ALLEGED_PERPETRATOR),
            ),
            entries=(
                (
                    d(28),
                    EntryKind.REFERRAL,
                    InformationStatus.FACT,
                    "Referral from Riverside Academy DSL: bruising to forearm seen in PE.",
                ),
                (
                    d(26),
                    EntryKind.INFORMATION_RECEIVED,
                    InformationStatus.OPINION,
                    "Class teacher believes Jamie is frightened to go home on Fridays.",
                ),
                (
                    d(25),
                    EntryKind.INFORMATION_RECEIVED,
                    InformationStatus.HISTORICAL,
                    "Previous referral in 2022 (another authority), closed after assessment.",
                ),
            ),
        )
    cases["patel"] = _case(
        cast,
        username="worker",
        team=ASSESSMENT_TEAM,
        child=("Aisha", "Patel", date(2012, 9, 3), Gender.FEMALE),
        opened=d(21),
        summary="Aisha told a teaching assistant she is often left to look after her "
        "younger brother overnight.",
        adults=(("Nadia", "Patel", date(1985, 6, 30), ParticipantRole.PARENT),),
        entries=(
            (
                d(21),
                EntryKind.REFERRAL,
                InformationStatus.FACT,
                "Referral from Riverside Academy: Aisha disclosed being left alone overnight.",
            ),
            (
                d(14),
                EntryKind.MEETING,
                InformationStatus.FACT,
                "Home visit with mother present; agreed a plan for evening care.",
            ),
        ),
    )
    cases["walsh"] = _case(
        cast,
        username="worker",
        team=ASSESSMENT_TEAM,
        child=("Tyler", "Walsh", date(2010, 1, 22), Gender.MALE),
        opened=d(17),
        summary="Going missing from home; seen with older young people in the town centre "
        "late at night.",
        entries=(
            (
                d(17),
                EntryKind.CONCERN,
                InformationStatus.FACT,
                "Reported missing overnight by his grandmother; found the next morning.",
            ),
            (
                d(10),
                EntryKind.INFORMATION_RECEIVED,
                InformationStatus.OPINION,
                "Police community support officer thinks Tyler is being groomed to carry drugs.",
            ),
        ),
        source="Northshire Police",
    )
    cases["nowak"] = _case(
        cast,
        username="worker",
        team=ASSESSMENT_TEAM,
        child=("Zofia", "Nowak", date(2017, 4, 11), Gender.FEMALE),
        opened=d(9),
        summary="Health visitor concerned about weight loss and missed appointments.",
        adults=(("Piotr", "Nowak", date(1983, 8, 19), ParticipantRole.PARENT),),
        entries=(
            (
                d(9),
                EntryKind.REFERRAL,
                InformationStatus.FACT,
                "Referral from the health visiting team: three missed appointments "
                "since the summer.",
            ),
        ),
        source="Northshire NHS Foundation Trust",
    )
    cases["brennan"] = _case(
        cast,
        username="worker",
        team=ASSESSMENT_TEAM,
        child=("Ellie", "Brennan", date(2015, 12, 2), Gender.FEMALE),
        opened=d(3),
        summary="Domestic abuse incident at home reported by police; Ellie was present.",
        entries=(
            (
                d(3),
                EntryKind.INFORMATION_RECEIVED,
                InformationStatus.FACT,
                "Police notification of a domestic incident; Ellie was in the house.",
            ),
        ),
        source="Northshire Police",
    )
    return cases


def _child_protection_cases(cast: Cast) -> dict[str, Case]:
    """Ruth Adeyemi's team: three children on plans."""
    d = cast.days_ago
    return {
        "hughes": _case(
            cast,
            username="worker.cp",
            team=CHILD_PROTECTION_TEAM,
            child=("Mason", "Clarke", date(2013, 7, 8), Gender.MALE),
            opened=d(33),
            summary="Child protection plan: neglect. Home conditions and school attendance.",
            adults=(("Kerry", "Clarke", date(1989, 3, 14), ParticipantRole.PARENT),),
            entries=(
                (
                    d(33),
                    EntryKind.MEETING,
                    InformationStatus.FACT,
                    "Initial child protection conference: plan agreed under neglect.",
                ),
                (
                    d(12),
                    EntryKind.CONTACT,
                    InformationStatus.FACT,
                    "Unannounced visit: house cold, little food; mother engaged well.",
                ),
            ),
            source="St Anne's Primary School",
        ),
        "osei": _case(
            cast,
            username="worker.cp",
            team=CHILD_PROTECTION_TEAM,
            child=("Grace", "Osei", date(2016, 2, 27), Gender.FEMALE),
            opened=d(24),
            summary="Child protection plan: emotional harm from parental conflict.",
            entries=(
                (
                    d(24),
                    EntryKind.MEETING,
                    InformationStatus.FACT,
                    "Strategy discussion with police and health.",
                ),
            ),
            source="St Anne's Primary School",
        ),
        "price": _case(
            cast,
            username="worker.cp",
            team=CHILD_PROTECTION_TEAM,
            child=("Liam", "Price", date(2011, 10, 5), Gender.MALE),
            opened=d(6),
            summary="Allegation of physical harm by a stepfather; police investigation under way.",
            adults=(("Darren", "Cole", date(1987, 5, 1), ParticipantRole.ALLEGED_PERPETRATOR),),
            entries=(
                (
                    d(6),
                    EntryKind.REFERRAL,
                    InformationStatus.FACT,
                    "Police referral: Liam attended A&E with a fractured wrist.",
                ),
            ),
            source="Northshire Police",
        ),
    }


def _send(
    cast: Cast, *, username: str, team: str, to: str, started: int, case: Case, **fields: Any
) -> InformationRequest:
    scpo = cast.user(to)
    return request_services.request_send(
        user=cast.user(username),
        team=cast.teams[team],
        recipient=scpo,
        receiving_organisation=scpo.organisation,
        gateway=Gateway.objects.get(code="ca2004-s14b"),
        started_on=cast.days_ago(started),
        subjects=_children(case),
        case=case,
        **fields,
    )


def _children(case: Case) -> list[Person]:
    return [
        p.person
        for p in case.participants.select_related("person").filter(role=ParticipantRole.CHILD)
    ]


def _requests(cast: Cast, assessment: dict[str, Case], child_protection: dict[str, Case]) -> None:
    """Requests in every state the home pages and inboxes sort by."""
    # New: waiting for Riverside Academy's safeguarding lead.
    _send(
        cast,
        username="worker",
        team=ASSESSMENT_TEAM,
        to="scpo.riverside",
        started=1,
        case=assessment["reed"],
        scp_function="cspr",
        necessity="The practice review panel needs Jamie's attendance and any concerns "
        "recorded in the autumn term to understand what was known.",
        information_sought="Attendance and safeguarding concerns, September to December.",
        purpose="Child safeguarding practice review.",
    )
    # A question from the school, waiting for the team's answer.
    asked = _send(
        cast,
        username="worker",
        team=ASSESSMENT_TEAM,
        to="scpo.riverside",
        started=8,
        case=assessment["patel"],
        scp_function="cspr",
        necessity="For the practice review: whether the school had seen signs of Aisha "
        "caring for her brother before she told anyone.",
        information_sought="Any notes of lateness, tiredness or worries about home since January.",
        purpose="Child safeguarding practice review.",
    )
    request_services.request_ask_clarification(
        user=cast.user("scpo.riverside"),
        request=asked,
        question="Do you need the pastoral notes as well as the safeguarding file, "
        "or only the safeguarding file?",
    )
    # Overdue: sent to St Anne's five weeks ago, still not answered.
    _send(
        cast,
        username="worker.cp",
        team=CHILD_PROTECTION_TEAM,
        to="scpo.stannes",
        started=35,
        case=child_protection["osei"],
        scp_function="cspr",
        necessity="The practice review needs what the school saw of Grace's wellbeing "
        "before the plan.",
        information_sought="Safeguarding records and attendance for the last school year.",
        purpose="Child safeguarding practice review.",
    )
    # Answered by St Anne's, and another answered and closed with feedback.
    answered = _send(
        cast,
        username="worker.cp",
        team=CHILD_PROTECTION_TEAM,
        to="scpo.stannes",
        started=20,
        case=child_protection["hughes"],
        scp_function="cspr",
        necessity="For the practice review: whether Mason's attendance has improved "
        "since the plan began.",
        information_sought="Attendance since the start of term and any concerns recorded.",
        purpose="Child safeguarding practice review.",
    )
    decision_services.request_answer_by_decision(
        user=cast.user("scpo.stannes"),
        request=answered,
        decision_fields=_school_shares(
            "The practice review needs to know whether the plan has helped Mason at school."
        ),
        channel=SecureChannel.REGISTER,
        response_status=InformationStatus.FACT,
        response_text="Attendance this term is 81%, up from 64%. Two concerns logged: "
        "arrived hungry on two Mondays; both passed to the family support worker.",
    )
    closed = _send(
        cast,
        username="worker.cp",
        team=CHILD_PROTECTION_TEAM,
        to="scpo.stannes",
        started=30,
        case=child_protection["hughes"],
        scp_function="cspr",
        necessity="The practice review needs the school's view of Mason's presentation "
        "at the conference.",
        information_sought="The school's report for the initial child protection conference.",
        purpose="Child safeguarding practice review.",
    )
    decision_services.request_answer_by_decision(
        user=cast.user("scpo.stannes"),
        request=closed,
        decision_fields=_school_shares(
            "The practice review needs the school's report to the conference, as written."
        ),
        channel=SecureChannel.REGISTER,
        response_status=InformationStatus.FACT,
        response_text="Conference report attached in the register; the class teacher can attend.",
    )
    request_services.request_close(
        user=cast.user("worker.cp"),
        request=closed,
        feedback="Thank you: the report shaped the plan, and the teacher's attendance helped.",
    )
    # Incoming: one due soon (health, needed tomorrow), one overdue (police).
    police = cast.org("Northshire Police")
    request_services.request_log_incoming(
        user=cast.user("worker"),
        team=cast.teams[ASSESSMENT_TEAM],
        requesting_organisation=police,
        requester_contact="DC Ellis, MASH",
        gateway=Gateway.objects.get(code="ca1989-s17-s47"),
        ca1989_section="s47",
        information_sought="Known concerns about the household.",
        purpose="Strategy discussion.",
        started_on=cast.today,
        urgency="urgent",
        subjects=_children(assessment["reed"]),
    )
    next_working_day = due_date(cast.today, 1, holidays_around(cast.today))
    request_services.request_log_incoming(
        user=cast.user("worker"),
        team=cast.teams[ASSESSMENT_TEAM],
        requesting_organisation=cast.org("Northshire NHS Foundation Trust"),
        requester_contact="Named nurse for safeguarding children",
        gateway=Gateway.objects.get(code="hsca2012-duty-to-share"),
        information_sought="Whether Zofia is known to children's services and who her "
        "lead worker is.",
        purpose="Planning a paediatric appointment safely.",
        started_on=cast.days_ago(6),
        due_on=next_working_day,
        due_override_reason="The paediatric appointment is the next working day.",
        subjects=_children(assessment["nowak"]),
    )
    request_services.request_log_incoming(
        user=cast.user("worker"),
        team=cast.teams[ASSESSMENT_TEAM],
        requesting_organisation=police,
        requester_contact="PC Hart, exploitation team",
        gateway=Gateway.objects.get(code="cda1998-s115"),
        information_sought="Known associates and missing episodes for Tyler.",
        purpose="Disrupting child criminal exploitation in the town centre.",
        started_on=cast.days_ago(24),
        subjects=_children(assessment["walsh"]),
    )


def _school_shares(rationale: str) -> dict[str, Any]:
    """A school's decision to answer the partnership's s14B request: the
    partnership's statutory power, the public task, consent not sought because
    the family cannot be asked without prejudicing the review's independence."""
    return {
        "outcome": DecisionOutcome.SHARE,
        "rationale": rationale,
        "purpose": "Child safeguarding practice review.",
        "article6_basis": Article6Basis.LEGAL_OBLIGATION,
        "consent_status": ConsentStatus.NOT_SOUGHT,
        "consent_not_sought_reason": ConsentNotSoughtReason.PREJUDICE_INVESTIGATION,
        "necessity_proportionality": "Only attendance and the concerns the school logged "
        "this term, which the review panel asked for under section 14B.",
        "subject_told": True,
    }


def _decisions(cast: Cast, assessment: dict[str, Case], child_protection: dict[str, Case]) -> None:
    """A refusal waiting for the manager's sign-off, and an emergency share not yet written up."""
    police = cast.org("Northshire Police")
    exploitation = InformationRequest.objects.get(
        team=cast.teams[ASSESSMENT_TEAM], gateway__code="cda1998-s115"
    )
    decision_services.decision_record(
        user=cast.user("worker"),
        request=exploitation,
        recipient_organisation=police,
        gateway=exploitation.gateway,
        outcome=DecisionOutcome.DO_NOT_SHARE,
        rationale="The request asks for everyone Tyler has been seen with. Naming other "
        "children is not necessary for the purpose and would not be proportionate.",
        explanation_to_requester="We can share Tyler's missing episodes but not the names "
        "of other children; please ask again for anyone you have a specific concern about.",
        purpose="Disrupting child criminal exploitation.",
        article6_basis=Article6Basis.PUBLIC_TASK,
        consent_status=ConsentStatus.NOT_SOUGHT,
        consent_not_sought_reason=ConsentNotSoughtReason.PREJUDICE_INVESTIGATION,
        not_told_reason=NotToldReason.PREJUDICE_CRIME,
    )
    decision_services.decision_record(
        user=cast.user("worker.cp"),
        case=child_protection["price"],
        recipient_organisation=police,
        gateway=Gateway.objects.get(code="ca1989-s17-s47"),
        outcome=DecisionOutcome.SHARE,
        emergency=True,
        rationale="Shared by phone with the duty inspector: Liam was due to go home "
        "to the alleged perpetrator that evening.",
        purpose="Keeping Liam safe tonight.",
        necessity_proportionality="Only where Liam was and who would be at home, so "
        "officers could attend before he went back.",
        article6_basis=Article6Basis.VITAL_INTERESTS,
        consent_status=ConsentStatus.NOT_SOUGHT,
        consent_not_sought_reason=ConsentNotSoughtReason.URGENT,
        not_told_reason=NotToldReason.RISK_OF_HARM,
    )


def _old_records(cast: Cast) -> None:
    """Closed cases from years ago, for the DPO: the sweep finds the unit's due
    for review (six years after closing) and the school's due for disposal (the
    end of the school year after the pupil's 25th birthday). One is held for an
    inquiry; one has been disposed of, its certificate kept."""
    old = [
        (
            "worker",
            ASSESSMENT_TEAM,
            ("Connor", "Doyle", date(2004, 3, 9), Gender.MALE),
            date(2016, 10, 3),
            date(2018, 6, 29),
            "Neglect; closed after a family support plan.",
        ),
        (
            "worker.cp",
            CHILD_PROTECTION_TEAM,
            ("Megan", "Lewis", date(2006, 8, 21), Gender.FEMALE),
            date(2017, 1, 16),
            date(2019, 5, 31),
            "Child protection plan ended; stepped down to early help.",
        ),
        (
            "scpo.riverside",
            SCHOOL_TEAM,
            ("Jordan", "Fletcher", date(1998, 11, 2), Gender.MALE),
            date(2012, 9, 10),
            date(2015, 7, 17),
            "Pupil safeguarding file: left Year 11.",
        ),
        (
            "scpo.riverside",
            SCHOOL_TEAM,
            ("Chloe", "Barnes", date(1999, 4, 14), Gender.FEMALE),
            date(2013, 9, 9),
            date(2016, 7, 22),
            "Pupil safeguarding file: left Year 11.",
        ),
        (
            "scpo.riverside",
            SCHOOL_TEAM,
            ("Ryan", "Mitchell", date(1998, 2, 25), Gender.MALE),
            date(2011, 9, 12),
            date(2014, 7, 18),
            "Pupil safeguarding file: left Year 11.",
        ),
    ]
    made = []
    for username, team, child, opened, closed, summary in old:
        case = _case(
            cast, username=username, team=team, child=child, opened=opened, summary=summary
        )
        case_services.case_close(
            user=cast.user(username), case=case, closed_on=closed, reason=REASON
        )
        made.append(case)
    dpo = cast.user("dpo")
    review_services.hold_place(
        user=dpo,
        record=made[3],
        reason="Independent inquiry: records of pupils at Riverside Academy 2013 to 2016 "
        "are kept until the inquiry ends.",
    )
    sweep_services.retention_sweep(cast.today)
    state = RetentionState.objects.get(object_id=made[4].pk, record_type=RecordType.CASE)
    if state.status == RetentionStatus.DUE_DISPOSAL:
        review_services.states_approve_disposal(user=dpo, states=[state])
        disposal_services.dispose_record(state.pk)


def _manager_looks(cast: Cast, child_protection: dict[str, Case]) -> None:
    """The manager opens a case outside their grants, with a reason: it shows
    on their home page and in the case's record of who has looked."""
    case_services.break_glass_open(
        user=cast.user("manager"),
        reference=child_protection["price"].reference,
        reason="Out-of-hours call from the police about Liam; the allocated worker is off duty.",
    )


def _subject_access(cast: Cast, assessment: dict[str, Case]) -> None:
    """Jamie's father asks for what the register holds about him: logged with
    his identity checked, the draft pack built and waiting for the DPO."""
    dpo = cast.user("dpo")
    father = assessment["reed"].participants.get(person__first_name="Lee").person
    sar = subject_access_services.sar_log(
        user=dpo,
        person=father,
        requester="Lee Reed, by letter to the data protection officer",
        requester_is="subject",
        received_on=cast.days_ago(9),
        identity_checked=True,
        identity_check="Driving licence and a utility bill seen at the council's front desk.",
    )
    subject_access_services.sar_build(user=dpo, sar=sar)
