"""Secure disposal that leaves nothing behind but a certificate with no
personal data.

Disposal of a case removes, in one transaction: the decisions and disclosures
that concern it or its requests, its requests (events, documents, exports), its
participants and chronology, the people in no other case or request, every
history row of those, their object permissions, retention state and legal
holds, and every saved search. Its files are recorded in the same transaction
and deleted from storage after the commit (files.py), so a failed disposal
keeps them with their records and a killed one leaves them listed for
deletion. A repeated or crashed run disposes of nothing twice:
the record's approved state is claimed under a row lock first."""

import functools
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import CASCADE, DO_NOTHING, PROTECT, RESTRICT, SET_NULL, Q
from django.db.models.deletion import get_candidate_relations_to_delete
from django.utils import timezone

from cases.models import Case, CaseParticipant, Person
from cases.services import next_reference
from cases.transfers.models import Transfer, TransferItem
from requests.models import Attachment, InformationRequest, SecureExport
from sharing.models import Agreement, Decision, Disclosure, PendingAnswerDocument, SavedSearch

from .. import holds
from ..models import DisposalCertificate, LegalHold, RecordType, RetentionState, Status
from ..subject_access.models import SubjectAccessItem, SubjectAccessRequest
from .files import file_deletions_record


def _held(state: RetentionState) -> bool:
    return LegalHold.objects.filter(
        content_type_id=state.content_type_id, object_id=state.object_id, lifted_at__isnull=True
    ).exists()


@functools.cache
def _dependants(model: type[models.Model]) -> tuple[list[Any], Any]:
    """The reverse relations whose rows go (CASCADE) or let go (SET_NULL)
    when a row of ``model`` is removed, and its history model (or None)."""
    relations: list[Any] = [
        relation
        for relation in get_candidate_relations_to_delete(model._meta)
        # PROTECT and RESTRICT are left to the database: see _remove.
        if relation.field.remote_field.on_delete not in (DO_NOTHING, PROTECT, RESTRICT)  # type: ignore[attr-defined]
    ]
    history = getattr(model, "history", None)
    return relations, (history.model if history is not None else None)


def _remove(model: type[models.Model], ids: list[Any], counts: dict[str, int]) -> None:
    """Delete rows, everything that cascades from them and their history rows,
    a statement per table, counting each table.

    Not ``QuerySet.delete()``: simple-history's cascade_delete_history listens
    for post_delete on these models, which stops Django's collector from
    deleting in bulk, so it fetched and signalled row by row, a query or more
    per row (docs/performance.md). Here each table is one DELETE ... RETURNING,
    parents first: the database's foreign keys are deferred to the end of the
    transaction, and checked before the disposal's transaction ends, so PROTECT
    and RESTRICT references are left to them: a row still pointing at a removed
    one fails the whole disposal and nothing is lost."""
    _remove_where(model, model._meta.pk.column, ids, counts)


def _remove_where(model: Any, column: str, values: list[Any], counts: dict[str, int]) -> None:
    if not values:
        return
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(column)} IN ({marks}) "  # noqa: S608 - names from models
            f"RETURNING {quote(model._meta.pk.column)}",
            values,
        )
        ids = [row[0] for row in cursor.fetchall()]
    if not ids:
        return
    counts[model._meta.label] = counts.get(model._meta.label, 0) + len(ids)
    relations, history = _dependants(model)
    for relation in relations:
        field = relation.field
        if field.remote_field.on_delete is CASCADE:
            _remove_where(relation.related_model, field.column, ids, counts)
        elif field.remote_field.on_delete is SET_NULL:
            relation.related_model._base_manager.filter(**{f"{field.attname}__in": ids}).update(
                **{field.attname: None}
            )
        else:  # SET_DEFAULT, SET(): no model of the register uses them; a new one
            # must be handled here before disposal can remove what points at it.
            raise TypeError(f"{relation} uses {field.remote_field.on_delete}")
    if history is not None:  # history rows carry the record's id
        _remove_where(history, "id", ids, counts)


