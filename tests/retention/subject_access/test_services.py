"""Subject access requests (UK GDPR Art 15): logged and answered by the DPO
alone; no pack before the requester's identity is checked; other people
redacted; records marked "not to be disclosed" held back with their
exemption and absent from what is released; the pack expires."""

import io
from datetime import date, timedelta

import pytest
import pyzipper
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from cases import services as case_services
from cases.rules import PROTECTED_IDENTITY, THIRD_PARTY
from requests import services as request_services
from retention.models import (
    FileDeletion,
    ItemDecision,
    ItemKind,
    RetentionState,
    SarStatus,
    SubjectAccessItem,
    SubjectAccessRequest,
)
from retention.subject_access import services
from sharing.choices import SubjectAccessExemption
from sharing.models import AccessEvent

from .factories import Family

pytestmark = pytest.mark.django_db

CRIME = SubjectAccessExemption.CRIME.value
SERIOUS_HARM = SubjectAccessExemption.EDUCATION_SERIOUS_HARM.value
TODAY = date(2026, 12, 1)


@pytest.fixture
def family():
    with time_machine.travel(TODAY, tick=False):
        yield Family()


def log(family, *, checked=True, received_on=TODAY):
    return services.sar_log(
        user=family.dpo,
        person=family.child,
        requester="Jamie Reed, by e-mail to the DPO",
        requester_is="subject",
        received_on=received_on,
        identity_checked=checked,
        identity_check="Passport seen at the front desk" if checked else "",
    )


def review_all(family, sar, *, withhold=()):
    for item in sar.items.order_by("position"):
        if item.decision == ItemDecision.PENDING:
            decision = ItemDecision.WITHHOLD if item.pk in withhold else ItemDecision.INCLUDE
            services.sar_item_review(
                user=family.dpo,
                item=item,
                decision=decision,
                exemption=SubjectAccessExemption.THIRD_PARTY if item.pk in withhold else "",
            )


