"""Each family of figures on a small dataset whose every count is known: the
annual report's requests, decisions and retention, hidden where they are 1
to 4, and computed in the same few queries whatever the register holds."""

from datetime import date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType

from cases.models import Case
from reports.figures import partnership_figures
from reports.rules import FEWER_THAN, NOT_SHOWN, Period
from requests.models import EventKind, InformationRequest, RequestEvent
from retention.models import DisposalCertificate, LegalHold, RetentionRule, RetentionState
from retention.services import review
from sharing.choices import (
    ConsentNotSoughtReason,
    ConsentStatus,
    DecisionOutcome,
    DeclineReason,
    SignOff,
)
from sharing.models import Decision
from sharing.roles import Role
from tests.requests.factories import World, gateway
from tests.retention.factories import ensure_rules
from tests.sharing.factories import UserFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
YEAR = Period(date(2026, 4, 1), date(2027, 3, 31))
TODAY = date(2027, 2, 1)
_numbers = count(1)


def _request(world, **fields):
    n = next(_numbers)
    defaults = {
        "reference": f"IR-2026-{n:04d}",
        "direction": "outgoing",
        "team": world.team,
        "gateway": gateway("ca2004-s14b"),
        "requesting_organisation": world.partnership,
        "receiving_organisation": world.school_a,
        "information_sought": "s",
        "purpose": "p",
        "started_on": date(2026, 5, 4),
        "due_on": date(2026, 5, 18),
        "status": "open",
    }
    return InformationRequest.objects.create(**{**defaults, **fields})


def _decision(world, made_at, **fields):
    defaults = {
        "organisation": world.partnership,
        "made_by": world.worker,
        "outcome": DecisionOutcome.SHARE,
        "rationale": "r",
        "consent_status": ConsentStatus.GIVEN,
    }
    decision = Decision.objects.create(**{**defaults, **fields})
    Decision.objects.filter(pk=decision.pk).update(made_at=made_at)
    decision.made_at = made_at
    return decision


def _section(sections, key):
    return next(section for section in sections if section.key == key)


def _table(section, key):
    table = next(table for table in section.tables if table.key == key)
    return {label: cell.text for label, cell in table.rows} | {"total": table.total.text}


def _measures(section):
    return {measure.label: measure.cell.text for measure in section.measures}


@pytest.fixture
def world():
    return World()


@pytest.fixture
def requests_world(world):
    answered = datetime(2026, 5, 11, 10, tzinfo=LONDON)
    # Five s14B requests sent to a school, each answered in 5 working days of
    # the 10 allowed (4 May 2026 is a bank holiday, the day of sending day 0).
    sent = [
        _request(world, status="answered", outcome="shared", responded_at=answered)
        for _ in range(5)
    ]
    # Four urgent s47 requests received from the police, withdrawn.
    for _ in range(4):
        _request(
            world,
            direction="incoming",
            gateway=gateway("ca1989-s17-s47"),
            requesting_organisation=world.police,
            receiving_organisation=world.partnership,
            urgency="urgent",
            started_on=date(2026, 11, 16),
            due_on=date(2026, 11, 18),
            status="withdrawn",
        )
    # One DVDS request received in January and still open: overdue today.
    _request(
        world,
        direction="incoming",
        gateway=gateway("dvds-right-to-ask"),
        requesting_organisation=world.police,
        receiving_organisation=world.partnership,
        started_on=date(2027, 1, 5),
        due_on=date(2027, 1, 19),
    )
    # Outside the year, and a draft never sent: not counted.
    _request(world, started_on=date(2026, 3, 31), due_on=date(2026, 4, 15), status="closed")
    _request(world, status="draft")
    for request in (sent[0], sent[1], sent[1]):
        RequestEvent.objects.create(
            request=request, kind=EventKind.CLARIFICATION_ASKED, at=answered
        )
    return world