def _ids(queryset: Any) -> list[Any]:
    return list(queryset.order_by().values_list("pk", flat=True))


def _orphans(person_ids: set[int], case_ids: list[int], request_ids: list[int]) -> list[int]:
    """The people among ``person_ids`` in no case or request outside those going."""
    kept = set(
        CaseParticipant.objects.filter(person_id__in=person_ids)
        .exclude(case_id__in=case_ids)
        .values_list("person_id", flat=True)
    ) | set(
        InformationRequest.subjects.through.objects.filter(person_id__in=person_ids)
        .exclude(informationrequest_id__in=request_ids)
        .values_list("person_id", flat=True)
    )
    return sorted(person_ids - kept)


def _remove_requests_and_decisions(
    request_ids: list[int], decision_ids: list[int], counts: dict[str, int], files: list[Any]
) -> list[int]:
    """Returns the ids of the documents that went (they may have states of their own)."""
    attachment_ids = []
    for attachment in Attachment.objects.filter(request_id__in=request_ids):
        files.append((attachment.file.storage, attachment.file.name))
        attachment_ids.append(attachment.pk)
    for export in SecureExport.objects.filter(request_id__in=request_ids):
        files.append((export.file.storage, export.file.name))
    # Documents of an answer that waited for sign-off go with its decision and request.
    for document in PendingAnswerDocument.objects.filter(
        Q(pending_answer__request_id__in=request_ids)
        | Q(pending_answer__decision_id__in=decision_ids)
    ):
        files.append((document.file.storage, document.file.name))
    # Disclosures protect their decision; their items, a request's events,
    # documents, exports and permissions cascade.
    _remove_where(Disclosure, "decision_id", decision_ids, counts)
    _remove(Decision, decision_ids, counts)
    _remove(InformationRequest, request_ids, counts)
    return attachment_ids


def _remove_case(
    case_id: int, counts: dict[str, int], files: list[Any]
) -> list[tuple[type, list[int]]]:
    """A case with its requests, decisions, chronology, participants and the
    people in nothing else. Returns the records whose retention state goes too."""
    request_ids = _ids(InformationRequest.objects.filter(case_id=case_id))
    decision_ids = _ids(Decision.objects.filter(Q(case_id=case_id) | Q(request_id__in=request_ids)))
    person_ids = set(
        CaseParticipant.objects.filter(case_id=case_id).values_list("person_id", flat=True)
    )
    person_ids |= set(
        InformationRequest.subjects.through.objects.filter(
            informationrequest_id__in=request_ids
        ).values_list("person_id", flat=True)
    )
    going_people = _orphans(person_ids, [case_id], request_ids)
    attachment_ids = _remove_requests_and_decisions(request_ids, decision_ids, counts, files)
    # Chronology, participants, categories, break-glass records and permissions cascade.
    _remove(Case, [case_id], counts)
    _remove(Person, going_people, counts)
    return [
        (Case, [case_id]),
        (InformationRequest, request_ids),
        (Decision, decision_ids),
        (Attachment, attachment_ids),
        (Person, going_people),
    ]


def _remove_request(
    request_id: int, counts: dict[str, int], files: list[Any]
) -> list[tuple[type, list[int]]]:
    """A request with its decisions, documents and exports, and subjects in nothing else."""
    decision_ids = _ids(Decision.objects.filter(request_id=request_id))
    person_ids = set(
        InformationRequest.subjects.through.objects.filter(
            informationrequest_id=request_id
        ).values_list("person_id", flat=True)
    )
    # People in no case and no other request have no purpose left in the register.
    going_people = _orphans(person_ids, [], [request_id])
    attachment_ids = _remove_requests_and_decisions([request_id], decision_ids, counts, files)
    _remove(Person, going_people, counts)
    return [
        (InformationRequest, [request_id]),
        (Decision, decision_ids),
        (Attachment, attachment_ids),
        (Person, going_people),
    ]


