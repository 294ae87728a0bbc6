"""Moving a child's file (issue 17): a school's safeguarding lead sends a
child protection file; only the receiving lead sees it and confirms receipt;
the sender then keeps the transfer record alone; unreceived files are chased
once a day and escalated; the one-time receipt link works once; every step
leaves read-log rows."""

import io
from datetime import date, timedelta

import pytest
import pyzipper
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases import services as case_services
from cases.models import Case, ChronologyEntry, TermHoliday, Transfer, TransferStatus
from cases.transfers import selectors, services
from sharing.models import AccessEvent, OrganisationKind
from sharing.roles import Role
from tests.cases.factories import PersonFactory, make_team, team_member
from tests.cases.transfer_world import CHILD_FIRST, CHILD_LAST, SUMMARY, Schools
from tests.conftest import sign_in_verified
from tests.races import at_once, postgresql_only
from tests.sharing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    return Schools()


def page(user, name, *args):
    return sign_in_verified_client(user).get(reverse(name, args=args))


def sign_in_verified_client(user):
    from django.test import Client

    return sign_in_verified(Client(), user)


# --- Sending ---------------------------------------------------------------------


def test_a_school_sends_a_file_due_five_school_days_after_the_move_was_confirmed(s):
    transfer = s.send(confirmed_on=date(2026, 11, 9))
    assert transfer.reference.startswith("TR-")
    assert transfer.due_on == date(2026, 11, 16)
    assert transfer.status == TransferStatus.SENT
    # The disclosure is recorded on the transfer: gateway, basis, no consent needed.
    assert transfer.gateway.code == "kcsie-cp-file-transfer"
    assert "public task" in transfer.lawful_basis
    assert transfer.consent_note.startswith("No consent required")
    assert transfer.history.count() >= 1


def test_a_move_confirmed_in_the_summer_holiday_is_due_in_the_first_five_days_of_term(s):
    TermHoliday.objects.create(
        organisation=s.old, name="Summer", starts_on=date(2026, 7, 22), ends_on=date(2026, 9, 2)
    )
    transfer = s.send(confirmed_on=date(2026, 8, 10))
    assert transfer.due_on == date(2026, 9, 9)


def test_a_school_with_no_term_dates_is_taken_to_keep_a_typical_england_calendar(s):
    assert not TermHoliday.objects.filter(organisation=s.old).exists()
    due = selectors.transfer_due_on(s.old, "school", date(2026, 8, 10))
    assert due == date(2026, 9, 9)


def test_a_handover_between_authorities_counts_working_days(s):
    due = selectors.transfer_due_on(s.unit, "authority", date(2026, 8, 10))
    assert due == date(2026, 8, 17)


def test_the_receiving_organisation_must_fit_the_kind_of_move(s):
    with pytest.raises(ValidationError) as refused:
        s.send(kind="school", receiving_organisation=s.unit)
    assert "school or college" in refused.value.message_dict["receiving_organisation"][0]
    assert not Transfer.objects.exists()


def test_someone_who_cannot_change_the_case_cannot_send_its_file(s):
    with pytest.raises(PermissionDenied):
        s.send(user=s.third_scpo)
    assert not Transfer.objects.exists()