def test_requests_by_gateway_direction_urgency_quarter_and_partner(requests_world):
    section = _section(partnership_figures(YEAR, TODAY), "requests")
    gateways = _table(section, "requests-by-gateway")
    assert gateways["Children Act 2004 s14B / s16H (partnership requires information)"] == "5"
    assert gateways["Children Act 1989 s17 / s47"] == FEWER_THAN  # 4
    assert gateways["Domestic Violence Disclosure Scheme"] == FEWER_THAN  # 1
    assert gateways["PCSC Act 2022 s16 (Serious Violence Duty disclosure)"] == "0"
    # 4 + 1 hidden, sum 5: each could be 1 to 4, so the total can be shown.
    assert gateways["total"] == "10"
    assert _table(section, "requests-by-direction") == {
        "Received from a partner": "5",
        "Sent to a partner": "5",
        "total": "10",
    }
    # Urgent 4 alone beside a public total of 10 would be 10 - 6: the 6 is
    # hidden too (secondary suppression).
    assert _table(section, "requests-by-urgency") == {
        "Routine": NOT_SHOWN,
        "Urgent": FEWER_THAN,
        "Emergency (same day)": "0",
        "total": "10",
    }
    quarters = _table(section, "requests-by-quarter")
    assert list(quarters) == [
        "April to June 2026",
        "July to September 2026",
        "October to December 2026",
        "January to March 2027",
        "total",
    ]
    assert quarters["April to June 2026"] == "5"
    assert quarters["July to September 2026"] == "0"
    assert _table(section, "requests-by-partner-kind") == {
        "Police force": "5",
        "School / educational authority": "5",
        "total": "10",
    }
    assert _table(section, "requests-by-partner") == {
        "Kent Police": "5",
        "Riverside Academy": "5",
        "total": "10",
    }


def test_requests_answered_on_time_how_long_clarifications_and_overdue(requests_world):
    section = _section(partnership_figures(YEAR, TODAY), "requests")
    assert _measures(section) == {
        "Answered by the due date": "100%",
        "Working days taken to answer (median)": "5 working days",
        "Working days allowed by the due date (median)": "10 working days",
        "Requests where a clarification was asked for": FEWER_THAN,  # 2
        "Clarifications asked for": FEWER_THAN,  # 3
        "Requests we received that are overdue today": FEWER_THAN,  # 1
        "Requests we sent that are overdue today": "0",
    }
    assert _table(section, "answers-by-outcome")["Information shared"] == "5"


def test_a_late_answer_among_five_hides_the_share_answered_on_time(requests_world):
    late = InformationRequest.objects.filter(status="answered").order_by("pk")[:1].get()
    late.responded_at = datetime(2026, 5, 20, 10, tzinfo=LONDON)
    late.save()
    section = _section(partnership_figures(YEAR, TODAY), "requests")
    # 4 of 5 on time would say "1 late".
    assert _measures(section)["Answered by the due date"] == NOT_SHOWN


def _declined(world, reason=None, n=1, **fields):
    """``n`` requests answered with a decline, each under a decision not to
    share with ``reason`` (None: no decision behind it, as before issue 15)."""
    answered = datetime(2026, 9, 14, 10, tzinfo=LONDON)
    for _ in range(n):
        request = _request(
            world, status="answered", outcome="declined", responded_at=answered, **fields
        )
        if reason is not None:
            _decision(
                world,
                answered,
                request=request,
                outcome=DecisionOutcome.DO_NOT_SHARE,
                decline_reason=reason,
            )


def test_declined_answers_by_their_main_reason_with_small_numbers_hidden(world):
    answered = datetime(2026, 9, 14, 10, tzinfo=LONDON)
    for _ in range(10):
        _request(world, status="answered", outcome="shared", responded_at=answered)
    for _ in range(5):
        _request(world, status="answered", outcome="not_held", responded_at=answered)
    _declined(world, DeclineReason.NOT_NECESSARY, n=5)
    _declined(world, DeclineReason.THIRD_PARTY, n=4)
    _declined(world, DeclineReason.ANOTHER_ORGANISATION, n=4)
    # Reconsidered: the latest decision not to share gives the reason.
    _declined(world, DeclineReason.PREJUDICE_OR_RISK)
    reconsidered = InformationRequest.objects.latest("pk")
    _decision(
        world,
        datetime(2026, 9, 15, 10, tzinfo=LONDON),
        request=reconsidered,
        outcome=DecisionOutcome.DO_NOT_SHARE,
        decline_reason=DeclineReason.ANOTHER_ORGANISATION,
    )
    # Declined before the reason was a category (the data migration's mark),
    # and with no decision behind them at all: not recorded, never guessed.
    _declined(world, DeclineReason.NOT_RECORDED, n=3)
    _declined(world, None, n=3)

    section = _section(partnership_figures(YEAR, TODAY), "requests")
    reasons = _table(section, "declines-by-reason")

    assert reasons == {
        "It is not necessary or proportionate for the purpose given": "5",  # 5 is shown
        "No law or lawful basis allows the sharing": "0",
        "Sharing would harm an investigation or put someone at risk": "0",
        "It came from another organisation, which should be asked": "5",
        "The request is not clear enough and was not clarified": "0",
        "It is about someone else, with no grounds to share it": FEWER_THAN,  # 4
        "Another reason (say what it is)": "0",
        "Not recorded (declined before reasons were categorised)": "6",
        # 20 declines: beside a hidden 4, the exact total would give it away.
        "total": NOT_SHOWN,
    }
    # The declines' own total, in the answers table, is hidden with them; and
    # the answers' total, rounded to "about 40" (35), would pin the 4 down
    # (35 to 44 less the 31 shown), so it is not shown either.
    assert _table(section, "answers-by-outcome") == {
        "Information shared": "10",
        "Shared in part": "0",
        "Declined, with reason": NOT_SHOWN,
        "Not held": "5",
        "total": NOT_SHOWN,
    }


