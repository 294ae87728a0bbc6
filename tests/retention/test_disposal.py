"""Disposal leaves nothing behind but a certificate with no personal data."""

import io
import os
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, Person
from requests import services as request_services
from requests.models import Outcome
from retention.models import DisposalCertificate, FileDeletion, LegalHold, RetentionState, Status
from retention.services import disposal, retention_sweep, review
from retention.tasks import delete_files_task, dispose_approved_task
from sharing.decisions import services as decision_services
from sharing.models import Disclosure, SavedSearch
from sharing.roles import Role
from tests.cases.factories import PersonFactory
from tests.requests.factories import World, answer
from tests.sharing.decisions.builders import decision_fields
from tests.sharing.factories import UserFactory

pytestmark = pytest.mark.django_db

NAME, BORN = "Zebedee", date(2011, 7, 23)
NHS = "9434765919"


@pytest.fixture
def world():
    return World()


@pytest.fixture
def dpo(world):
    return UserFactory(organisation=world.partnership, roles=[Role.DPO])


def _full_case(world, django_capture_on_commit_callbacks):
    child = PersonFactory(
        owning_team=world.team, first_name=NAME, last_name="Quarrington", date_of_birth=BORN
    )
    case = case_services.case_open(
        user=world.worker,
        team=world.team,
        child=child,
        summary=f"{NAME} missed school.",
        reason="r",
        opened_on=date(2019, 1, 7),
    )
    case_services.chronology_add(
        user=world.worker,
        case=case,
        reason="r",
        occurred_on=date(2019, 1, 8),
        kind="concern",
        information_status="fact",
        text=f"{NAME} seen with bruising.",
    )
    request = world.s14b_to(
        world.school_a, world.scpo_a, case=case, subjects=[child], started_on=date(2026, 11, 16)
    )
    answer(
        user=world.scpo_a,
        request=request,
        outcome=Outcome.SHARED,
        response_status="fact",
        response_text=f"{NAME} attendance attached.",
        files=[SimpleUploadedFile(f"{NAME}.pdf", b"%PDF attendance")],
    )
    decision = decision_services.decision_record(
        user=world.worker, case=case, **decision_fields(rationale=f"About {NAME}.")
    )
    decision_services.disclosure_record(
        user=world.worker,
        decision=decision,
        recipient_organisation=world.police,
        shared_on=date(2026, 11, 16),
        channel="telephone",
        items=[(f"{NAME}'s address", "fact")],
    )
    case_services.case_close(
        user=world.worker, case=case, closed_on=date(2019, 3, 1), reason="Closed"
    )
    return case, child, request.attachments.get()


def _approve(case, dpo):
    retention_sweep(date(2026, 11, 21))
    state = RetentionState.objects.get(
        content_type=ContentType.objects.get_for_model(Case), object_id=case.pk
    )
    assert state.status == Status.DUE_REVIEW
    review.states_approve_disposal(user=dpo, states=[state])
    return state


def _dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def _private_files() -> set[str]:
    storage = storages["private"]

    def walk(folder: str) -> list[str]:
        folders, files = storage.listdir(folder)
        found = [f"{folder}/{name}".lstrip("/") for name in files]
        for sub in folders:
            found += walk(f"{folder}/{sub}".lstrip("/"))
        return found

    return set(walk("")) if storage.exists("") else set()


def _sessions_text() -> str:
    """Every session's contents, decoded: dumpdata shows them only encoded."""
    return " ".join(str(session.get_decoded()) for session in Session.objects.all())


