"""Secure disposal that leaves nothing behind but a certificate with no
personal data.

Disposal of a case removes, in one transaction: the decisions and disclosures
that concern it or its requests, its requests (events, documents, exports), its
participants and chronology, the people in no other case or request, every
history row of those, their object permissions, retention state and legal
holds, and every saved search. Its files are recorded in the same transaction
and deleted from storage after the commit (files.py), so a failed disposal
keeps them with their records and a killed one leaves them listed for
deletion. A repeated or crashed run disposes of nothing twice: the record's
approved state is claimed under a row lock first.

Approved records go in batches of one record type (``BATCH_SIZE``): what
each takes with it is read set-based (plan.py), removed a table at a time for
the whole batch with each row counted to its own record's certificate
(removal.py), and the deferred foreign keys checked once for the batch. A
batch is one transaction: all of it goes or none. If it fails, its records
are disposed of one by one, so one record that cannot go (something still
points at it) keeps only itself, and each record is still all or nothing."""

from itertools import groupby
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone

from cases.models import Case, Person
from cases.services import next_references
from cases.transfers.models import Transfer
from requests.models import Attachment, InformationRequest
from sharing.models import Agreement, Decision, Disclosure, SavedSearch, User

from ...models import DisposalCertificate, LegalHold, RetentionState, Status
from ...subject_access.models import SubjectAccessItem, SubjectAccessRequest
from ..files import file_deletions_record
from .plan import Plan, plan
from .removal import Ledger, remove, remove_where

# Records a batch: large enough that a table's DELETE serves many records,
# small enough that a batch's lists stay short and a failed batch costs
# little to redo one by one (docs/performance.md).
BATCH_SIZE = 100

# Parents first, as the per-record disposal always removed them (the foreign
# keys are deferred to the batch's check either way).
_REMOVAL_ORDER: tuple[type[Model], ...] = (
    Decision,
    InformationRequest,
    Attachment,
    Case,
    Agreement,
    Transfer,
    SubjectAccessRequest,
    # Last: a case's participants cascade first.
    Person,
)


def dispose_record(state_id: int) -> DisposalCertificate | None:
    """Dispose of one approved record, in one transaction. Returns its
    certificate, or None if it is not (or no longer) approved, or it or a
    record under it is held, or (a person) it is in use again."""
    return _dispose([state_id]).get(state_id)


def dispose_case(case_id: int) -> DisposalCertificate | None:
    state_id = (
        RetentionState.objects.filter(
            content_type=ContentType.objects.get_for_model(Case), object_id=case_id
        )
        .values_list("pk", flat=True)
        .first()
    )
    return None if state_id is None else dispose_record(state_id)


def dispose_approved(limit: int = 1000) -> int:
    """Dispose of approved records in batches of one record type, a
    transaction a batch (a Celery task runs this). Returns how many went."""
    approved = list(
        RetentionState.objects.filter(status=Status.APPROVED)
        .order_by("record_type", "pk")
        .values_list("record_type", "pk")[:limit]
    )
    done = 0
    for _, of_one_type in groupby(approved, key=lambda row: row[0]):
        ids = [pk for _, pk in of_one_type]
        for start in range(0, len(ids), BATCH_SIZE):
            batch = ids[start : start + BATCH_SIZE]
            try:
                done += len(_dispose(batch))
            except IntegrityError:
                if len(batch) == 1:
                    raise
                # Something still points at one of them: one by one, so the
                # others go and that one fails alone, as it would on its own.
                for state_id in batch:
                    done += len(_dispose([state_id]))
    return done