def _remove_agreement(
    agreement_id: int, counts: dict[str, int], files: list[Any]
) -> list[tuple[type, list[int]]]:
    agreement = Agreement.objects.filter(pk=agreement_id).first()
    if agreement is not None and agreement.document:
        files.append((agreement.document.storage, agreement.document.name))
    _remove(Agreement, [agreement_id], counts)
    return [(Agreement, [agreement_id])]


def _remove_decision(
    decision_id: int, counts: dict[str, int], files: list[Any]
) -> list[tuple[type, list[int]]]:
    _remove_requests_and_decisions([], [decision_id], counts, files)
    return [(Decision, [decision_id])]


def _remove_attachment(
    attachment_id: int, counts: dict[str, int], files: list[Any]
) -> list[tuple[type, list[int]]]:
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is not None:
        files.append((attachment.file.storage, attachment.file.name))
    _remove(Attachment, [attachment_id], counts)
    return [(Attachment, [attachment_id])]


def _remove_person(
    person_id: int, counts: dict[str, int], files: list[Any]
) -> list[tuple[type, list[int]]]:
    """A person in no case and no request (checked again here: one added to a
    case since is kept, and the disposal refused)."""
    if _orphans({person_id}, [], []) != [person_id]:
        raise _InUse
    _remove(Person, [person_id], counts)
    return [(Person, [person_id])]


def _remove_transfer(
    transfer_id: int, counts: dict[str, int], files: list[Any]
) -> list[tuple[type, list[int]]]:
    """A transfer with what it carried (items and their document copies), its
    encrypted pack and its receipt link (the token's hash is on its row). The
    case it was sent from, and the receiver's case, stay: they have rules of their own."""
    transfer = Transfer.objects.filter(pk=transfer_id).first()
    if transfer is not None and transfer.pack:
        files.append((transfer.pack.storage, transfer.pack.name))
    for item in TransferItem.objects.filter(transfer_id=transfer_id).exclude(file=""):
        files.append((item.file.storage, item.file.name))
    # Items and the list of colleagues it was shared with cascade.
    _remove(Transfer, [transfer_id], counts)
    return [(Transfer, [transfer_id])]


def _remove_sar(
    sar_id: int, counts: dict[str, int], files: list[Any]
) -> list[tuple[type, list[int]]]:
    """A subject access request with its items and its pack (if not expired yet)."""
    sar = SubjectAccessRequest.objects.filter(pk=sar_id).first()
    if sar is not None and sar.pack:
        files.append((sar.pack.storage, sar.pack.name))
    _remove(SubjectAccessRequest, [sar_id], counts)
    return [(SubjectAccessRequest, [sar_id])]


REMOVERS = {
    RecordType.CASE: _remove_case,
    RecordType.REQUEST: _remove_request,
    RecordType.AGREEMENT: _remove_agreement,
    RecordType.DECISION: _remove_decision,
    RecordType.ATTACHMENT: _remove_attachment,
    RecordType.PERSON: _remove_person,
    RecordType.TRANSFER: _remove_transfer,
    RecordType.SAR: _remove_sar,
}


def _remove_draft_copies_of_what_went(counts: dict[str, int]) -> None:
    """A subject access pack not yet released holds redacted copies of the
    records it drew on; a copy whose record has just been disposed of goes too,
    or the draft would keep what disposal removed. (A released pack is the
    record of what the person was given, kept under its own rule.) Drafts are
    few, so this is a query per kind of record they copy."""
    drafts = SubjectAccessItem.objects.filter(
        sar__released_at__isnull=True, content_type__isnull=False, object_id__isnull=False
    )
    for content_type_id in set(drafts.values_list("content_type_id", flat=True)):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        copies = drafts.filter(content_type_id=content_type_id)
        copied = set(copies.values_list("object_id", flat=True))
        still_held = set(model._default_manager.filter(pk__in=copied).values_list("pk", flat=True))
        if copied - still_held:
            _remove(
                SubjectAccessItem, _ids(copies.filter(object_id__in=copied - still_held)), counts
            )