def pdf_and_names(sar, password):
    with sar.pack.open("rb") as handle:
        archive = pyzipper.AESZipFile(io.BytesIO(handle.read()))
    archive.setpassword(password.encode())
    names = archive.namelist()
    pdf = archive.read(f"{sar.reference}.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split()), names


def test_a_request_is_logged_with_its_due_date_a_calendar_month_on(family):
    with time_machine.travel(date(2026, 12, 1), tick=False):
        sar = log(family, received_on=date(2026, 11, 25))
    # 25 December is Christmas Day, 28 December Boxing Day's substitute.
    assert sar.due_on == date(2026, 12, 29)
    assert sar.reference.startswith("SAR-2026-")
    assert sar.history.first().history_user == family.dpo


def test_without_an_identity_check_the_pack_cannot_be_built(family):
    with time_machine.travel(TODAY, tick=False):
        sar = log(family, checked=False)
        with pytest.raises(ValidationError, match="Check the requester's identity"):
            services.sar_build(user=family.dpo, sar=sar)
        assert not SubjectAccessItem.objects.exists()
        sar.refresh_from_db()
        assert sar.status == SarStatus.RECEIVED
        services.sar_confirm_identity(user=family.dpo, sar=sar, how="Passport, in person")
        assert services.sar_build(user=family.dpo, sar=sar).status == SarStatus.IN_REVIEW


def test_the_pack_holds_everything_about_the_person_and_redacts_everyone_else(family):
    with time_machine.travel(TODAY, tick=False):
        sar = services.sar_build(user=family.dpo, sar=log(family))
    items = list(sar.items.order_by("position"))
    kinds = {i.kind for i in items}
    assert kinds == set(ItemKind.values)
    everything = "\n".join(f"{i.heading}\n{i.text}" for i in items)
    assert "Jamie" in everything and "12 Mill Lane" in everything
    assert family.case.reference in everything and family.request.reference in everything
    assert "Kent Police" in everything  # to whom it was disclosed, and when
    assert "16 November 2026" in everything
    # A parent is a third party to the child's request; a neighbour's identity
    # is protected, whoever asks.
    assert "Morgan" not in everything and "Neighbourly" not in everything
    assert f"Jamie said {THIRD_PARTY} was asleep" in everything
    assert f"{PROTECTED_IDENTITY} rang to say Jamie" in everything


def test_who_looked_at_their_records_is_in_the_pack_and_building_it_is_logged(family):
    with time_machine.travel(TODAY, tick=False):
        AccessEvent.objects.create(
            user=family.worker,
            action="view",
            content_type_id=_type(family.case),
            object_id=family.case.pk,
        )
        sar = services.sar_build(user=family.dpo, sar=log(family))
    read_log = sar.items.get(kind=ItemKind.READ_LOG)
    assert f"{family.worker.get_full_name()}, {family.partnership}" in read_log.text
    assert f"case {family.case.reference}" in read_log.text
    # The DPO's own reads of every record the pack drew on are logged.
    assert AccessEvent.objects.filter(
        user=family.dpo, content_type_id=_type(family.visit), object_id=family.visit.pk
    ).exists()


def _type(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def test_flagged_records_are_held_back_with_their_exemption(family):
    with time_machine.travel(TODAY, tick=False):
        case_services.chronology_not_for_subject(
            user=family.worker,
            entry=family.police_note,
            not_for_subject=True,
            exemption=CRIME,
            reason="Open police investigation",
        )
        sar = services.sar_build(user=family.dpo, sar=log(family))
    held = sar.items.get(object_id=family.police_note.pk, kind=ItemKind.CHRONOLOGY)
    assert (held.flagged, held.decision, held.exemption) == (True, ItemDecision.WITHHOLD, CRIME)
    others = sar.items.filter(kind=ItemKind.CHRONOLOGY).exclude(pk=held.pk)
    assert {i.decision for i in others} == {ItemDecision.PENDING}


def test_an_item_shared_and_marked_holds_back_its_copy_in_the_chronology(family):
    with time_machine.travel(TODAY, tick=False):
        from sharing.decisions import services as decision_services

        decision_services.disclosure_item_not_for_subject(
            user=family.worker,
            item=family.marker_item,
            not_for_subject=True,
            exemption=CRIME,
            reason="Police marker",
        )
        sar = services.sar_build(user=family.dpo, sar=log(family))
    copy = sar.items.get(kind=ItemKind.CHRONOLOGY, object_id=family.disclosure.chronology_entry_id)
    assert (copy.flagged, copy.decision, copy.exemption) == (True, ItemDecision.WITHHOLD, CRIME)


def test_withheld_items_and_flagged_documents_are_absent_from_what_is_released(family):
    with time_machine.travel(TODAY, tick=False):
        case_services.chronology_not_for_subject(
            user=family.worker,
            entry=family.police_note,
            not_for_subject=True,
            exemption=CRIME,
            reason="Open police investigation",
        )
        request_services.attachment_not_for_subject(
            user=family.scpo_a,
            attachment=family.dsl_notes,
            not_for_subject=True,
            exemption=SERIOUS_HARM,
            reason="What Jamie told the DSL.",
        )
        sar = services.sar_build(user=family.dpo, sar=log(family))
        marker = sar.items.get(kind=ItemKind.DISCLOSURE, object_id=family.marker_item.pk)
        # What was shared is also copied into the chronology: both withheld.
        copy = sar.items.get(
            kind=ItemKind.CHRONOLOGY, object_id=family.disclosure.chronology_entry_id
        )
        review_all(family, sar, withhold={marker.pk, copy.pk})
        with pytest.raises(ValidationError, match="Say how the password"):
            services.sar_release(user=family.dpo, sar=sar, password_route="email")
        released, password = services.sar_release(user=family.dpo, sar=sar, password_route="phone")
    text, names = pdf_and_names(released, password)
    assert "The kitchen had no food" in text
    assert "Two previous referrals" in text
    assert "Police are investigating" not in text
    assert "The police have a marker" not in text
    assert "Morgan" not in text and "Neighbourly" not in text
    assert "1 item: Crime" in text and "1 item: Education data" in text
    assert "2 items: Another person's information" in text
    # The documents go in under neutral names; the flagged one not at all.
    assert f"documents/{family.attendance.archive_name}" in names
    assert f"documents/{family.dsl_notes.archive_name}" not in names
    assert all("Reed" not in name and "Jamie" not in name for name in names)
    assert not released.pack.name.count("Reed")


def test_a_pack_with_items_not_reviewed_is_not_released(family):
    with time_machine.travel(TODAY, tick=False):
        sar = services.sar_build(user=family.dpo, sar=log(family))
        with pytest.raises(ValidationError, match="Review every item first"):
            services.sar_release(user=family.dpo, sar=sar, password_route="phone")
    sar.refresh_from_db()
    assert (sar.status, bool(sar.pack)) == (SarStatus.IN_REVIEW, False)


def test_withholding_needs_an_exemption(family):
    with time_machine.travel(TODAY, tick=False):
        sar = services.sar_build(user=family.dpo, sar=log(family))
        item = sar.items.filter(decision=ItemDecision.PENDING).first()
        with pytest.raises(ValidationError):
            services.sar_item_review(user=family.dpo, item=item, decision="withhold")
    item.refresh_from_db()
    assert item.decision == ItemDecision.PENDING


@pytest.mark.parametrize("who", ["worker", "scpo_a"])
def test_only_the_dpo_logs_builds_reviews_and_releases(family, who):
    user = getattr(family, who)
    with time_machine.travel(TODAY, tick=False):
        sar = services.sar_build(user=family.dpo, sar=log(family))
        item = sar.items.first()
        for step in (
            lambda: services.sar_log(
                user=user,
                person=family.child,
                requester="x",
                requester_is="subject",
                received_on=TODAY,
                identity_checked=False,
            ),
            lambda: services.sar_confirm_identity(user=user, sar=sar, how="x"),
            lambda: services.sar_extend(user=user, sar=sar, months=1, reason="x", told_on=TODAY),
            lambda: services.sar_build(user=user, sar=sar),
            lambda: services.sar_item_review(user=user, item=item, decision="include"),
            lambda: services.sar_release(user=user, sar=sar, password_route="phone"),
        ):
            with pytest.raises(PermissionDenied):
                step()
    assert SubjectAccessRequest.objects.count() == 1


def test_an_extension_told_within_the_first_month_moves_the_due_date(family):
    with time_machine.travel(date(2026, 7, 20), tick=False):
        sar = log(family, received_on=date(2026, 7, 14))
        services.sar_extend(
            user=family.dpo,
            sar=sar,
            months=2,
            reason="Complex: five years of records",
            told_on=date(2026, 7, 20),
        )
    sar.refresh_from_db()
    assert (sar.due_on, sar.extended_to, sar.answer_by) == (
        date(2026, 8, 14),
        date(2026, 10, 14),
        date(2026, 10, 14),
    )
    with (
        time_machine.travel(date(2026, 7, 21), tick=False),
        pytest.raises(ValidationError, match="already been extended"),
    ):
        services.sar_extend(
            user=family.dpo, sar=sar, months=1, reason="again", told_on=date(2026, 7, 21)
        )


def test_an_extension_after_the_first_month_is_refused(family):
    with time_machine.travel(date(2026, 7, 14), tick=False):
        sar = log(family, received_on=date(2026, 7, 14))
    with (
        time_machine.travel(date(2026, 8, 17), tick=False),
        pytest.raises(ValidationError) as refused,
    ):
        services.sar_extend(
            user=family.dpo, sar=sar, months=1, reason="Complex", told_on=date(2026, 8, 14)
        )
    assert "within it" in str(refused.value)
    with time_machine.travel(date(2026, 8, 14), tick=False), pytest.raises(ValidationError):
        # Decided in time, but the requester was told before the request came.
        services.sar_extend(
            user=family.dpo, sar=sar, months=1, reason="Complex", told_on=date(2026, 7, 1)
        )
    sar.refresh_from_db()
    assert sar.extended_to is None


def test_a_released_pack_expires_and_leaves_the_request(family, settings):
    settings.SUBJECT_ACCESS_PACK_DAYS = 30
    with time_machine.travel(TODAY, tick=False):
        sar = services.sar_build(user=family.dpo, sar=log(family))
        review_all(family, sar)
        released, _password = services.sar_release(user=family.dpo, sar=sar, password_route="sms")
    assert released.pack_expires_on == TODAY + timedelta(days=30)
    name = released.pack.name
    assert services.sar_packs_expire(TODAY + timedelta(days=29)) == 0
    assert services.sar_packs_expire(TODAY + timedelta(days=30)) == 1
    released.refresh_from_db()
    assert (released.status, released.pack.name) == (SarStatus.EXPIRED, "")
    assert not SubjectAccessItem.objects.filter(sar=released).exists()
    assert not SubjectAccessItem.history.filter(sar_id=released.pk).exists()
    assert FileDeletion.objects.filter(name=name).exists()
    assert services.sar_packs_expire(TODAY + timedelta(days=31)) == 0


def test_releasing_twice_releases_once(family):
    with time_machine.travel(TODAY, tick=False):
        sar = services.sar_build(user=family.dpo, sar=log(family))
        review_all(family, sar)
        stale = SubjectAccessRequest.objects.get(pk=sar.pk)
        first, _ = services.sar_release(user=family.dpo, sar=sar, password_route="phone")
        with pytest.raises(ValidationError, match="released a moment ago"):
            services.sar_release(user=family.dpo, sar=stale, password_route="phone")
    assert SubjectAccessRequest.objects.get(pk=sar.pk).pack.name == first.pack.name


def test_packs_are_deleted_by_a_nightly_task_scheduled_in_the_database(family, settings):
    from django_celery_beat.models import PeriodicTask

    from retention.tasks import expire_subject_access_packs_task

    task = PeriodicTask.objects.get(task="retention.expire_subject_access_packs")
    assert task.enabled and (task.crontab.hour, task.crontab.minute) == ("3", "45")
    settings.SUBJECT_ACCESS_PACK_DAYS = 0
    with time_machine.travel(TODAY, tick=False):
        sar = services.sar_build(user=family.dpo, sar=log(family))
        review_all(family, sar)
        released, _password = services.sar_release(user=family.dpo, sar=sar, password_route="sms")
        storage, name = released.pack.storage, released.pack.name
        assert storage.exists(name)
        assert expire_subject_access_packs_task() == 1
    # Tasks run in-process here: the outbox was emptied after the expiry.
    assert not storage.exists(name)
    assert not FileDeletion.objects.filter(name=name).exists()


def test_a_decision_in_the_pack_gives_its_reasons_with_other_people_redacted(family):
    with time_machine.travel(TODAY, tick=False):
        sar = services.sar_build(user=family.dpo, sar=log(family))
    decision = sar.items.get(kind=ItemKind.DECISION, object_id=family.decision.pk)
    assert "Reasons: Strategy discussion under s47." in decision.text
    assert "Kent Police" in decision.text


def test_someone_the_register_holds_nothing_about_is_answered_to_say_so(family):
    with time_machine.travel(TODAY, tick=False):
        sar = services.sar_log(
            user=family.dpo,
            person=None,
            requester="Alex Other, 3 High Street",
            requester_is="subject",
            received_on=TODAY,
            identity_checked=True,
            identity_check="Driving licence, in person",
        )
        services.sar_build(user=family.dpo, sar=sar)
        review_all(family, sar)
        released, password = services.sar_release(user=family.dpo, sar=sar, password_route="phone")
    text, names = pdf_and_names(released, password)
    assert "holds no personal information about you" in text
    assert "Jamie" not in text
    assert names == [f"{released.reference}.pdf"]


def test_every_step_is_in_the_history_with_who_and_why(family):
    with time_machine.travel(TODAY, tick=False):
        sar = log(family, checked=False)
        services.sar_confirm_identity(user=family.dpo, sar=sar, how="Passport, in person")
        services.sar_extend(
            user=family.dpo, sar=sar, months=1, reason="Several requests", told_on=TODAY
        )
        services.sar_build(user=family.dpo, sar=sar)
        review_all(family, sar)
        services.sar_release(user=family.dpo, sar=sar, password_route="letter")
    reasons = [
        (h.history_user, h.history_change_reason.split(":")[0])
        for h in sar.history.order_by("history_id")
    ]
    assert reasons == [
        (family.dpo, "Subject access request logged"),
        (family.dpo, "Identity checked"),
        (family.dpo, "Extended by 1 month(s)"),
        (family.dpo, "Draft pack built"),
        (family.dpo, "Pack released"),
    ]
    item = sar.items.first()
    assert [h.history_change_reason for h in item.history.order_by("history_id")] == [
        "Drawn into the draft pack",
        "Included in the pack",
    ]
    # The history keeps who decided what, not the words of the pack.
    assert not hasattr(item.history.first(), "text")


def test_a_draft_packs_copies_of_a_disposed_case_go_with_the_case(family):
    from django.contrib.contenttypes.models import ContentType

    from cases.models import Case, ChronologyEntry
    from retention.services import review
    from retention.services.disposal import dispose_case
    from retention.services.sweep import retention_sweep

    with time_machine.travel(TODAY, tick=False):
        sar = services.sar_build(user=family.dpo, sar=log(family))
    entry_type = ContentType.objects.get_for_model(ChronologyEntry)
    copied_entries = sar.items.filter(content_type=entry_type)
    assert copied_entries.exists()
    released = log(family)  # a second request, answered: what was given is kept
    with time_machine.travel(TODAY, tick=False):
        released = services.sar_build(user=family.dpo, sar=released)
        review_all(family, released)
        released, _password = services.sar_release(
            user=family.dpo, sar=released, password_route="phone"
        )
    released_copies = released.items.count()

    # The case closed long ago, reviewed and approved for disposal.
    Case.objects.filter(pk=family.case.pk).update(status="closed", closed_on=date(2012, 1, 9))
    retention_sweep(TODAY)
    state = RetentionState.objects.get(
        content_type=ContentType.objects.get_for_model(Case), object_id=family.case.pk
    )
    review.states_approve_disposal(user=family.dpo, states=[state])
    certificate = dispose_case(family.case.pk)

    assert certificate is not None
    assert not ChronologyEntry.objects.filter(case_id=family.case.pk).exists()
    # The draft keeps no copy of what went; the released pack is unchanged.
    assert not copied_entries.exists()
    assert released.items.count() == released_copies
    assert certificate.rows_removed.get("retention.SubjectAccessItem", 0) > 0
