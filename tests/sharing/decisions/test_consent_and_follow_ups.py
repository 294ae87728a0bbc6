"""Consent in detail and the follow-ups it and spoken shares leave (issue 15):
whose consent, how, when, which organisations and information, a review date
(seed 004; seed 000 §5); on withdrawal the maker tells each recipient that
relied on it, listed for the DPO (UK GDPR Art 7(3)); a share in person or by
telephone is a task on the sharer's home page and a reminder until confirmed
in writing (seed 000 §6)."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from cases import services as case_services
from sharing.decisions import rules, services
from sharing.models import Decision, Disclosure
from sharing.roles import Role
from tests.cases.factories import team_member
from tests.races import postgresql_only, refusals
from tests.requests.factories import World
from tests.sharing.decisions.builders import consent_fields, decision_fields
from tests.sharing.factories import UserFactory

pytestmark = pytest.mark.django_db

# England and Wales: 25 and 26 December 2026 are bank holidays (a Friday and
# a Saturday, so 28 December is the substitute day).
HOLIDAYS = {date(2026, 12, 25), date(2026, 12, 28)}


@pytest.mark.parametrize(
    ("shared_on", "today", "due"),
    [
        (date(2026, 12, 1), date(2026, 12, 1), False),  # the day itself
        (date(2026, 12, 1), date(2026, 12, 2), True),  # the next working day
        (date(2026, 12, 1), date(2026, 12, 3), False),
        (date(2026, 12, 1), date(2026, 12, 9), True),  # a week on
        (date(2026, 12, 1), date(2026, 12, 16), True),  # and every week
        (date(2026, 12, 4), date(2026, 12, 5), False),  # a Friday: not the Saturday
        (date(2026, 12, 4), date(2026, 12, 7), True),  # but the Monday
        (date(2026, 12, 24), date(2026, 12, 29), True),  # over Christmas's bank holidays
        (date(2026, 12, 24), date(2026, 12, 28), False),
    ],
)
def test_a_spoken_share_is_reminded_the_next_working_day_then_weekly(shared_on, today, due):
    assert (
        rules.written_confirmation_reminder_due(shared_on=shared_on, today=today, holidays=HOLIDAYS)
        is due
    )


@pytest.fixture
def world():
    return World()


def _case(world):
    return case_services.case_open(
        user=world.worker,
        team=world.team,
        child=world.child,
        summary="Concerns",
        reason="r",
        opened_on=date(2026, 10, 1),
    )


def _count(page: str, key: str) -> int:
    found = re.search(rf'data-count="{key}"[^>]*>\s*(\d+)', page)
    assert found, f"no {key} count on the page"
    return int(found.group(1))


def test_a_telephone_share_reminds_its_recorder_until_confirmed_in_writing(world):
    decision = services.decision_record(user=world.worker, **decision_fields())
    shared_on = date.today() - timedelta(days=30)
    disclosure = services.disclosure_record(
        user=world.worker,
        decision=decision,
        recipient_organisation=world.police,
        shared_on=shared_on,
        channel="telephone",
        items=[("Jamie Reed's address", "fact")],
    )
    mail.outbox.clear()
    assert services.decision_reminders_send(shared_on)["confirm_in_writing_reminded"] == 0
    first = next(
        shared_on + timedelta(days=n)
        for n in range(1, 6)
        if rules.written_confirmation_reminder_due(
            shared_on=shared_on, today=shared_on + timedelta(days=n), holidays=HOLIDAYS
        )
    )
    assert services.decision_reminders_send(first)["confirm_in_writing_reminded"] == 1
    assert [m.to for m in mail.outbox] == [[world.worker.email]]
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert "confirm in writing" in body and "Jamie" not in body and "Reed" not in body
    # Twice the same day: once.
    assert services.decision_reminders_send(first)["confirm_in_writing_reminded"] == 0
    # A week on, still not confirmed: again.
    week_on = first + timedelta(days=7)
    assert services.decision_reminders_send(week_on)["confirm_in_writing_reminded"] == 1
    # Confirmed: no more.
    services.disclosure_confirm_in_writing(
        user=world.worker, disclosure=disclosure, confirmed_on=date.today(), how="Secure e-mail"
    )
    two_weeks_on = first + timedelta(days=14)
    assert services.decision_reminders_send(two_weeks_on)["confirm_in_writing_reminded"] == 0


def test_a_schools_telephone_share_is_a_task_on_the_scpos_home_page(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    decision = services.decision_record(user=world.scpo_a, request=request, **decision_fields())
    services.disclosure_record(
        user=world.scpo_a,
        decision=decision,
        recipient_organisation=request.requesting_organisation,
        shared_on=decision.made_at.date(),
        channel="telephone",
        items=[("Attendance 92%.", "fact")],
    )
    page = verified_client(world.scpo_a).get(reverse("home")).content.decode()
    assert _count(page, "to-confirm-in-writing") == 1


def test_consent_detail_is_recorded_and_shown(verified_client, world):
    decision = services.decision_record(user=world.worker, case=_case(world), **consent_fields())
    decision.refresh_from_db()
    assert decision.consent_given_by == "parental_responsibility"
    assert decision.consent_review_on == date(2027, 5, 1)
    page = verified_client(world.worker).get(decision.get_absolute_url()).content.decode()
    assert "A person with parental responsibility" in page
    assert "Covers: Attendance and the concerns logged this term." in page
    assert "To be reviewed by 1 May 2027" in page
    pdf = verified_client(world.worker).get(reverse("decisions:decision_pdf", args=[decision.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "A person with parental responsibility" in text and "01/05/2027" in text


def test_consent_with_no_review_date_is_refused(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.decision_record(user=world.worker, **consent_fields(consent_review_on=None))
    assert "consent_review_on" in refused.value.error_dict
    assert not Decision.objects.exists()


def test_the_maker_is_reminded_once_when_consent_is_due_for_review(world):
    services.decision_record(
        user=world.worker, **consent_fields(consent_review_on=date(2026, 12, 14))
    )
    mail.outbox.clear()
    assert services.decision_reminders_send(date(2026, 12, 11))["consent_review_reminded"] == 0
    assert services.decision_reminders_send(date(2026, 12, 14))["consent_review_reminded"] == 1
    assert services.decision_reminders_send(date(2026, 12, 15))["consent_review_reminded"] == 0
    assert [m.to for m in mail.outbox] == [[world.worker.email]]


def test_withdrawn_consent_gives_the_maker_a_task_to_tell_each_recipient(verified_client, world):
    case = _case(world)
    decision = services.decision_record(user=world.worker, case=case, **consent_fields())
    shares = [
        services.disclosure_record(
            user=world.worker,
            decision=decision,
            recipient_organisation=recipient,
            shared_on=date(2026, 11, 16),
            channel="secure_email",
            items=[("Attendance 92%.", "fact")],
        )
        for recipient in (world.police, world.school_a)
    ]
    worker = verified_client(world.worker)
    assert _count(worker.get(reverse("home")).content.decode(), "withdrawal-to-tell") == 0

    services.decision_consent_withdrawn(
        user=world.worker, decision=decision, withdrawn_on=date(2026, 11, 20)
    )

    assert _count(worker.get(reverse("home")).content.decode(), "withdrawal-to-tell") == 2
    listed = worker.get(reverse("decisions:decision_list")).content.decode()
    assert "Consent withdrawn: tell those who relied on it" in listed
    assert "Kent Police" in listed and "Riverside Academy" in listed
    dpo = UserFactory(organisation=world.partnership, roles=[Role.DPO])
    review = verified_client(dpo).get(reverse("decisions:decision_list")).content.decode()
    assert review.count("not yet told") == 2

    told = reverse("decisions:disclosure_withdrawal_told", args=[decision.pk, shares[0].pk])
    response = worker.post(told, {"told_on": "2026-11-21"})
    assert response.status_code == 302
    shares[0].refresh_from_db()
    assert shares[0].withdrawal_told_on == date(2026, 11, 21)
    assert shares[0].withdrawal_told_by == world.worker
    assert _count(worker.get(reverse("home")).content.decode(), "withdrawal-to-tell") == 1
    review = verified_client(dpo).get(reverse("decisions:decision_list")).content.decode()
    assert "told on 21 November 2026" in review and review.count("not yet told") == 1
    # Twice: refused plainly, the first date kept.
    worker.post(told, {"told_on": "2026-11-22"}, follow=True)
    shares[0].refresh_from_db()
    assert shares[0].withdrawal_told_on == date(2026, 11, 21)


def test_only_the_deciding_organisation_records_a_recipient_told(verified_client, world):
    decision = services.decision_record(user=world.worker, case=_case(world), **consent_fields())
    share = services.disclosure_record(
        user=world.worker,
        decision=decision,
        recipient_organisation=world.police,
        shared_on=date(2026, 11, 16),
        channel="secure_email",
        items=[("Attendance 92%.", "fact")],
    )
    services.decision_consent_withdrawn(
        user=world.worker, decision=decision, withdrawn_on=date(2026, 11, 20)
    )
    told = reverse("decisions:disclosure_withdrawal_told", args=[decision.pk, share.pk])
    assert verified_client(world.scpo_b).post(told, {"told_on": "2026-11-21"}).status_code == 404
    share.refresh_from_db()
    assert share.withdrawal_told_on is None


def test_nothing_to_tell_while_consent_stands(world):
    decision = services.decision_record(user=world.worker, case=_case(world), **consent_fields())
    share = services.disclosure_record(
        user=world.worker,
        decision=decision,
        recipient_organisation=world.police,
        shared_on=date(2026, 11, 16),
        channel="secure_email",
        items=[("Attendance 92%.", "fact")],
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="nothing to tell"):
        services.disclosure_withdrawal_told(
            user=world.worker, disclosure=share, told_on=date(2026, 11, 21)
        )


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_people_recording_a_recipient_told_at_once_record_one():
    world = World()
    colleague = team_member(world.team, roles=[Role.UNIT_STAFF])
    decision = services.decision_record(user=world.worker, case=_case(world), **consent_fields())
    share = services.disclosure_record(
        user=world.worker,
        decision=decision,
        recipient_organisation=world.police,
        shared_on=date(2026, 11, 16),
        channel="secure_email",
        items=[("Attendance 92%.", "fact")],
    )
    services.decision_consent_withdrawn(
        user=world.worker, decision=decision, withdrawn_on=date(2026, 11, 20)
    )
    copies = [Disclosure.objects.get(pk=share.pk) for _ in range(2)]
    days = [date(2026, 11, 21), date(2026, 11, 23)]

    results = refusals(
        *(
            lambda u=u, c=c, d=d: services.disclosure_withdrawal_told(
                user=u, disclosure=c, told_on=d
            )
            for u, c, d in zip([world.worker, colleague], copies, days, strict=True)
        )
    )

    losers = [r for r in results if r is not None]
    assert len(losers) == 1 and "a moment ago" in losers[0].messages[0]
    share.refresh_from_db()
    assert share.withdrawal_told_on == days[results.index(None)]