def _dispose(state_ids: list[int]) -> dict[int, DisposalCertificate]:
    """Dispose of these approved records (of one record type), all in one
    transaction. Returns each one disposed of with its certificate; those not
    approved, held or in use are left as they are."""
    with transaction.atomic():
        states = list(
            RetentionState.objects.select_for_update(of=("self",))
            .select_related("rule", "approved_by")
            .filter(pk__in=state_ids, status=Status.APPROVED, approved_by__isnull=False)
            .order_by("pk")
        )
        if not states:
            return {}
        if len({state.record_type for state in states}) > 1:
            raise ValueError("A batch of disposals is of one record type.")
        going = plan(states)
        if not going.roots:
            return {}
        ledger = Ledger()
        _remove_records(going, ledger)
        holds_removed = _remove_lifted_holds(going, ledger)
        _remove_other_states(going, ledger)
        _remove_draft_copies_of_what_went(ledger)
        # Saved searches hold names, dates of birth and NHS numbers typed
        # in the last 30 minutes. All of them go: matching the terms to
        # the people disposed of would miss misspelt or partial names
        # (searches are fuzzy), and a search is cheap to type again.
        SavedSearch.objects.all().delete()
        # Check the deferred foreign keys now, not at some outer commit: a
        # row elsewhere still pointing at a removed one stops this batch.
        connection.check_constraints()
        numbers = next_references("DC", timezone.localdate().year, len(going.roots))
        certificates = {
            root: DisposalCertificate(
                number=number,
                record_type=state.record_type,
                object_id=state.object_id,
                rule_name=state.rule.name,
                due_on=state.due_on,
                # Claimed only with an approver (approved_by__isnull=False).
                approved_by=cast(User, state.approved_by),
                approved_at=state.approved_at or timezone.now(),
                method=state.rule.disposal_method,
                rows_removed=ledger.counts.get(root, {}),
                files_removed=len(going.files.get(root, [])),
                holds_removed=holds_removed.get(root, 0),
                disclosures_removed=ledger.counts.get(root, {}).get(Disclosure._meta.label, 0),
            )
            for (root, state), number in zip(going.roots.items(), numbers, strict=True)
        }
        # No history on certificates (they are the history); saved together.
        DisposalCertificate.objects.bulk_create(certificates.values())
        remove(RetentionState, {root: root for root in going.roots}, Ledger())
        # The files are recorded here, in this transaction, and deleted by
        # the deletion task once it has committed (files.py).
        file_deletions_record(file for files in going.files.values() for file in files)
    return certificates


def _remove_records(going: Plan, ledger: Ledger) -> None:
    """Each table once for the batch, parents first: disclosures protect their
    decision; their items, a request's events, documents, exports and
    permissions, a case's chronology, participants, categories, break-glass
    records and permissions cascade."""
    remove_where(Disclosure, "decision_id", going.going.get(Decision, {}), ledger)
    for model in _REMOVAL_ORDER:
        remove(model, going.going.get(model, {}), ledger)
    missed = set(going.going) - set(_REMOVAL_ORDER)
    if missed:  # a record type added to the plan must be given its place here
        raise TypeError(f"No place in the order of removal for {missed}")


def _by_record(going: Plan) -> list[tuple[int, dict[int, int]]]:
    """(content type id, {record id: root}) for every kind of record going."""
    return [
        (ContentType.objects.get_for_model(model).pk, ids)
        for model, ids in going.going.items()
        if ids
    ]


def _remove_lifted_holds(going: Plan, ledger: Ledger) -> dict[int, int]:
    """Lifted holds go with their records, history and all: their reasons name
    families. The certificate keeps only how many there were."""
    holds: dict[int, int] = {}
    for content_type_id, ids in _by_record(going):
        for pk, object_id in LegalHold.objects.filter(
            content_type_id=content_type_id, object_id__in=list(ids)
        ).values_list("pk", "object_id"):
            if object_id is not None:
                holds[pk] = ids[object_id]
    remove(LegalHold, holds, ledger)
    counted: dict[int, int] = {}
    for root in holds.values():
        counted[root] = counted.get(root, 0) + 1
    return counted


def _remove_other_states(going: Plan, ledger: Ledger) -> None:
    """The retention states of what went with each record (its own goes once
    its certificate is written)."""
    states: dict[int, int] = {}
    for content_type_id, ids in _by_record(going):
        for pk, object_id in (
            RetentionState.objects.filter(content_type_id=content_type_id, object_id__in=list(ids))
            .exclude(pk__in=list(going.roots))
            .values_list("pk", "object_id")
        ):
            states[pk] = ids[object_id]
    remove(RetentionState, states, ledger)


def _remove_draft_copies_of_what_went(ledger: Ledger) -> None:
    """A subject access pack not yet released holds redacted copies of the
    records it drew on; a copy whose record has just been disposed of goes
    too, counted to the disposal that took the record, or the draft would
    keep what disposal removed. (A released pack is the record of what the
    person was given, kept under its own rule.) Drafts are few: a query per
    kind of record they copy."""
    drafts = SubjectAccessItem.objects.filter(
        sar__released_at__isnull=True, content_type__isnull=False, object_id__isnull=False
    )
    copies: dict[int, int] = {}
    for content_type_id in set(drafts.values_list("content_type_id", flat=True)):
        model: Any = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        label = model._meta.label
        for pk, object_id in drafts.filter(content_type_id=content_type_id).values_list(
            "pk", "object_id"
        ):
            root = ledger.taken.get((label, object_id))
            if root is not None:
                copies[pk] = root
    remove(SubjectAccessItem, copies, ledger)


__all__ = ["BATCH_SIZE", "dispose_approved", "dispose_case", "dispose_record"]