def test_the_receiving_lead_is_emailed_a_link_and_no_name(s, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        s.send()
    assert [m.to for m in mail.outbox] == [["dsl@hill.example"]]
    assert CHILD_FIRST not in mail.outbox[0].body and CHILD_LAST not in mail.outbox[0].subject


def test_protected_identities_are_masked_in_the_file_for_good(s):
    transfer = s.send()
    texts = list(transfer.items.values_list("text", flat=True))
    assert "A person whose identity is protected" in texts
    assert not any("Secretive" in text for text in texts)
    body = page(s.receiver, "cases:transfer_detail", transfer.pk).content.decode()
    assert "Secretive" not in body and "A person whose identity is protected" in body


# --- Need to know ----------------------------------------------------------------


def test_only_the_receiving_lead_sees_the_file(s):
    transfer = s.send()
    seen = page(s.receiver, "cases:transfer_detail", transfer.pk)
    assert seen.status_code == 200
    assert CHILD_LAST in seen.content.decode() and "Came to school hungry" in seen.content.decode()
    for outsider in (s.deputy, s.third_scpo, s.worker, s.manager):
        response = page(outsider, "cases:transfer_detail", transfer.pk)
        assert response.status_code == 404, outsider
    # Nor does the receiver reach the sender's case through it.
    assert page(s.receiver, "cases:case_detail", s.case.pk).status_code == 404


def test_an_unnamed_school_is_received_by_any_of_its_safeguarding_leads(s):
    transfer = s.send(receiving_user=None)
    assert page(s.deputy, "cases:transfer_detail", transfer.pk).status_code == 200
    assert page(s.third_scpo, "cases:transfer_detail", transfer.pk).status_code == 404


def test_the_senders_access_narrows_to_the_transfer_record_after_receipt(s):
    transfer = s.send()
    before = page(s.sender, "cases:transfer_detail", transfer.pk).content.decode()
    assert "Came to school hungry" in before
    services.transfer_receive(user=s.receiver, transfer=transfer, team=s.new_team)
    after = page(s.sender, "cases:transfer_detail", transfer.pk).content.decode()
    assert "Came to school hungry" not in after and SUMMARY not in after
    assert "Confirmed by Mo" in after
    assert "Hill Primary" in after and "16 November 2026" in after


def test_receipt_opens_a_case_for_the_receiver_with_the_files_chronology(s):
    transfer = s.send()
    services.transfer_receive(user=s.receiver, transfer=transfer, team=s.new_team)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.RECEIVED and transfer.received_by == s.receiver
    new_case = transfer.receiver_case
    assert new_case.team == s.new_team and new_case.pk != s.case.pk
    texts = list(ChronologyEntry.objects.filter(case=new_case).values_list("text", flat=True))
    assert any(transfer.reference in t for t in texts)
    assert any("Came to school hungry" in t for t in texts)
    # The receiver's own case, seen by their team.
    assert page(s.receiver, "cases:case_detail", new_case.pk).status_code == 200


def test_receipt_through_the_page_warns_of_a_possible_duplicate_first(s):
    PersonFactory(
        owning_team=s.new_team,
        first_name=CHILD_FIRST,
        last_name=CHILD_LAST,
        date_of_birth=date(2017, 3, 4),
    )
    transfer = s.send()
    client = sign_in_verified_client(s.receiver)
    url = reverse("cases:transfer_receive", args=[transfer.pk])
    response = client.post(url, {"team": s.new_team.pk})
    assert response.status_code == 200
    assert "may already be recorded" in response.content.decode()
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.SENT
    response = client.post(url, {"team": s.new_team.pk, "not_a_duplicate": "on"})
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.RECEIVED


def test_someone_else_cannot_confirm_receipt(s):
    transfer = s.send()
    with pytest.raises(PermissionDenied):
        services.transfer_receive(user=s.deputy, transfer=transfer, team=s.new_team)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.SENT


def test_receipt_confirmed_twice_is_refused_plainly_the_second_time(s):
    transfer = s.send()
    stale = Transfer.objects.get(pk=transfer.pk)
    services.transfer_receive(user=s.receiver, transfer=transfer, team=s.new_team)
    with pytest.raises(ValidationError, match="already been received"):
        services.transfer_receive(user=s.receiver, transfer=stale, team=s.new_team)
    assert Case.objects.filter(team=s.new_team).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_receipt_and_cancelling_at_once_one_wins():
    s = Schools()
    transfer = s.send()
    outcomes = at_once(
        lambda: services.transfer_receive(
            user=s.receiver, transfer=Transfer.objects.get(pk=transfer.pk), team=s.new_team
        ),
        lambda: services.transfer_cancel(
            user=s.sender,
            transfer=Transfer.objects.get(pk=transfer.pk),
            reason="Sent to the wrong school by mistake.",
        ),
    )
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    transfer.refresh_from_db()
    assert transfer.status in (TransferStatus.RECEIVED, TransferStatus.CANCELLED)


def test_a_cancelled_transfer_needs_a_reason_and_is_no_longer_shown_to_the_receiver(s):
    transfer = s.send()
    with pytest.raises(ValidationError):
        services.transfer_cancel(user=s.sender, transfer=transfer, reason="x")
    services.transfer_cancel(
        user=s.sender, transfer=transfer, reason="The move fell through this morning."
    )
    body = page(s.receiver, "cases:transfer_detail", transfer.pk).content.decode()
    assert "Came to school hungry" not in body and "Cancelled" in body
    with pytest.raises(ValidationError):
        services.transfer_receive(user=s.receiver, transfer=transfer, team=s.new_team)


# --- Chasing ---------------------------------------------------------------------


def test_an_unreceived_file_is_chased_once_a_day_and_escalated(
    s, django_capture_on_commit_callbacks
):
    transfer = s.send(confirmed_on=date(2026, 11, 9))  # due 16 November
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.transfers_chase(date(2026, 11, 16)) == {"chased": 0, "escalated": 0}
        first = services.transfers_chase(date(2026, 11, 17))
        again = services.transfers_chase(date(2026, 11, 17))
    assert first == {"chased": 1, "escalated": 0}
    assert again == {"chased": 0, "escalated": 0}
    to = sorted(address for m in mail.outbox for address in m.to)
    assert to == ["dsl@hill.example", "dsl@riverside.example"]
    for message in mail.outbox:
        assert CHILD_LAST not in message.body and CHILD_LAST not in message.subject
        assert transfer.reference not in message.body
    transfer.refresh_from_db()
    assert transfer.chase_count == 1 and transfer.escalated_on is None

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        escalated = services.transfers_chase(date(2026, 11, 23))
        services.transfers_chase(date(2026, 11, 24))
    assert escalated == {"chased": 1, "escalated": 1}
    transfer.refresh_from_db()
    assert transfer.chase_count == 3 and transfer.escalated_on == date(2026, 11, 23)
    to_manager = [m for m in mail.outbox if m.to == ["manager@unit.example"]]
    assert len(to_manager) == 1 and "1 escalated" in to_manager[0].subject
    assert transfer.history.filter(history_change_reason__startswith="Escalated").count() == 1


def test_a_received_file_is_not_chased(s):
    transfer = s.send()
    services.transfer_receive(user=s.receiver, transfer=transfer, team=s.new_team)
    assert services.transfers_chase(date(2026, 12, 1)) == {"chased": 0, "escalated": 0}


def test_unreceived_files_appear_on_the_senders_and_the_units_home_pages(s):
    transfer = s.send(confirmed_on=date(2026, 11, 9))
    with time_machine.travel(date(2026, 11, 20)):
        sender_home = page(s.sender, "home").content.decode()
        unit_home = page(s.worker, "home").content.decode()
        receiver_home = page(s.receiver, "home").content.decode()
        manager_home = page(s.manager, "home").content.decode()
        unit_list = page(s.worker, "cases:transfer_list").content.decode()
    assert 'data-count="transfers-overdue">1<' in sender_home
    assert 'data-count="transfers-overdue">1<' in unit_home
    assert 'data-count="transfers-to-receive">1<' in receiver_home
    assert 'data-count="transfers-overdue">1<' in manager_home
    # The unit sees the reference and the schools, not the child.
    assert transfer.reference in unit_list and CHILD_LAST not in unit_list


# --- Outside the register: the encrypted pack and the one-time receipt link -------


def test_the_pack_opens_only_with_its_password_and_holds_the_receipt_link(s):
    transfer, password, token = s.send_pack()
    assert token not in transfer.receipt_token_hash and len(transfer.receipt_token_hash) == 64
    content = transfer.pack.open("rb").read()
    with pyzipper.AESZipFile(io.BytesIO(content)) as archive:
        with pytest.raises(RuntimeError):
            archive.read("child-protection-file.txt")
        archive.setpassword(password.encode())
        text = archive.read("child-protection-file.txt").decode()
    assert CHILD_LAST in text and f"/receipt/{token}/" in text
    assert "Secretive" not in text
    # The register keeps neither the password nor the token.
    row = Transfer.objects.filter(pk=transfer.pk).values().get()
    assert password not in str(row) and token not in str(row)


def test_the_one_time_receipt_link_works_once_and_then_never_again(s):
    from django.test import Client

    transfer, _password, token = s.send_pack()
    url = reverse("transfer_receipt", args=[token])
    anyone = Client()
    shown = anyone.get(url)
    assert shown.status_code == 200
    assert transfer.reference in shown.content.decode()
    assert CHILD_LAST not in shown.content.decode()
    done = anyone.post(url, {"name": "Mo Khan", "role": "DSL, Hill Primary"})
    assert done.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.RECEIVED
    assert transfer.received_by_name == "Mo Khan, DSL, Hill Primary"
    assert transfer.receipt_token_hash == "" and not transfer.pack
    assert anyone.get(url).status_code == 404
    assert anyone.post(url, {"name": "Someone", "role": "Else"}).status_code == 404
    transfer.refresh_from_db()
    assert transfer.received_by_name == "Mo Khan, DSL, Hill Primary"
    assert (
        "Confirmed by Mo Khan"
        in page(s.sender, "cases:transfer_detail", transfer.pk).content.decode()
    )


def test_an_expired_or_unknown_receipt_link_does_nothing(s):
    from django.test import Client

    _transfer, _password, token = s.send_pack()
    with time_machine.travel(timedelta(days=31)):
        assert Client().get(reverse("transfer_receipt", args=[token])).status_code == 404
    assert Client().get(reverse("transfer_receipt", args=["x" * 43])).status_code == 404


# --- The read log ----------------------------------------------------------------


def test_the_whole_flow_leaves_read_log_rows(s):
    transfer = s.send()
    AccessEvent.objects.all().delete()
    sender, receiver = sign_in_verified_client(s.sender), sign_in_verified_client(s.receiver)
    sender.get(reverse("cases:transfer_new") + f"?case={s.case.pk}")
    sender.get(reverse("cases:transfer_detail", args=[transfer.pk]))
    receiver.get(reverse("cases:transfer_list"))
    receiver.get(reverse("cases:transfer_detail", args=[transfer.pk]))
    receiver.post(
        reverse("cases:transfer_receive", args=[transfer.pk]),
        {"team": s.new_team.pk, "not_a_duplicate": "on"},
    )
    sender.get(reverse("cases:transfer_detail", args=[transfer.pk]))
    who = list(AccessEvent.objects.values_list("user_id", flat=True))
    assert who.count(s.sender.pk) >= 3 and who.count(s.receiver.pk) >= 3


# --- Term dates ------------------------------------------------------------------


def test_a_schools_lead_keeps_its_term_dates_on_a_page(s):
    client = sign_in_verified_client(s.sender)
    response = client.post(
        reverse("cases:term_dates"),
        {"name": "October half-term", "starts_on": "2026-10-26", "ends_on": "2026-10-30"},
    )
    assert response.status_code == 302
    holiday = TermHoliday.objects.get(organisation=s.old)
    assert selectors.transfer_due_on(s.old, "school", date(2026, 10, 23)) == date(2026, 11, 6)
    # Another school's lead cannot remove it; the unit has no term dates page.
    with pytest.raises(PermissionDenied):
        services.term_holiday_remove(user=s.third_scpo, holiday_id=holiday.pk)
    assert page(s.worker, "cases:term_dates").status_code == 403
    client.post(reverse("cases:term_date_remove"), {"holiday": holiday.pk})
    assert not TermHoliday.objects.filter(pk=holiday.pk).exists()


def test_a_holiday_ending_before_it_starts_or_overlapping_another_is_refused(s):
    client = sign_in_verified_client(s.sender)
    url = reverse("cases:term_dates")
    backwards = client.post(url, {"name": "H", "starts_on": "2026-10-30", "ends_on": "2026-10-26"})
    assert backwards.status_code == 200 and not TermHoliday.objects.exists()
    services.term_holiday_add(
        user=s.sender,
        organisation=s.old,
        name="Half-term",
        starts_on=date(2026, 10, 26),
        ends_on=date(2026, 10, 30),
    )
    overlap = client.post(url, {"name": "H", "starts_on": "2026-10-29", "ends_on": "2026-11-02"})
    assert "overlap" in overlap.content.decode()
    assert TermHoliday.objects.count() == 1


def test_the_demo_calendar_seeds_a_typical_england_year_once(s):
    assert services.term_calendar_seed(s.old, [2026]) == 6
    assert services.term_calendar_seed(s.old, [2026]) == 0


def test_transfer_figures_are_one_grouped_query_with_no_names(s, django_assert_num_queries):
    s.send()
    with django_assert_num_queries(1):
        figures = selectors.transfer_figures(date(2020, 1, 1), date(2100, 1, 1), date(2020, 1, 1))
    assert figures == [
        {
            "kind": "school",
            "status": "sent",
            "count": 1,
            "escalated": 0,
            "chased": 0,
            "received_on_time": 0,
            "past_due_unreceived": 0,
        }
    ]
    with time_machine.travel(date(2026, 11, 12)):
        received = s.send()
        services.transfer_receive(user=s.receiver, transfer=received, team=s.new_team)
    figures = selectors.transfer_figures(date(2020, 1, 1), date(2100, 1, 1), date(2100, 1, 1))
    assert {
        (f["status"], f["count"], f["received_on_time"], f["past_due_unreceived"])
        for f in figures
    } == {("sent", 1, 0, 1), ("received", 1, 1, 0)}


# --- Between local authorities -----------------------------------------------------


def test_a_handover_to_another_authority_is_received_by_its_unit_not_its_schools(s):
    other_la = OrganisationFactory(
        name="Southshire Children's Services", kind=OrganisationKind.LA_CHILDRENS_SOCIAL_CARE
    )
    la_team = make_team(organisation=other_la, name="Southshire front door")
    la_worker = team_member(la_team, roles=[Role.UNIT_STAFF])
    transfer = s.send(kind="authority", receiving_organisation=other_la, receiving_user=None)
    assert transfer.due_on == date(2026, 11, 16)
    assert page(la_worker, "cases:transfer_detail", transfer.pk).status_code == 200
    assert page(s.receiver, "cases:transfer_detail", transfer.pk).status_code == 404
    services.transfer_receive(user=la_worker, transfer=transfer, team=la_team)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.RECEIVED


def test_a_person_who_poses_a_risk_moving_area_is_notified_about_them_not_the_child(s):
    other_la = OrganisationFactory(
        name="Eastshire Children's Services", kind=OrganisationKind.LA_CHILDRENS_SOCIAL_CARE
    )
    team_member(make_team(organisation=other_la), roles=[Role.MANAGER])
    adult = PersonFactory(owning_team=s.old_team, first_name="Lee", last_name="Risk")
    case_services.participant_add(
        user=s.sender, case=s.case, person=adult, role="alleged_perpetrator", reason="r"
    )
    transfer = s.send(
        kind="risk_notification",
        subject=adult,
        receiving_organisation=other_la,
        receiving_user=None,
    )
    assert transfer.subject_name == "Lee Risk"
    assert transfer.get_kind_display().startswith("A person who poses a risk")


def test_a_receiver_the_register_cannot_reach_is_told_to_send_a_pack(s):
    empty = OrganisationFactory(name="Nobody Academy", kind=OrganisationKind.SCHOOL)
    with pytest.raises(ValidationError, match="encrypted pack"):
        s.send(receiving_organisation=empty, receiving_user=None)


# --- The schedule ----------------------------------------------------------------


def test_the_weekday_chase_is_scheduled_in_the_database_and_runs_the_service(s):
    from django_celery_beat.models import PeriodicTask

    from cases.tasks import chase_transfers
    from config.celery import app

    task = PeriodicTask.objects.get(task="cases.chase_transfers")
    assert task.enabled and task.crontab.day_of_week == "1-5"
    assert "cases.chase_transfers" in app.tasks
    s.send(confirmed_on=date(2026, 11, 9))
    with time_machine.travel(date(2026, 11, 17)):
        assert chase_transfers.apply().get() == {"chased": 1, "escalated": 0}
        assert chase_transfers.apply().get() == {"chased": 0, "escalated": 0}


# --- People the receiving lead gives the file to ------------------------------------


def test_the_receiving_lead_gives_the_file_to_a_colleague_and_nobody_else(s):
    transfer = s.send()
    assert page(s.deputy, "cases:transfer_detail", transfer.pk).status_code == 404
    services.transfer_share(user=s.receiver, transfer=transfer, colleague=s.deputy)
    seen = page(s.deputy, "cases:transfer_detail", transfer.pk)
    assert seen.status_code == 200 and "Came to school hungry" in seen.content.decode()
    assert transfer.history.filter(history_change_reason__startswith="Given to").exists()
    # Only to a colleague at the receiving school; the colleague does not pass it on;
    # the sender does not give it away.
    with pytest.raises(ValidationError):
        services.transfer_share(user=s.receiver, transfer=transfer, colleague=s.third_scpo)
    other = team_member(s.new_team, roles=[Role.SCPO])
    with pytest.raises(PermissionDenied):
        services.transfer_share(user=s.deputy, transfer=transfer, colleague=other)
    with pytest.raises(PermissionDenied):
        services.transfer_share(user=s.sender, transfer=transfer, colleague=other)
    # The colleague may confirm receipt.
    services.transfer_receive(user=s.deputy, transfer=transfer, team=s.new_team)
    transfer.refresh_from_db()
    assert transfer.received_by == s.deputy


def test_giving_the_file_to_no_one_shows_the_page_again_with_the_error(s):
    transfer = s.send()
    client = sign_in_verified_client(s.receiver)
    response = client.post(reverse("cases:transfer_share", args=[transfer.pk]), {})
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and "Choose the colleague to give the file to." in body
    assert not transfer.shared_with.exists()


# --- Documents ---------------------------------------------------------------------

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_the_documents_held_on_the_case_go_with_the_file_to_the_receiver_only():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.requests.factories import World, answer

    world = World()
    case = case_services.case_open(
        user=world.worker,
        team=world.team,
        child=world.child,
        summary="Neglect.",
        opened_on=date(2026, 10, 1),
        reason="referral",
    )
    request = world.s14b_to(world.school_a, world.scpo_a, case=case)
    answer(
        user=world.scpo_a,
        request=request,
        outcome="shared",
        response_status="fact",
        response_text="Attendance attached.",
        files=[SimpleUploadedFile("jamie-attendance.pdf", PDF, content_type="application/pdf")],
    )
    transfer, _password, _token = services.transfer_send(
        user=world.worker,
        case=case,
        subject=world.child,
        kind="school",
        receiving_organisation=world.school_b,
        receiving_user=world.scpo_b,
        route="register",
        summary="Neglect.",
        confirmed_on=date(2026, 11, 9),
    )
    document = transfer.items.get(kind="document")
    assert document.label == "jamie-attendance.pdf" and "jamie" not in document.file.name
    url = reverse("cases:transfer_document", args=[transfer.pk, document.pk])
    download = sign_in_verified_client(world.scpo_b).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "jamie" not in download["Content-Disposition"]
    assert sign_in_verified_client(world.scpo_a).get(url).status_code == 404
    assert AccessEvent.objects.filter(user=world.scpo_b, action="download").exists()


def test_the_case_page_lists_the_files_sent_from_it_with_their_receipt(s):
    transfer = s.send()
    body = page(s.sender, "cases:case_detail", s.case.pk).content.decode()
    assert transfer.reference in body and "Not yet confirmed" in body
    services.transfer_receive(user=s.receiver, transfer=transfer, team=s.new_team)
    body = page(s.sender, "cases:case_detail", s.case.pk).content.decode()
    assert "Confirmed" in body and "Hill Primary" in body


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_chasing_runs_at_once_chase_each_file_once():
    s = Schools()
    transfer = s.send(confirmed_on=date(2026, 11, 9))
    outcomes = at_once(
        lambda: services.transfers_chase(date(2026, 11, 17)),
        lambda: services.transfers_chase(date(2026, 11, 17)),
    )
    assert sorted(o["chased"] for o in outcomes) == [0, 1]
    transfer.refresh_from_db()
    assert transfer.chase_count == 1


def test_escalation_goes_to_the_managers_of_the_senders_own_area(
    s, django_capture_on_commit_callbacks
):
    for organisation in (s.old, s.unit):
        organisation.police_force_area = "kent"
        organisation.save()
    elsewhere = OrganisationFactory(
        name="Essex Unit",
        kind=OrganisationKind.SAFEGUARDING_PARTNERSHIP,
        police_force_area="essex",
    )
    UserFactory(organisation=elsewhere, roles=[Role.MANAGER], email="manager@essex.example")
    s.send(confirmed_on=date(2026, 11, 9))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.transfers_chase(date(2026, 11, 23))["escalated"] == 1
    told = {address for m in mail.outbox for address in m.to}
    assert "manager@unit.example" in told and "manager@essex.example" not in told