def test_declines_with_every_reason_shown_add_up_in_the_answers_table(world):
    _declined(world, DeclineReason.NOT_SPECIFIC, n=5)
    _declined(world, DeclineReason.NO_LAWFUL_BASIS, n=7)
    section = _section(partnership_figures(YEAR, TODAY), "requests")
    reasons = _table(section, "declines-by-reason")
    assert reasons["The request is not clear enough and was not clarified"] == "5"
    assert reasons["No law or lawful basis allows the sharing"] == "7"
    assert reasons["total"] == "12"
    assert _table(section, "answers-by-outcome")["Declined, with reason"] == "12"
    assert _table(section, "answers-by-outcome")["total"] == "12"


@pytest.fixture
def decisions_world(world):
    made = datetime(2026, 6, 10, 9, tzinfo=LONDON)
    for i in range(6):
        decision = _decision(world, made)
        if i < 2:  # consent for the police only: partial
            decision.consent_covers.add(world.police)
    refusals = [
        _decision(
            world,
            made,
            outcome=DecisionOutcome.DO_NOT_SHARE,
            consent_status=ConsentStatus.NOT_SOUGHT,
            consent_not_sought_reason=ConsentNotSoughtReason.CANNOT_BE_GIVEN,
            sign_off=SignOff.SIGNED_OFF,
            signed_off_at=made + timedelta(days=2),
        )
        for _ in range(5)
    ]
    for _ in range(5):
        _decision(
            world,
            made,
            emergency=True,
            consent_status=ConsentStatus.NOT_SOUGHT,
            consent_not_sought_reason=ConsentNotSoughtReason.URGENT,
            record_completed_at=made + timedelta(hours=3),
        )
    # New information: the first refusal reconsidered, shared against refused consent.
    _decision(
        world,
        made,
        consent_status=ConsentStatus.REFUSED,
        consent_override_rationale="The risk outweighs the refusal.",
        supersedes=refusals[0],
    )
    # Made before the year: not counted.
    _decision(world, datetime(2026, 3, 31, 23, 30, tzinfo=LONDON))
    return world


def test_decisions_by_outcome_consent_quarter_and_organisation(decisions_world):
    section = _section(partnership_figures(YEAR, TODAY), "decisions")
    assert _table(section, "decisions-by-outcome") == {
        "Share": "12",
        "Share in part": "0",
        "Do not share": "5",
        "total": "17",
    }
    consent = _table(section, "decisions-by-consent")
    assert consent["Given"] == FEWER_THAN  # 4
    assert consent["Given for some organisations only"] == FEWER_THAN  # 2
    assert consent["Refused, and shared all the same"] == FEWER_THAN  # 1
    assert consent["Refused, and not shared"] == "0"
    assert consent["Not sought: there was no time: urgent"] == "5"
    assert consent["Not sought: it cannot be given"] == "5"
    assert consent["total"] == "17"
    assert _table(section, "decisions-by-quarter")["April to June 2026"] == "17"
    assert _table(section, "decisions-by-organisation") == {
        "Northshire Partnership": "17",
        "total": "17",
    }
    assert _table(section, "decisions-by-organisation-kind") == {
        "Safeguarding partnership / unit": "17",
        "total": "17",
    }


def test_emergencies_sign_offs_and_reconsiderations(decisions_world):
    section = _section(partnership_figures(YEAR, TODAY), "decisions")
    assert _measures(section) == {
        "Emergency decisions (shared first, recorded after)": "5",
        "Emergency records still to complete": "0",
        "Hours to complete an emergency record (median)": "3 hours",
        "Days a decision waited for sign-off (median)": "2.0 days",
        "Reconsiderations (a new decision on new information)": FEWER_THAN,
    }
    assert _table(section, "sign-offs") == {
        "Waiting for a manager": "0",
        "Signed off": "5",
        "Returned for more work": "0",
        "total": "5",
    }