def test_after_disposal_nothing_anywhere_holds_the_childs_name_birth_date_or_nhs_number(
    world, dpo, django_capture_on_commit_callbacks, verified_client
):
    files_before = _private_files()
    case, child, attachment = _full_case(world, django_capture_on_commit_callbacks)
    Person.objects.filter(pk=child.pk).update(nhs_number=NHS)
    path = attachment.file.path
    # A worker looked the child up by name and date of birth, and by NHS number.
    worker = verified_client(world.worker)
    for terms in ({"q": NAME, "date_of_birth": BORN.isoformat()}, {"q": "943 476 5919"}):
        worker.post(reverse("cases:person_search"), {"search": "1", **terms})
    assert SavedSearch.objects.filter(user=world.worker).count() == 2
    # Another worker's search, kept for them in the same way.
    SavedSearch.objects.create(
        user=world.scpo_a,
        token="t" * 32,
        terms={"q": f"{NAME} Quarrington", "nhs_number": NHS},
        expires_at=timezone.now() + timedelta(minutes=30),
    )
    # A hold placed and lifted, its reasons naming the family.
    held = review.hold_place(user=dpo, record=case, reason="Quarrington family: litigation")
    review.hold_lift(user=dpo, hold=held, reason="Quarrington claim settled")
    _approve(case, dpo)
    before = _dump()
    assert NAME in before and NHS in before and "Quarrington family" in before
    assert _private_files() - files_before

    certificate = disposal.dispose_case(case.pk)
    delete_files_task()

    dump = _dump()
    for personal in (NAME, "Quarrington", BORN.isoformat(), BORN.strftime("%d/%m/%Y"), NHS):
        assert personal not in dump
        assert personal not in _sessions_text()
    assert not SavedSearch.objects.exists()
    assert not LegalHold.objects.exists() and not LegalHold.history.exists()
    assert not FileDeletion.objects.exists()
    assert _private_files() == files_before  # no file left behind
    assert not os.path.exists(path)
    assert certificate.files_removed == 1 and certificate.holds_removed == 1
    # What was disclosed about the child went with their records; the
    # certificate says how many disclosures were removed: the school's answer
    # (made under its own decision) and the unit's call to the police.
    assert certificate.disclosures_removed == 2
    assert not Disclosure.objects.exists()
    assert certificate.rows_removed["cases.Case"] == 1
    certificate_text = str(DisposalCertificate.objects.filter(pk=certificate.pk).values().get())
    assert NAME not in certificate_text and case.reference not in certificate_text


def test_a_disposal_committed_without_the_deletion_task_leaves_its_files_listed_for_deletion(
    world, dpo, django_capture_on_commit_callbacks
):
    """As if the process were killed between the commit and the deletion."""
    case, _child, attachment = _full_case(world, django_capture_on_commit_callbacks)
    path = attachment.file.path
    _approve(case, dpo)

    disposal.dispose_case(case.pk)  # committed; no task has run

    assert os.path.exists(path)
    pending = FileDeletion.objects.get()
    assert (pending.storage, pending.name, pending.attempts) == (
        "private",
        attachment.file.name,
        0,
    )

    assert delete_files_task() == {"deleted": 1, "failed": 0}
    assert not os.path.exists(path) and not FileDeletion.objects.exists()


def test_a_storage_error_keeps_the_file_listed_and_counts_the_attempt(
    world, dpo, django_capture_on_commit_callbacks, monkeypatch
):
    case, _child, attachment = _full_case(world, django_capture_on_commit_callbacks)
    path = attachment.file.path
    _approve(case, dpo)
    disposal.dispose_case(case.pk)
    storage_class = type(storages["private"])

    def broken(self, name):
        raise OSError(f"cannot delete {name}")

    monkeypatch.setattr(storage_class, "delete", broken)
    assert delete_files_task() == {"deleted": 0, "failed": 1}
    assert delete_files_task() == {"deleted": 0, "failed": 1}
    pending = FileDeletion.objects.get()
    # The error's kind only: its message carries the file's path.
    assert (pending.attempts, pending.last_error) == (2, "OSError")
    assert os.path.exists(path)

    monkeypatch.undo()
    assert delete_files_task() == {"deleted": 1, "failed": 0}
    assert not os.path.exists(path) and not FileDeletion.objects.exists()


def test_a_record_whose_request_is_held_on_its_own_is_not_disposed_of(
    world, dpo, django_capture_on_commit_callbacks
):
    case, _child, attachment = _full_case(world, django_capture_on_commit_callbacks)
    _approve(case, dpo)
    review.hold_place(user=dpo, record=attachment.request, reason="Inquiry into the request")
    assert disposal.dispose_case(case.pk) is None
    assert Case.objects.filter(pk=case.pk).exists()
    assert not FileDeletion.objects.exists() and not DisposalCertificate.objects.exists()


