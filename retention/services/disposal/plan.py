"""What a batch of disposals would take with it, read set-based before
anything is removed: for each approved record (a root, by its retention
state's id) the records in and under it, the people in nothing else, and
the files; and which roots must not go at all, because something they would
take is under a legal hold, or (a person) is in use again.

A few queries a batch, whatever its size: the per-record answer
(holds.held_within, asked record by record) cost a dozen queries a case
(docs/performance.md)."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q

from cases.models import Case, CaseParticipant, Person
from cases.transfers.models import Transfer, TransferItem
from requests.models import Attachment, InformationRequest, SecureExport
from sharing.models import Agreement, Decision, PendingAnswerDocument

from ... import holds
from ...models import RecordType, RetentionState
from ...subject_access.models import SubjectAccessRequest

File = tuple[Any, str]  # (storage, name)


class _Owners:
    """Records of one model, each with the roots that would take it (a
    decision can sit under two cases: one's, about a request of another's)."""

    def __init__(self) -> None:
        self.by_id: dict[int, set[int]] = {}

    def add(self, pk: int | None, root: int | None) -> None:
        if pk is not None and root is not None:
            self.by_id.setdefault(pk, set()).add(root)

    def alive(self, roots: set[int]) -> dict[int, int]:
        """Each record taken by a root still going, mapped to one of them."""
        found = {}
        for pk, owners in self.by_id.items():
            going = owners & roots
            if going:
                found[pk] = min(going)
        return found


@dataclass
class Plan:
    roots: dict[int, RetentionState]
    # What goes, by model: {record id: the root that takes it}.
    going: dict[type[Model], dict[int, int]] = field(default_factory=dict)
    files: dict[int, list[File]] = field(default_factory=dict)


def plan(states: list[RetentionState]) -> Plan:
    """What each of ``states`` (approved, claimed, of one record type) takes
    with it, leaving out the roots held or in use."""
    record_type = RecordType(states[0].record_type)
    own = {state.object_id: state.pk for state in states}
    model = holds.MODELS[record_type]
    owners: dict[type[Model], _Owners] = {m: _Owners() for m in holds.MODELS.values()}
    for object_id, root in own.items():
        owners[model].add(object_id, root)
    files: list[tuple[int, File]] = []
    # Not removed, but a root with one under a hold does not go (a case's
    # transfers: their file as sent on keeps a rule of its own).
    held_only: dict[str, _Owners] = {RecordType.TRANSFER: _Owners()}
    # People who go if they are in nothing that stays: (person, root).
    candidates: list[tuple[int, int]] = []

    request_root: dict[int, int] = {}
    if record_type == RecordType.CASE:
        for pk, case_id in InformationRequest.objects.filter(case_id__in=own).values_list(
            "pk", "case_id"
        ):
            request_root[pk] = own[case_id]
        for pk, case_id in Transfer.objects.filter(case_id__in=own).values_list("pk", "case_id"):
            held_only[RecordType.TRANSFER].add(pk, own[case_id])
        candidates += [
            (person_id, own[case_id])
            for person_id, case_id in CaseParticipant.objects.filter(case_id__in=own).values_list(
                "person_id", "case_id"
            )
        ]
    elif record_type == RecordType.REQUEST:
        request_root = dict(own)
    if record_type in (RecordType.CASE, RecordType.REQUEST):
        for pk in request_root:
            owners[InformationRequest].add(pk, request_root[pk])
        # A case's own decisions and its requests' (a request's: its own).
        decisions = Q(request_id__in=list(request_root))
        if record_type == RecordType.CASE:
            decisions |= Q(case_id__in=list(own))
        for pk, case_id, request_id in Decision.objects.filter(decisions).values_list(
            "pk", "case_id", "request_id"
        ):
            if record_type == RecordType.CASE:
                owners[Decision].add(pk, own.get(case_id))
            owners[Decision].add(pk, request_root.get(request_id))
        for attachment in Attachment.objects.filter(request_id__in=request_root).only(
            "pk", "request_id", "file"
        ):
            owners[Attachment].add(attachment.pk, request_root[attachment.request_id])
            files.append((request_root[attachment.request_id], _file(attachment.file)))
        for export in SecureExport.objects.filter(request_id__in=request_root).only(
            "pk", "request_id", "file"
        ):
            files.append((request_root[export.request_id], _file(export.file)))
        candidates += [
            (person_id, request_root[request_id])
            for person_id, request_id in InformationRequest.subjects.through.objects.filter(
                informationrequest_id__in=request_root
            ).values_list("person_id", "informationrequest_id")
        ]
    elif record_type == RecordType.PERSON:
        candidates += list(own.items())
    elif record_type == RecordType.ATTACHMENT:
        for attachment in Attachment.objects.filter(pk__in=own).only("pk", "file"):
            files.append((own[attachment.pk], _file(attachment.file)))
    elif record_type == RecordType.AGREEMENT:
        for agreement in Agreement.objects.filter(pk__in=own).only("pk", "document"):
            if agreement.document:
                files.append((own[agreement.pk], _file(agreement.document)))
    elif record_type == RecordType.TRANSFER:
        for transfer in Transfer.objects.filter(pk__in=own).only("pk", "pack"):
            if transfer.pack:
                files.append((own[transfer.pk], _file(transfer.pack)))
        for item in TransferItem.objects.filter(transfer_id__in=own).exclude(file="").only(
            "transfer_id", "file"
        ):
            files.append((own[item.transfer_id], _file(item.file)))
    elif record_type == RecordType.SAR:
        for sar in SubjectAccessRequest.objects.filter(pk__in=own).only("pk", "pack"):
            if sar.pack:
                files.append((own[sar.pk], _file(sar.pack)))

    roots = set(own.values())
    standing = holds.Standing.now()
    while True:
        # The people in nothing that stays, given the roots still going.
        going_cases = set(owners[Case].alive(roots))
        going_requests = set(owners[InformationRequest].alive(roots))
        people = _Owners()
        wanted = {pk for pk, root in candidates if root in roots}
        orphans = _orphans(wanted, going_cases, going_requests)
        for person_id, root in candidates:
            if person_id in orphans:
                people.add(person_id, root)
        refused = set()
        if record_type == RecordType.PERSON:
            # A person added to a case or request since approval stays.
            refused |= {root for person_id, root in own.items() if person_id not in orphans}
        for kind, kind_model in holds.MODELS.items():
            taken = people if kind_model is Person else owners[kind_model]
            alive = {pk: taken.by_id[pk] & roots for pk in taken.by_id if taken.by_id[pk] & roots}
            if kind in held_only:
                extra = held_only[kind]
                for pk, their in extra.by_id.items():
                    if their & roots:
                        alive.setdefault(pk, set()).update(their & roots)
            for pk in holds.held_ids(kind, alive, standing):
                refused |= alive[pk]
        if not refused & roots:
            break
        roots -= refused

    result = Plan(roots={state.pk: state for state in states if state.pk in roots})
    for kind_model, taken in owners.items():
        if kind_model is Person:
            continue
        alive_map = taken.alive(roots)
        if alive_map:
            result.going[kind_model] = alive_map
    if people.by_id:
        person_map = people.alive(roots)
        if record_type == RecordType.PERSON:
            # A person disposed of as a record is counted to its own certificate.
            person_map.update({pk: root for pk, root in own.items() if root in roots})
        result.going[Person] = person_map
    # An answer waiting for sign-off goes with its decision and request (its
    # rows cascade); its documents' files are recorded for deletion here.
    decisions_going = result.going.get(Decision, {})
    requests_going = result.going.get(InformationRequest, {})
    if decisions_going or requests_going:
        for document in PendingAnswerDocument.objects.filter(
            Q(pending_answer__decision_id__in=list(decisions_going))
            | Q(pending_answer__request_id__in=list(requests_going))
        ).select_related("pending_answer"):
            answer = document.pending_answer
            root = decisions_going.get(answer.decision_id) or requests_going[answer.request_id]
            files.append((root, _file(document.file)))
    for root, file in files:
        if root in roots and file[1]:
            result.files.setdefault(root, []).append(file)
    return result


def _file(field_file: Any) -> File:
    return (field_file.storage, field_file.name)


def _orphans(person_ids: set[int], case_ids: set[int], request_ids: set[int]) -> set[int]:
    """The people among ``person_ids`` in no case or request outside those going."""
    if not person_ids:
        return set()
    kept = set(
        CaseParticipant.objects.filter(person_id__in=person_ids)
        .exclude(case_id__in=case_ids)
        .values_list("person_id", flat=True)
    ) | set(
        InformationRequest.subjects.through.objects.filter(person_id__in=person_ids)
        .exclude(informationrequest_id__in=request_ids)
        .values_list("person_id", flat=True)
    )
    return person_ids - kept
