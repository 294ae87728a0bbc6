"""Transfers of a child's file and subject access requests under retention:
their seeded rules, the sweep flagging them, their disposal (rows, files and
history gone, a certificate that counts them), holds reaching them through
the case, and the DPO knowing them by reference (TR-..., SAR-...)."""

import os
from datetime import date

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases import services as case_services
from cases.transfers import services as transfer_services
from cases.transfers.models import Transfer, TransferItem
from retention import rules
from retention.models import (
    DisposalCertificate,
    FileDeletion,
    RecordType,
    RetentionRule,
    RetentionState,
    Status,
    SubjectAccessItem,
    SubjectAccessRequest,
)
from retention.services import disposal, retention_sweep, review
from retention.subject_access import services as sar_services
from retention.tasks import delete_files_task
from sharing.roles import Role
from tests.cases.transfer_world import Schools
from tests.requests.factories import World, answer
from tests.retention.subject_access.factories import Family
from tests.retention.subject_access.test_services import review_all
from tests.sharing.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
SCHOOL_RULE = "School-held secondary SCP records (transfers a school sent)"
UNIT_RULE = "Transfers the unit sent: review six years after receipt or cancellation"
SAR_RULE = "Subject access requests: review two years after the answer"


def _facts(name: str) -> rules.RuleFacts:
    rule = RetentionRule.objects.get(name=name)
    return rules.RuleFacts(
        rule.trigger,
        rule.period_months,
        rule.action,
        rule.school_year_rule,
        rule.inactivity_months,
        rule.died_before_18_months,
        rule.fallback_months,
    )


# --- The seeded rules, as tables --------------------------------------------------


@pytest.mark.parametrize(
    ("born", "due"),
    [
        # Seed 000 §7: the end of the school year after the one with the 25th birthday.
        (date(2017, 3, 4), date(2043, 8, 31)),
        # 25 on 31 August: that school year ends the same day; disposed of a year on.
        (date(2001, 8, 31), date(2027, 8, 31)),
        # 25 on 1 September: a new school year has begun.
        (date(2001, 9, 1), date(2028, 8, 31)),
        # Born on 29 February: 25 on 1 March 2029.
        (date(2004, 2, 29), date(2030, 8, 31)),
    ],
)
def test_a_transfer_a_school_sent_goes_at_the_end_of_the_school_year_after_the_25th_birthday(
    born, due
):
    rule = RetentionRule.objects.get(name=SCHOOL_RULE)
    assert (rule.record_type, rule.organisation_kind, rule.action) == (
        RecordType.TRANSFER,
        "school",
        "dispose",
    )
    assert rules.due(_facts(SCHOOL_RULE), rules.RecordDates(born)) == rules.Due(due)


def test_a_schools_transfer_with_no_date_of_birth_is_reviewed_six_years_after_its_last_activity():
    found = rules.due(_facts(SCHOOL_RULE), rules.RecordDates(None, last_activity=date(2020, 2, 29)))
    assert found == rules.Due(date(2026, 2, 28), by_fallback=True)


@pytest.mark.parametrize(
    ("closed", "last", "due"),
    [
        (date(2026, 11, 20), date(2026, 11, 20), rules.Due(date(2032, 11, 20))),
        (date(2020, 2, 29), date(2020, 2, 29), rules.Due(date(2026, 2, 28))),
        # Never received nor cancelled: six years after it was last chased.
        (None, date(2026, 12, 1), rules.Due(date(2032, 12, 1), by_fallback=True)),
    ],
)
def test_a_transfer_the_unit_sent_is_reviewed_six_years_after_receipt_or_cancellation(
    closed, last, due
):
    rule = RetentionRule.objects.get(name=UNIT_RULE)
    assert (rule.organisation_kind, rule.action, rule.source != "") == ("", "review", True)
    assert rules.due(_facts(UNIT_RULE), rules.RecordDates(closed, last_activity=last)) == due


@pytest.mark.parametrize(
    ("answered", "last", "due"),
    [
        (date(2026, 12, 1), date(2026, 12, 1), rules.Due(date(2028, 12, 1))),
        (date(2024, 1, 31), date(2024, 1, 31), rules.Due(date(2026, 1, 31))),
        (date(2024, 2, 29), date(2024, 2, 29), rules.Due(date(2026, 2, 28))),
        # Never answered: the six-year fallback after its last activity.
        (None, date(2026, 12, 1), rules.Due(date(2032, 12, 1), by_fallback=True)),
    ],
)
def test_a_subject_access_request_is_reviewed_by_the_dpo_two_years_after_it_was_answered(
    answered, last, due
):
    rule = RetentionRule.objects.get(name=SAR_RULE)
    assert (rule.record_type, rule.action) == (RecordType.SAR, "review")
    assert "ICO" in rule.source
    assert rules.due(_facts(SAR_RULE), rules.RecordDates(answered, last_activity=last)) == due


# --- Builders ----------------------------------------------------------------------


def _state(record) -> RetentionState:
    return RetentionState.objects.get(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk
    )