def test_a_repeated_disposal_run_deletes_nothing_twice(
    world, dpo, django_capture_on_commit_callbacks
):
    case, _child, _ = _full_case(world, django_capture_on_commit_callbacks)
    _approve(case, dpo)
    assert disposal.dispose_approved() == 1
    assert disposal.dispose_approved() == 0
    assert DisposalCertificate.objects.count() == 1


def test_a_person_in_another_live_case_is_kept(world, dpo, django_capture_on_commit_callbacks):
    case, child, _ = _full_case(world, django_capture_on_commit_callbacks)
    other = case_services.case_open(
        user=world.worker,
        team=world.team,
        child=child,
        summary="Sibling",
        reason="r",
        opened_on=date(2026, 1, 5),
    )
    _approve(case, dpo)
    disposal.dispose_case(case.pk)
    assert Person.objects.filter(pk=child.pk).exists()
    assert Case.objects.filter(pk=other.pk).exists()


def test_a_held_record_is_not_approved_or_disposed_of(
    world, dpo, django_capture_on_commit_callbacks
):
    case, _child, _ = _full_case(world, django_capture_on_commit_callbacks)
    retention_sweep(date(2026, 11, 21))
    state = RetentionState.objects.get(object_id=case.pk, record_type="case")
    review.hold_place(user=dpo, record=case, reason="Practice review")
    with pytest.raises(ValidationError, match="legal hold"):
        review.states_approve_disposal(user=dpo, states=[state])
    assert disposal.dispose_case(case.pk) is None
    assert Case.objects.filter(pk=case.pk).exists()


def test_only_the_dpo_decides_and_retention_needs_a_review_date_in_range(
    world, dpo, django_capture_on_commit_callbacks
):
    from django.core.exceptions import PermissionDenied

    case, _child, _ = _full_case(world, django_capture_on_commit_callbacks)
    retention_sweep(date(2026, 11, 21))
    state = RetentionState.objects.get(object_id=case.pk, record_type="case")
    with pytest.raises(PermissionDenied):
        review.states_approve_disposal(user=world.worker, states=[state])
    with pytest.raises(ValidationError, match="within 24 months"):
        review.state_retain(
            user=dpo, state=state, reason="Sibling open", next_review_on=date(2030, 1, 1)
        )
    review.state_retain(
        user=dpo, state=state, reason="Sibling open", next_review_on=date(2027, 6, 1)
    )
    state.refresh_from_db()
    assert state.status == Status.RETAINED


def test_an_approved_request_on_its_own_is_disposed_of_with_its_documents(
    world, dpo, django_capture_on_commit_callbacks
):
    request = world.incoming_s47(started_on=date(2022, 5, 1))
    answer(
        user=world.worker,
        request=request,
        outcome=Outcome.SHARED,
        response_status="fact",
        response_text="Answer",
        files=[SimpleUploadedFile("note.pdf", b"%PDF x")],
    )
    request_services.request_close(
        user=world.worker,
        request=request,
        feedback="",
        used_for="The strategy discussion on 24 November.",
        no_feedback_reason="The officer who asked attended the strategy discussion.",
    )
    from requests.models import InformationRequest

    InformationRequest.objects.filter(pk=request.pk).update(closed_at="2022-06-01T10:00Z")
    path = request.attachments.get().file.path
    retention_sweep(date(2028, 6, 2))
    state = RetentionState.objects.get(record_type="request", object_id=request.pk)
    review.states_approve_disposal(user=dpo, states=[state])

    assert dispose_approved_task() == 1  # then deletes the files it committed

    assert not InformationRequest.objects.filter(pk=request.pk).exists()
    assert not InformationRequest.history.filter(id=request.pk).exists()
    assert not os.path.exists(path)
    # The child was in nothing else: nothing is kept about them.
    assert not Person.objects.filter(pk=world.child.pk).exists()
    assert DisposalCertificate.objects.get().record_type == "request"


