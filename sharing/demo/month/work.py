"""Requests sent and answered, and the sharing decisions of the month."""

from typing import Any

from cases.models import Case, InformationStatus, ParticipantRole, Person
from requests import services as request_services
from requests.models import InformationRequest
from sharing.choices import (
    Article6Basis,
    ConsentNotSoughtReason,
    ConsentStatus,
    DecisionOutcome,
    DeclineReason,
    NotToldReason,
    SecureChannel,
)
from sharing.decisions import services as decision_services
from sharing.models import Gateway
from sharing.rules import due_date, holidays_around

from .cast import ASSESSMENT_TEAM, CHILD_PROTECTION_TEAM, Cast


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
        decline_reason=DeclineReason.NOT_NECESSARY,
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
    # A decision started through the task list and not yet finished: the guide
    # answered (consent given), the first section waiting.
    decision_services.draft_start(
        user=cast.user("worker"),
        case=assessment["reed"],
        guide_answers={
            "legitimate_purpose": True,
            "identifiable": True,
            "confidential": True,
            "consent": True,
        },
    )