def _unit_transfer_with_a_document_and_a_pack(world=None):
    """The unit sends a child's file on to a school as an encrypted pack, with
    a document its request was answered with."""
    world = world or World()
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
        files=[SimpleUploadedFile("attendance.pdf", PDF, content_type="application/pdf")],
    )
    transfer, _password, _token = transfer_services.transfer_send(
        user=world.worker,
        case=case,
        subject=world.child,
        kind="school",
        receiving_organisation=world.school_b,
        route="pack",
        receiving_contact="DSL, dsl@school-b.example",
        password_route="phone",
        summary="Neglect.",
        confirmed_on=date(2026, 11, 9),
    )
    dpo = getattr(world, "dpo", None) or UserFactory(
        organisation=world.partnership, roles=[Role.DPO]
    )
    return world, case, transfer, dpo


def _released_sar(family):
    with time_machine.travel(date(2026, 12, 1), tick=False):
        sar = sar_services.sar_log(
            user=family.dpo,
            person=family.child,
            requester="Jamie Reed, by e-mail to the DPO",
            requester_is="subject",
            received_on=date(2026, 12, 1),
            identity_checked=True,
            identity_check="Passport seen at the front desk",
        )
        sar = sar_services.sar_build(user=family.dpo, sar=sar)
        review_all(family, sar)
        sar, _password = sar_services.sar_release(user=family.dpo, sar=sar, password_route="phone")
    return sar


# --- The sweep ---------------------------------------------------------------------


def test_the_sweep_flags_a_schools_transfer_for_disposal_and_the_units_and_a_sar_for_review():
    s = Schools()
    school_sent = s.send()  # the child was born on 4 March 2017
    transfer_services.transfer_receive(user=s.receiver, transfer=school_sent, team=s.new_team)
    s.child.date_of_birth = None
    s.child.save()
    no_birth_date = s.send(receiving_organisation=s.third, receiving_user=s.third_scpo)
    family = Family()
    _world, _case, unit_sent, _dpo = _unit_transfer_with_a_document_and_a_pack(family)
    answered = _released_sar(family)

    retention_sweep(date(2043, 9, 1))

    school = _state(school_sent)
    assert (school.rule.name, school.status, school.due_on) == (
        SCHOOL_RULE,
        Status.DUE_DISPOSAL,
        date(2043, 8, 31),
    )
    assert school.organisation_id == s.old.pk and school.trigger_on == date(2017, 3, 4)
    # No date of birth on the file: reviewed six years after it was last active, never disposed of.
    fallback = _state(no_birth_date)
    assert (fallback.rule.name, fallback.status, fallback.by_fallback) == (
        SCHOOL_RULE,
        Status.DUE_REVIEW,
        True,
    )
    unit = _state(unit_sent)
    assert (unit.rule.name, unit.status, unit.record_type) == (
        UNIT_RULE,
        Status.DUE_REVIEW,
        RecordType.TRANSFER,
    )
    sar = _state(answered)
    assert (sar.rule.name, sar.status, sar.due_on, sar.record_type) == (
        SAR_RULE,
        Status.DUE_REVIEW,
        date(2028, 12, 1),
        RecordType.SAR,
    )
    assert sar.trigger_on == date(2026, 12, 1) and not sar.by_fallback


def test_a_sar_never_answered_is_flagged_for_review_six_years_after_it_was_logged():
    family = Family()
    with time_machine.travel(date(2026, 12, 1), tick=False):
        sar = sar_services.sar_log(
            user=family.dpo,
            person=family.child,
            requester="Jamie Reed",
            requester_is="subject",
            received_on=date(2026, 12, 1),
            identity_checked=False,
        )
    retention_sweep(date(2032, 11, 30))
    assert _state(sar).status == Status.NOT_DUE
    retention_sweep(date(2032, 12, 1))
    state = _state(sar)
    assert (state.status, state.by_fallback, state.due_on) == (
        Status.DUE_REVIEW,
        True,
        date(2032, 12, 1),
    )


# --- Disposal ----------------------------------------------------------------------


def test_disposing_of_a_transfer_removes_its_items_files_pack_receipt_link_and_history():
    _world, case, transfer, dpo = _unit_transfer_with_a_document_and_a_pack()
    items = list(transfer.items.values_list("pk", flat=True))
    document = transfer.items.get(kind="document")
    paths = [transfer.pack.path, document.file.path]
    assert all(os.path.exists(path) for path in paths) and transfer.receipt_token_hash
    retention_sweep(date(2033, 1, 1))
    state = _state(transfer)
    review.states_approve_disposal(user=dpo, states=[state])

    certificate = disposal.dispose_record(state.pk)
    delete_files_task()

    assert certificate is not None and certificate.record_type == RecordType.TRANSFER
    assert not Transfer.objects.filter(pk=transfer.pk).exists()
    assert not Transfer.history.filter(id=transfer.pk).exists()  # receipt token hash too
    assert not TransferItem.objects.filter(pk__in=items).exists()
    assert not TransferItem.history.filter(id__in=items).exists()
    assert not any(os.path.exists(path) for path in paths)
    assert not FileDeletion.objects.exists()
    assert certificate.files_removed == 2  # the pack and the document's copy
    assert certificate.rows_removed["cases.Transfer"] == 1
    assert certificate.rows_removed["cases.TransferItem"] == len(items)
    assert certificate.rows_removed["cases.HistoricalTransfer"] >= 2  # sent, pack issued
    assert not RetentionState.objects.filter(pk=state.pk).exists()
    # The case it was sent from keeps its own rule.
    assert type(case).objects.filter(pk=case.pk).exists()
    text = str(DisposalCertificate.objects.filter(pk=certificate.pk).values().get())
    assert transfer.reference not in text and "Jamie" not in text