def test_a_rule_for_documents_disposes_of_them_and_keeps_the_request(
    world, dpo, django_capture_on_commit_callbacks
):
    from requests.models import Attachment, InformationRequest
    from retention.models import RetentionRule

    RetentionRule.objects.create(
        name="Documents: dispose two years after upload",
        record_type="attachment",
        trigger="created",
        period_months=24,
        action="dispose",
        priority=1,  # before the seeded rules for a school's documents
    )
    request = world.s14b_to(world.school_a, world.scpo_a)
    answer(
        user=world.scpo_a,
        request=request,
        outcome=Outcome.SHARED,
        response_status="fact",
        response_text="x",
        files=[SimpleUploadedFile("a.pdf", b"%PDF a")],
    )
    attachment = request.attachments.get()
    path = attachment.file.path
    retention_sweep(date(2028, 12, 1))
    state = RetentionState.objects.get(record_type="attachment", object_id=attachment.pk)
    assert state.status == Status.DUE_DISPOSAL
    review.states_approve_disposal(user=dpo, states=[state])
    dispose_approved_task()
    assert not Attachment.objects.filter(pk=attachment.pk).exists() and not os.path.exists(path)
    assert InformationRequest.objects.filter(pk=request.pk).exists()


def _chronology(world, case, entries):
    for day in range(entries):
        case_services.chronology_add(
            user=world.worker,
            case=case,
            reason="r",
            occurred_on=date(2019, 1, 9 + day),
            kind="concern",
            information_status="fact",
            text="Seen at school.",
        )


def test_disposing_of_a_case_costs_the_same_queries_however_much_it_holds(
    world, dpo, django_capture_on_commit_callbacks
):
    """Set-based removal: a statement per table, not per row (complexity pin)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small, _child, _ = _full_case(world, django_capture_on_commit_callbacks)
    large, _child, _ = _full_case(world, django_capture_on_commit_callbacks)
    _chronology(world, large, 12)
    for _ in range(4):
        case_services.participant_add(
            user=world.worker,
            case=large,
            person=PersonFactory(owning_team=world.team),
            role="other",
            reason="r",
        )
    retention_sweep(date(2026, 11, 21))
    states = RetentionState.objects.filter(record_type="case")
    review.states_approve_disposal(user=dpo, states=list(states))

    case_services.next_reference("DC", 2026)  # the first certificate creates the counter
    counted = []
    for case in (small, large):
        with CaptureQueriesContext(connection) as queries:
            certificate = disposal.dispose_case(case.pk)
        counted.append(len(queries))
        assert not Case.objects.filter(pk=case.pk).exists()
    # Its own entry, the disclosure's and the twelve added.
    assert certificate.rows_removed["cases.ChronologyEntry"] == 14
    assert counted[0] == counted[1]


def test_a_disposal_that_would_leave_a_dangling_record_removes_nothing(
    world, dpo, django_capture_on_commit_callbacks
):
    """A record outside the case still pointing at one of its rows: the
    database refuses, the whole disposal is undone and the case is kept."""
    from django.db import IntegrityError

    from sharing.models import Decision

    case, child, _ = _full_case(world, django_capture_on_commit_callbacks)
    _approve(case, dpo)
    of_case = Decision.objects.get(case=case)
    elsewhere = decision_services.decision_record(
        user=world.worker, **decision_fields(rationale="A standalone decision.")
    )
    Decision.objects.filter(pk=elsewhere.pk).update(supersedes=of_case)

    with pytest.raises(IntegrityError):
        disposal.dispose_case(case.pk)

    assert Case.objects.filter(pk=case.pk).exists()
    assert Person.objects.filter(pk=child.pk).exists()
    assert Decision.objects.filter(pk=of_case.pk).exists()
    assert RetentionState.objects.get(record_type="case", object_id=case.pk).status == (
        Status.APPROVED
    )
    assert not DisposalCertificate.objects.exists()
