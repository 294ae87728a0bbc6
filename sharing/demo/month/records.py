"""Old records due for review and disposal, a manager's look, a subject access request."""

from datetime import date

from cases import services as case_services
from cases.models import Case, Gender
from retention.models import RecordType, RetentionState
from retention.models import Status as RetentionStatus
from retention.services import disposal as disposal_services
from retention.services import review as review_services
from retention.services import sweep as sweep_services
from retention.subject_access import services as subject_access_services

from .cast import ASSESSMENT_TEAM, CHILD_PROTECTION_TEAM, REASON, SCHOOL_TEAM, Cast, _case


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