def test_disposing_of_a_sar_removes_its_items_pack_and_history_and_keeps_the_person():
    family = Family()
    sar = _released_sar(family)
    items = list(sar.items.values_list("pk", flat=True))
    path = sar.pack.path
    assert items and os.path.exists(path)
    retention_sweep(date(2028, 12, 1))
    state = _state(sar)
    assert state.status == Status.DUE_REVIEW
    review.states_approve_disposal(user=family.dpo, states=[state])

    certificate = disposal.dispose_record(state.pk)
    delete_files_task()

    assert certificate is not None and certificate.record_type == RecordType.SAR
    assert not SubjectAccessRequest.objects.filter(pk=sar.pk).exists()
    assert not SubjectAccessRequest.history.filter(id=sar.pk).exists()
    assert not SubjectAccessItem.objects.filter(pk__in=items).exists()
    assert not SubjectAccessItem.history.filter(id__in=items).exists()
    assert not os.path.exists(path) and not FileDeletion.objects.exists()
    assert certificate.files_removed == 1
    assert certificate.rows_removed["retention.SubjectAccessRequest"] == 1
    assert certificate.rows_removed["retention.SubjectAccessItem"] == len(items)
    family.child.refresh_from_db()  # the person's records keep their own rules


# --- Holds -------------------------------------------------------------------------


def test_a_hold_on_a_case_holds_the_transfers_sent_from_it():
    s = Schools()
    transfer = s.send()
    dpo = UserFactory(organisation=s.unit, roles=[Role.DPO])
    retention_sweep(date(2043, 9, 1))
    state = _state(transfer)
    assert state.status == Status.DUE_DISPOSAL
    review.states_approve_disposal(user=dpo, states=[state])

    review.hold_place(user=dpo, record=s.case, reason="Inquiry into the move")

    # The approval goes back to review, the sweep flags it for review only,
    # and a disposal is refused.
    assert _state(transfer).status == Status.DUE_REVIEW
    retention_sweep(date(2043, 9, 2))
    assert _state(transfer).status == Status.DUE_REVIEW
    RetentionState.objects.filter(pk=state.pk).update(status=Status.APPROVED, approved_by=dpo)
    assert disposal.dispose_record(state.pk) is None
    assert Transfer.objects.filter(pk=transfer.pk).exists()


def test_a_held_transfer_keeps_the_case_it_was_sent_from():
    s = Schools()
    transfer = s.send()
    dpo = UserFactory(organisation=s.unit, roles=[Role.DPO])
    review.hold_place(user=dpo, record=transfer, reason="Complaint about the move")
    case_services.case_close(user=s.sender, case=s.case, closed_on=date(2026, 11, 20), reason="r")
    retention_sweep(date(2043, 9, 1))
    case_state = _state(s.case)
    RetentionState.objects.filter(pk=case_state.pk).update(status=Status.APPROVED, approved_by=dpo)
    assert disposal.dispose_record(case_state.pk) is None
    assert type(s.case).objects.filter(pk=s.case.pk).exists()


# --- The DPO's pages ---------------------------------------------------------------


def test_the_dpo_knows_transfers_and_sars_by_reference_and_can_hold_them_by_it(verified_client):
    family = Family()
    _world, _case, transfer, dpo = _unit_transfer_with_a_document_and_a_pack(family)
    sar = _released_sar(family)
    retention_sweep(date(2033, 1, 1))

    page = verified_client(dpo).get(reverse("retention:dashboard")).content.decode()
    assert transfer.reference in page and sar.reference in page
    assert "Jamie" not in page
    report = verified_client(dpo).get(reverse("retention:report_csv")).content.decode()
    assert transfer.reference in report and sar.reference in report
    # The record's own page: its reference, its rule's source, what goes with it.
    record = (
        verified_client(dpo)
        .get(reverse("retention:record", args=[_state(transfer).pk]))
        .content.decode()
    )
    assert transfer.reference in record and "Things the file carried" in record
    assert "six years after it was received or cancelled" in record
    assert "Jamie" not in record and "Neglect." not in record
    sar_page = verified_client(dpo).get(reverse("retention:record", args=[_state(sar).pk]))
    assert sar.reference in sar_page.content.decode()
    assert "Items of the pack" in sar_page.content.decode()

    response = verified_client(dpo).post(
        reverse("retention:hold"),
        {"scope": "record", "reference": sar.reference.lower(), "reason": "ICO complaint"},
    )
    assert response.status_code == 302
    held = verified_client(dpo).get(reverse("retention:dashboard")).content.decode()
    assert f"<strong>{sar.reference}</strong>" in held
