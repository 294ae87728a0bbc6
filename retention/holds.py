"""What a legal hold covers: the one answer the sweep, the DPO's approval and
the disposal all ask (reads only).

A hold covers:
- one record (``scope=record``); a hold on a case covers everything in and
  under it: its requests, their decisions and documents, its own decisions;
  a hold on a request covers its decisions and documents;
- a category (``scope=category``, the IICSA moratorium): every case that has
  had the category at any time, and everything under those cases;
- an organisation (``scope=organisation``): the cases of its teams or for which
  it is the responsible authority, the requests it made, received or recorded,
  its decisions, the agreements it is party to, the transfers it sent or
  received, and everything under them;
- a transfer of a child's file is covered by a hold on the case it was sent
  from (and so by that case's category and organisations).

And the other way: a case cannot be disposed of while anything in or under it
is held (``held_under_case``)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q

from cases.models import Case, CaseCategory, Person
from cases.transfers.models import Transfer
from requests.models import Attachment, InformationRequest
from sharing.models import Agreement, Decision

from .models import HoldScope, LegalHold, RecordType
from .subject_access.models import SubjectAccessRequest

MODELS: dict[str, type[Model]] = {
    RecordType.CASE: Case,
    RecordType.REQUEST: InformationRequest,
    RecordType.DECISION: Decision,
    RecordType.ATTACHMENT: Attachment,
    RecordType.AGREEMENT: Agreement,
    RecordType.PERSON: Person,
    RecordType.TRANSFER: Transfer,
    RecordType.SAR: SubjectAccessRequest,
}


@dataclass(frozen=True)
class Standing:
    """The holds in force, read once."""

    organisations: frozenset[int]
    categories: frozenset[str]

    @classmethod
    def now(cls) -> "Standing":
        active = LegalHold.objects.filter(lifted_at__isnull=True)
        return cls(
            frozenset(
                pk
                for pk in active.filter(scope=HoldScope.ORGANISATION).values_list(
                    "organisation_id", flat=True
                )
                if pk is not None
            ),
            frozenset(active.filter(scope=HoldScope.CATEGORY).values_list("category", flat=True)),
        )


def _direct(model: type[Model], ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return {
        pk
        for pk in LegalHold.objects.filter(
            scope=HoldScope.RECORD,
            lifted_at__isnull=True,
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=ids,
        ).values_list("object_id", flat=True)
        if pk is not None
    }


def _cases(ids: set[int], standing: Standing) -> set[int]:
    held = _direct(Case, ids)
    if standing.categories and ids:
        held |= set(
            CaseCategory.objects.filter(
                case_id__in=ids, category__in=standing.categories
            ).values_list("case_id", flat=True)
        )
    if standing.organisations and ids:
        held |= set(
            Case.objects.filter(pk__in=ids)
            .filter(
                Q(team__organisation_id__in=standing.organisations)
                | Q(responsible_authority_id__in=standing.organisations)
            )
            .values_list("pk", flat=True)
        )
    return held


def _requests(ids: set[int], standing: Standing) -> set[int]:
    held = _direct(InformationRequest, ids)
    rows = list(
        InformationRequest.objects.filter(pk__in=ids).values_list(
            "pk",
            "case_id",
            "team__organisation_id",
            "requesting_organisation_id",
            "receiving_organisation_id",
        )
    )
    cases = _cases({row[1] for row in rows if row[1]}, standing)
    for pk, case_id, *organisations in rows:
        if case_id in cases or standing.organisations.intersection(organisations):
            held.add(pk)
    return held


def _decisions(ids: set[int], standing: Standing) -> set[int]:
    held = _direct(Decision, ids)
    rows = list(
        Decision.objects.filter(pk__in=ids).values_list(
            "pk", "case_id", "request_id", "organisation_id"
        )
    )
    cases = _cases({row[1] for row in rows if row[1]}, standing)
    requests = _requests({row[2] for row in rows if row[2]}, standing)
    for pk, case_id, request_id, organisation_id in rows:
        if case_id in cases or request_id in requests or organisation_id in standing.organisations:
            held.add(pk)
    return held


def _attachments(ids: set[int], standing: Standing) -> set[int]:
    held = _direct(Attachment, ids)
    rows = list(Attachment.objects.filter(pk__in=ids).values_list("pk", "request_id"))
    requests = _requests({row[1] for row in rows}, standing)
    return held | {pk for pk, request_id in rows if request_id in requests}


def _agreements(ids: set[int], standing: Standing) -> set[int]:
    held = _direct(Agreement, ids)
    if standing.organisations and ids:
        held |= set(
            Agreement.objects.filter(pk__in=ids, parties__in=standing.organisations).values_list(
                "pk", flat=True
            )
        )
    return held


def _people(ids: set[int], standing: Standing) -> set[int]:
    return _direct(Person, ids)


def _transfers(ids: set[int], standing: Standing) -> set[int]:
    held = _direct(Transfer, ids)
    rows = list(
        Transfer.objects.filter(pk__in=ids).values_list(
            "pk", "case_id", "sending_organisation_id", "receiving_organisation_id"
        )
    )
    cases = _cases({row[1] for row in rows if row[1]}, standing)
    for pk, case_id, *organisations in rows:
        if case_id in cases or standing.organisations.intersection(organisations):
            held.add(pk)
    return held


def _sars(ids: set[int], standing: Standing) -> set[int]:
    return _direct(SubjectAccessRequest, ids)


_BY_TYPE: dict[str, Callable[[set[int], Standing], set[int]]] = {
    RecordType.CASE: _cases,
    RecordType.REQUEST: _requests,
    RecordType.DECISION: _decisions,
    RecordType.ATTACHMENT: _attachments,
    RecordType.AGREEMENT: _agreements,
    RecordType.PERSON: _people,
    RecordType.TRANSFER: _transfers,
    RecordType.SAR: _sars,
}


def held_ids(record_type: str, ids: Iterable[int], standing: Standing | None = None) -> set[int]:
    """Which of these records a hold in force covers."""
    reader = _BY_TYPE.get(record_type)
    wanted = set(ids)
    if reader is None or not wanted:
        return set()
    return reader(wanted, standing or Standing.now())


def is_held(record_type: str, object_id: int) -> bool:
    return bool(held_ids(record_type, [object_id]))


def under_case(case_id: int) -> dict[str, set[int]]:
    """Every record in and under a case, by record type, and the transfers sent from it."""
    request_ids = set(
        InformationRequest.objects.filter(case_id=case_id).values_list("pk", flat=True)
    )
    return {
        RecordType.REQUEST: request_ids,
        RecordType.DECISION: set(
            Decision.objects.filter(Q(case_id=case_id) | Q(request_id__in=request_ids)).values_list(
                "pk", flat=True
            )
        ),
        RecordType.ATTACHMENT: set(
            Attachment.objects.filter(request_id__in=request_ids).values_list("pk", flat=True)
        ),
        # Its file as sent on: not removed with the case (a rule of its own),
        # but a case with a held transfer is not disposed of either.
        RecordType.TRANSFER: set(
            Transfer.objects.filter(case_id=case_id).values_list("pk", flat=True)
        ),
    }


def under_request(request_id: int) -> dict[str, set[int]]:
    return {
        RecordType.DECISION: set(
            Decision.objects.filter(request_id=request_id).values_list("pk", flat=True)
        ),
        RecordType.ATTACHMENT: set(
            Attachment.objects.filter(request_id=request_id).values_list("pk", flat=True)
        ),
    }


def held_within(record_type: str, object_id: int) -> list[tuple[str, int]]:
    """The held records a disposal of this one would take with it (itself
    included): a case cannot go while anything in or under it is held."""
    standing = Standing.now()
    found = [(record_type, pk) for pk in held_ids(record_type, [object_id], standing)]
    below = (
        under_case(object_id)
        if record_type == RecordType.CASE
        else under_request(object_id)
        if record_type == RecordType.REQUEST
        else {}
    )
    for kind, ids in below.items():
        found += [(kind, pk) for pk in sorted(held_ids(kind, ids, standing))]
    return found


@dataclass(frozen=True)
class Ancestry:
    """What a record sits in: its case and request, the organisations it
    belongs to, and its case's categories. A hold on any of them covers it."""

    case_id: int | None = None
    request_id: int | None = None
    organisations: frozenset[int] = frozenset()
    categories: frozenset[str] = frozenset()