@pytest.fixture
def retention_world(world):
    ensure_rules()
    dpo = UserFactory(organisation=world.partnership, roles=[Role.DPO])
    case_type = ContentType.objects.get_for_model(Case)
    rule = RetentionRule.objects.filter(record_type="case").first()
    for pk in range(1, 6):
        state = RetentionState.objects.create(
            content_type=case_type,
            object_id=pk,
            record_type="case",
            rule=rule,
            due_on=date(2026, 6, 1),
            status="due_review",
        )
        review.state_retain(
            user=dpo,
            state=state,
            reason="Practice review pending.",
            next_review_on=date.today() + timedelta(days=300),
        )
    RetentionState.objects.create(
        content_type=case_type, object_id=99, record_type="case", rule=rule, status="due_disposal"
    )
    disposed = datetime(2026, 9, 1, 3, 30, tzinfo=LONDON)
    for n, record_type in enumerate(["case"] * 5 + ["request"]):
        certificate = DisposalCertificate.objects.create(
            number=f"DC-2026-{n:06d}",
            record_type=record_type,
            object_id=1000 + n,
            rule_name="r",
            approved_by=dpo,
            approved_at=disposed - timedelta(days=1),
            method="secure_deletion",
        )
        DisposalCertificate.objects.filter(pk=certificate.pk).update(disposed_at=disposed)
    LegalHold.objects.create(content_type=case_type, object_id=1, reason="Inquiry", placed_by=dpo)
    return world


def test_retention_reviews_disposals_and_holds(retention_world, time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 12, tzinfo=LONDON))
    section = _section(partnership_figures(YEAR, TODAY), "retention")
    assert _table(section, "reviews") == {
        "Kept, with a reason and a next review date": "5",
        "Approved for disposal": "6",
        "total": "11",
    }
    # A lone hidden 1 in the table's own total: "about 10" (5 to 14, less 5
    # shown: 1 to 4 or more).
    disposed = _table(section, "disposals-by-record-type")
    assert (disposed.pop("Case"), disposed.pop("Information request")) == ("5", FEWER_THAN)
    assert disposed.pop("total") == "about 10"
    # Every other kind of record, none disposed of.
    assert "Sharing decision" in disposed and set(disposed.values()) == {"0"}
    # Removed in bulk by their rule, or kept for good: never a row of this table.
    assert "Read log" not in disposed and "Disposal certificate" not in disposed
    measures = _measures(section)
    assert measures["Legal holds placed"] == FEWER_THAN
    assert measures["Legal holds in force today"] == FEWER_THAN
    assert measures["Records due for disposal today"] == FEWER_THAN
    assert measures["Records due for review today"] == "0"


def test_the_figures_take_the_same_few_queries_however_many_records(
    requests_world, django_assert_num_queries
):
    world = requests_world
    with django_assert_num_queries(QUERIES):
        partnership_figures(YEAR, TODAY)
    for i in range(30):
        _request(
            world,
            started_on=date(2026, 7, 1) + timedelta(days=i),
            status="answered",
            outcome="declined",
            responded_at=datetime(2026, 8, 3, tzinfo=LONDON),
        )
        _decision(
            world,
            datetime(2026, 7, 1, tzinfo=LONDON) + timedelta(days=i),
            emergency=True,
            record_completed_at=datetime(2026, 9, 1, tzinfo=LONDON),
            sign_off=SignOff.RETURNED,
            signed_off_at=datetime(2026, 9, 1, tzinfo=LONDON),
        )
    with django_assert_num_queries(QUERIES):
        partnership_figures(YEAR, TODAY)


# Organisations 1; requests 4 (grouped, answers, clarifications, overdue);
# decisions 3 (grouped, emergency times, sign-off waits); retention 6;
# subject access 1; transfers 1.
QUERIES = 16


def test_a_period_over_several_reporting_years_is_also_counted_by_year(requests_world):
    two_years = Period(date(2025, 4, 1), date(2027, 3, 31))
    section = _section(partnership_figures(two_years, TODAY), "requests")
    # The request sent on 31 March 2026 is the only one in the first year:
    # beside a public total, the other year is hidden with it.
    assert _table(section, "requests-by-year") == {
        "April 2025 to March 2026": FEWER_THAN,
        "April 2026 to March 2027": NOT_SHOWN,
        "total": "11",
    }
    one_year = _section(partnership_figures(YEAR, TODAY), "requests")
    assert "requests-by-year" not in [table.key for table in one_year.tables]