class _HeldWithin(Exception):
    """A record going with this one is under legal hold: undo the disposal."""


class _InUse(Exception):
    """The record is in use again (a person added to a case): keep it."""


def _holds_of(gone: list[tuple[type, list[int]]]) -> tuple[list[int], bool]:
    """The legal holds on the records going, lifted or not, and whether any stands."""
    hold_ids: list[int] = []
    standing = False
    for model, ids in gone:
        content_type = ContentType.objects.get_for_model(model)
        for pk, lifted_at in LegalHold.objects.filter(
            content_type=content_type, object_id__in=ids
        ).values_list("pk", "lifted_at"):
            hold_ids.append(pk)
            standing = standing or lifted_at is None
    return hold_ids, standing


def dispose_record(state_id: int) -> DisposalCertificate | None:
    """Dispose of one approved record, in one transaction. Returns its
    certificate, or None if it is not (or no longer) approved, or it or a
    record under it is held."""
    files: list[tuple[Any, str]] = []
    try:
        with transaction.atomic():
            state = (
                RetentionState.objects.select_for_update(of=("self",))
                .select_related("rule", "approved_by")
                .filter(pk=state_id, status=Status.APPROVED)
                .first()
            )
            if state is None or state.approved_by is None or _held(state):
                return None
            # A hold on the case, its category or organisation, or on anything
            # in or under it (a request of the case, say): nothing goes.
            if holds.held_within(state.record_type, state.object_id):
                return None
            counts: dict[str, int] = {}
            gone = REMOVERS[RecordType(state.record_type)](state.object_id, counts, files)
            hold_ids, standing = _holds_of(gone)
            if standing:  # a request of the case, say, held on its own
                raise _HeldWithin
            # Lifted holds go with the record, history and all: their reasons
            # name families. The certificate keeps only how many there were.
            _remove(LegalHold, hold_ids, counts)
            for model, ids in gone:
                content_type = ContentType.objects.get_for_model(model)
                states = RetentionState.objects.filter(content_type=content_type, object_id__in=ids)
                _remove(RetentionState, _ids(states.exclude(pk=state.pk)), counts)
            _remove_draft_copies_of_what_went(counts)
            # Saved searches hold names, dates of birth and NHS numbers typed
            # in the last 30 minutes. All of them go: matching the terms to
            # the people disposed of would miss misspelt or partial names
            # (searches are fuzzy), and a search is cheap to type again.
            SavedSearch.objects.all().delete()
            # Check the deferred foreign keys now, not at some outer commit: a
            # row elsewhere still pointing at a removed one stops this disposal.
            connection.check_constraints()
            certificate = DisposalCertificate.objects.create(
                number=next_reference("DC", timezone.localdate().year),
                record_type=state.record_type,
                object_id=state.object_id,
                rule_name=state.rule.name,
                due_on=state.due_on,
                approved_by=state.approved_by,
                approved_at=state.approved_at or timezone.now(),
                method=state.rule.disposal_method,
                rows_removed=counts,
                files_removed=len(files),
                holds_removed=len(hold_ids),
                disclosures_removed=counts.get(Disclosure._meta.label, 0),
            )
            _remove(RetentionState, [state.pk], {})
            # The files are recorded here, in this transaction, and deleted
            # by the deletion task once it has committed (files.py).
            file_deletions_record(files)
    except (_HeldWithin, _InUse):
        return None
    return certificate


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
    """Dispose of approved records, one transaction each (a Celery task runs this)."""
    ids = list(
        RetentionState.objects.filter(status=Status.APPROVED)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for state_id in ids if dispose_record(state_id) is not None)