def _case_ancestry(case_id: int | None) -> Ancestry:
    if case_id is None:
        return Ancestry()
    row = (
        Case.objects.filter(pk=case_id)
        .values_list("team__organisation_id", "responsible_authority_id")
        .first()
    )
    return Ancestry(
        case_id=case_id,
        organisations=frozenset(pk for pk in (row or ()) if pk),
        categories=frozenset(
            CaseCategory.objects.filter(case_id=case_id).values_list("category", flat=True)
        ),
    )


def _request_ancestry(request_id: int | None) -> Ancestry:
    if request_id is None:
        return Ancestry()
    row = (
        InformationRequest.objects.filter(pk=request_id)
        .values_list(
            "case_id",
            "team__organisation_id",
            "requesting_organisation_id",
            "receiving_organisation_id",
        )
        .first()
    )
    if row is None:
        return Ancestry()
    case = _case_ancestry(row[0])
    return Ancestry(
        case.case_id,
        request_id,
        case.organisations | {pk for pk in row[1:] if pk},
        case.categories,
    )


def ancestry(record_type: str, object_id: int) -> Ancestry:
    if record_type == RecordType.CASE:
        return _case_ancestry(object_id)
    if record_type == RecordType.REQUEST:
        return _request_ancestry(object_id)
    if record_type == RecordType.ATTACHMENT:
        request_id = (
            Attachment.objects.filter(pk=object_id).values_list("request_id", flat=True).first()
        )
        return _request_ancestry(request_id) if request_id else Ancestry()
    if record_type == RecordType.DECISION:
        row = (
            Decision.objects.filter(pk=object_id)
            .values_list("request_id", "case_id", "organisation_id")
            .first()
        )
        if row is None:
            return Ancestry()
        above = _request_ancestry(row[0]) if row[0] else _case_ancestry(row[1])
        return Ancestry(
            above.case_id, above.request_id, above.organisations | {row[2]}, above.categories
        )
    if record_type == RecordType.TRANSFER:
        row = (
            Transfer.objects.filter(pk=object_id)
            .values_list("case_id", "sending_organisation_id", "receiving_organisation_id")
            .first()
        )
        if row is None:
            return Ancestry()
        case = _case_ancestry(row[0])
        return Ancestry(case.case_id, None, case.organisations | {row[1], row[2]}, case.categories)
    if record_type == RecordType.AGREEMENT:
        return Ancestry(
            organisations=frozenset(
                Agreement.parties.through.objects.filter(agreement_id=object_id).values_list(
                    "organisation_id", flat=True
                )
            )
        )
    return Ancestry()


def holds_covering(record_type: str, object_id: int) -> list[LegalHold]:
    """The holds in force that cover this record, directly or through its
    case, request, category or organisation."""
    above = ancestry(record_type, object_id)
    model = MODELS.get(record_type)
    mine = {(model, object_id)} if model is not None else set()
    if above.case_id:
        mine.add((Case, above.case_id))
    if above.request_id:
        mine.add((InformationRequest, above.request_id))
    covering = []
    for hold in LegalHold.objects.filter(lifted_at__isnull=True).select_related(
        "content_type", "organisation", "placed_by"
    ):
        if hold.scope == HoldScope.RECORD:
            held_model = hold.content_type.model_class() if hold.content_type else None
            if (held_model, hold.object_id) in mine:
                covering.append(hold)
        elif hold.scope == HoldScope.CATEGORY:
            if hold.category in above.categories:
                covering.append(hold)
        elif hold.organisation_id in above.organisations:
            covering.append(hold)
    return covering