def _subject_access(dpo, received_on, released_on=None, extended_to=None, **fields):
    from retention.subject_access.models import SarStatus, SubjectAccessRequest

    serial = SubjectAccessRequest.objects.count() + 1
    return SubjectAccessRequest.objects.create(
        reference=f"SAR-2026-{serial:04d}",
        requester="The person themselves",
        requester_is="subject",
        received_on=received_on,
        due_on=received_on + timedelta(days=30),
        extended_to=extended_to,
        logged_by=dpo,
        status=SarStatus.RELEASED if released_on else SarStatus.RECEIVED,
        released_at=datetime.combine(released_on, datetime.min.time(), tzinfo=LONDON)
        if released_on
        else None,
        **fields,
    )


def test_subject_access_requests_received_answered_on_time_and_overdue():
    dpo = UserFactory(roles=[Role.DPO])
    received = date(2026, 6, 1)  # due 1 July
    for _ in range(10):  # answered in time
        _subject_access(dpo, received, released_on=date(2026, 6, 25))
    for _ in range(5):  # answered late
        _subject_access(dpo, received, released_on=date(2026, 7, 10))
    for _ in range(3):  # given two more months, answered within them
        _subject_access(
            dpo, received, released_on=date(2026, 8, 20), extended_to=date(2026, 9, 1)
        )
    for _ in range(2):  # still open, past their date on 1 February 2027
        _subject_access(dpo, date(2026, 12, 1))
    _subject_access(dpo, date(2026, 3, 1), released_on=date(2026, 3, 20))  # before the year

    measures = _measures(_section(partnership_figures(YEAR, TODAY), "subject-access"))

    assert measures["Requests received"] == "20"
    assert measures["Of those, given more time (up to two further months)"] == FEWER_THAN
    assert measures["Requests answered"] == "18"
    # 13 of 18 by the date that applied to them (the extended date for three).
    assert measures["Answered by their due date"] == "72%"
    assert measures["Open and past their due date today"] == FEWER_THAN


def _transfer(world, serial, status="sent", received_on=None, **fields):
    from cases.transfers.models import Transfer

    return Transfer.objects.create(
        reference=f"TR-2026-{serial:04d}",
        kind=fields.pop("kind", "school"),
        route="register",
        status=status,
        sending_team=world.team,
        sending_organisation=world.partnership,
        sent_by=world.worker,
        sent_at=datetime(2026, 6, 1, 10, tzinfo=LONDON),
        receiving_organisation=world.school_b,
        subject_first_name="Jamie",
        subject_last_name="Reed",
        summary="s",
        confirmed_on=date(2026, 5, 29),
        due_on=date(2026, 6, 5),
        gateway=gateway("kcsie-cp-file-transfer"),
        received_at=datetime.combine(received_on, datetime.min.time(), tzinfo=LONDON)
        if received_on
        else None,
        **fields,
    )


def test_child_protection_files_sent_received_in_time_chased_and_unreceived(world):
    serial = count(1)
    for _ in range(8):  # received by the fifth school day
        _transfer(world, next(serial), status="received", received_on=date(2026, 6, 4))
    for _ in range(2):  # received late, after a chase
        _transfer(
            world, next(serial), status="received", received_on=date(2026, 6, 9), chase_count=1
        )
    for _ in range(3):  # never received: chased daily, then escalated
        _transfer(world, next(serial), chase_count=5, escalated_on=date(2026, 6, 12))
    _transfer(world, next(serial), status="cancelled")
    _transfer(
        world, next(serial), kind="authority", status="received", received_on=date(2026, 6, 2)
    )

    section = _section(partnership_figures(YEAR, TODAY), "transfers")
    measures = _measures(section)

    assert measures["Files sent"] == "15"
    # 9 of the 14 not cancelled.
    assert measures["Received within 5 school days"] == "64%"
    assert measures["Chased at least once"] == "5"
    assert measures["Escalated to the unit's managers"] == FEWER_THAN
    assert measures["Not received and past their due date today"] == FEWER_THAN
    assert _table(section, "transfers-by-kind")["Handover to another local authority"] == (
        FEWER_THAN
    )
