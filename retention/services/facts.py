"""What the sweep knows of each record, read in batches of ids: the holder
(organisation and its kind), the dates its rules count from, the last
activity, and the categories of the case it is in. Dates only, no narrative.

Which records have a state of their own:
- every case, request and agreement;
- decisions standing alone, and a school's decisions (school-held secondary
  records, seed 000 §7); other decisions go with their case or request;
- documents a school uploaded (the same); others go with their request;
- people in no case and no request;
- every transfer of a child's file (a school's: school-held secondary records;
  the unit's handovers and notifications: the unit's own record);
- every subject access request."""

from datetime import date
from typing import Any, NamedTuple

from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce

from cases.models import (
    Case,
    CaseCategory,
    CaseParticipant,
    CaseStatus,
    ChronologyEntry,
    ParticipantRole,
    Person,
)
from cases.transfers.models import Transfer, TransferStatus
from requests.models import Attachment, InformationRequest
from requests.models import Status as RequestStatus
from sharing.models import Agreement, Decision, OrganisationKind

from ..models import RecordType
from ..subject_access.models import SarStatus, SubjectAccessRequest

# Records read and written per transaction: large enough that per-batch
# round trips and commits are a small share, small enough to hold in memory.
BATCH = 5000
# No upper bound on ids: the whole table (a sweep's chunk gives its own).
UNBOUNDED = 2**63 - 1

Category = tuple[str, str]  # (category, allegation outcome)


class Fact(NamedTuple):
    object_id: int
    organisation_id: int | None
    organisation_kind: str
    trigger_dates: dict[str, date | None]
    last_activity: date | None = None
    date_of_birth: date | None = None
    date_of_death: date | None = None
    categories: frozenset[Category] = frozenset()


def _day(field: str) -> Cast:
    """A timestamp's date (UTC, as stored), worked out by the database: loading
    timestamps row by row in Python cost more than the query itself."""
    return Cast(field, models.DateField())


def _latest(*days: date | None) -> date | None:
    known = [day for day in days if day is not None]
    return max(known) if known else None


def _categories(case_ids: set[int]) -> dict[int, frozenset[Category]]:
    found: dict[int, set[Category]] = {}
    for case_id, category, outcome in CaseCategory.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "category", "allegation_outcome"
    ):
        found.setdefault(case_id, set()).add((category, outcome))
    return {case_id: frozenset(each) for case_id, each in found.items()}


def _participant(role: str, field: str) -> Subquery:
    """The youngest participant of a role: their date of birth (or death)."""
    return Subquery(
        CaseParticipant.objects.filter(case=OuterRef("pk"), role=role)
        .order_by(models.F("person__date_of_birth").desc(nulls_last=True))
        .values(f"person__{field}")[:1]
    )


def _subjects_dob(request: str) -> Subquery:
    """The youngest subject of a request: counting from them keeps the record longest."""
    return Subquery(
        InformationRequest.subjects.through.objects.filter(informationrequest_id=OuterRef(request))
        .order_by(models.F("person__date_of_birth").desc(nulls_last=True))
        .values("person__date_of_birth")[:1]
    )


def case_facts(after: int, until: int = UNBOUNDED) -> list[Fact]:
    rows = list(
        Case.objects.filter(pk__gt=after, pk__lte=until)
        .order_by("pk")
        .annotate(
            child_dob=_participant(ParticipantRole.CHILD, "date_of_birth"),
            child_dod=_participant(ParticipantRole.CHILD, "date_of_death"),
            alleged_dob=_participant(ParticipantRole.ALLEGED_PERPETRATOR, "date_of_birth"),
            last_entry=Subquery(
                ChronologyEntry.objects.filter(case=OuterRef("pk"))
                .order_by("-occurred_on")
                .values("occurred_on")[:1]
            ),
        )
        .values_list(
            "pk",
            "team__organisation_id",
            "team__organisation__kind",
            "status",
            "closed_on",
            "child_dob",
            "child_dod",
            "alleged_dob",
            "last_entry",
            _day("created_at"),
        )[:BATCH]
    )
    categories = _categories({row[0] for row in rows})
    facts = []
    for pk, org_id, kind, status, closed_on, dob, dod, alleged, entry, created in rows:
        closed = closed_on if status == CaseStatus.CLOSED else None
        last = _latest(created, closed, entry)
        facts.append(
            Fact(
                pk,
                org_id,
                kind,
                {
                    "case_closed": closed,
                    "date_of_birth": dob,
                    "alleged_dob": alleged,
                    "last_activity": last,
                    "created": created,
                },
                last,
                dob,
                dod,
                categories.get(pk, frozenset()),
            )
        )
    return facts


def request_facts(after: int, until: int = UNBOUNDED) -> list[Fact]:
    """A request addressed to a school is held by the school (its SCPO answers
    it in the register): seed 000 §7's rule for school-held records fits it."""
    rows = list(
        InformationRequest.objects.filter(pk__gt=after, pk__lte=until)
        .order_by("pk")
        .annotate(subject_dob=_subjects_dob("pk"))
        .values_list(
            "pk",
            "team__organisation_id",
            "team__organisation__kind",
            "receiving_organisation_id",
            "receiving_organisation__kind",
            "case_id",
            "status",
            _day("closed_at"),
            _day("created_at"),
            "subject_dob",
        )[:BATCH]
    )
    categories = _categories({row[5] for row in rows if row[5]})
    facts = []
    for pk, org_id, kind, to_id, to_kind, case_id, status, closed_on, created, dob in rows:
        closed = closed_on if status in {RequestStatus.CLOSED, RequestStatus.WITHDRAWN} else None
        if to_kind == OrganisationKind.SCHOOL:
            org_id, kind = to_id, to_kind
        last = _latest(created, closed)
        facts.append(
            Fact(
                pk,
                org_id,
                kind,
                {
                    "request_closed": closed,
                    "date_of_birth": dob,
                    "last_activity": last,
                    "created": created,
                },
                last,
                dob,
                None,
                categories.get(case_id, frozenset()) if case_id else frozenset(),
            )
        )
    return facts


def agreement_facts(after: int, until: int = UNBOUNDED) -> list[Fact]:
    rows = (
        Agreement.objects.filter(pk__gt=after, pk__lte=until, is_active=True)
        .order_by("pk")
        .values_list("pk", "review_on")[:BATCH]
    )
    return [Fact(pk, None, "", {"review_date": review_on}) for pk, review_on in rows]


def decision_facts(after: int, until: int = UNBOUNDED) -> list[Fact]:
    """Decisions standing alone (proactive disclosures), and a school's
    decisions (school-held records); the unit's decisions about a case or a
    request are kept and disposed of with it."""
    rows = list(
        _own_decisions()
        .filter(pk__gt=after, pk__lte=until)
        .order_by("pk")
        .annotate(
            subject_dob=Coalesce(
                _subjects_dob("request_id"),
                Subquery(
                    CaseParticipant.objects.filter(
                        case=OuterRef("case_id"), role=ParticipantRole.CHILD
                    )
                    .order_by(models.F("person__date_of_birth").desc(nulls_last=True))
                    .values("person__date_of_birth")[:1]
                ),
            ),
            in_case=Coalesce("case_id", "request__case_id"),
        )
        .values_list(
            "pk", "organisation_id", "organisation__kind", _day("made_at"), "subject_dob", "in_case"
        )[:BATCH]
    )
    categories = _categories({row[5] for row in rows if row[5]})
    return [
        Fact(
            pk,
            org_id,
            kind,
            {"created": made_on, "date_of_birth": dob, "last_activity": made_on},
            made_on,
            dob,
            None,
            categories.get(case_id, frozenset()) if case_id else frozenset(),
        )
        for pk, org_id, kind, made_on, dob, case_id in rows
    ]


def attachment_facts(after: int, until: int = UNBOUNDED) -> list[Fact]:
    """Documents a school uploaded (its answers' documents): school-held
    records. The unit's own documents are kept and disposed of with their request."""
    rows = list(
        Attachment.objects.filter(
            pk__gt=after, pk__lte=until, uploaded_by__organisation__kind="school"
        )
        .order_by("pk")
        .annotate(subject_dob=_subjects_dob("request_id"))
        .values_list(
            "pk",
            "uploaded_by__organisation_id",
            "uploaded_by__organisation__kind",
            _day("uploaded_at"),
            "subject_dob",
            "request__case_id",
        )[:BATCH]
    )
    categories = _categories({row[5] for row in rows if row[5]})
    return [
        Fact(
            pk,
            org_id,
            kind,
            {"created": uploaded_on, "date_of_birth": dob, "last_activity": uploaded_on},
            uploaded_on,
            dob,
            None,
            categories.get(case_id, frozenset()) if case_id else frozenset(),
        )
        for pk, org_id, kind, uploaded_on, dob, case_id in rows
    ]


def _loose_people() -> "models.QuerySet[Person]":
    return Person.objects.exclude(
        Exists(CaseParticipant.objects.filter(person=OuterRef("pk")))
    ).exclude(Exists(InformationRequest.subjects.through.objects.filter(person=OuterRef("pk"))))


def _own_decisions() -> "models.QuerySet[Decision]":
    return Decision.objects.filter(
        Q(case__isnull=True, request__isnull=True) | Q(organisation__kind=OrganisationKind.SCHOOL)
    )


# Record types only some of whose records have a state of their own, and
# which those are now: a person added to a case since goes with the case.
OWN_STATE_ONLY_FOR: dict[str, Any] = {
    RecordType.PERSON: _loose_people,
    RecordType.DECISION: _own_decisions,
}


def person_facts(after: int, until: int = UNBOUNDED) -> list[Fact]:
    """People in no case and no request: recorded, then never used."""
    rows = (
        _loose_people()
        .filter(pk__gt=after, pk__lte=until)
        .order_by("pk")
        .annotate(
            changed=Cast(
                Subquery(
                    Person.history.model.objects.filter(id=OuterRef("pk"))
                    .order_by("-history_date")
                    .values("history_date")[:1]
                ),
                models.DateField(),
            )
        )
        .values_list(
            "pk",
            "owning_team__organisation_id",
            "owning_team__organisation__kind",
            _day("created_at"),
            "changed",
        )[:BATCH]
    )
    facts = []
    for pk, org_id, kind, created, changed in rows:
        last = _latest(created, changed)
        facts.append(Fact(pk, org_id, kind, {"last_activity": last, "created": created}, last))
    return facts


def transfer_facts(after: int, until: int = UNBOUNDED) -> list[Fact]:
    """Every transfer, held by the organisation that sent it: a school's is a
    school-held secondary record (seed 000 §7), counted from the child's date
    of birth as the transfer recorded it; the unit's is counted from its
    receipt or cancellation. The receiving side's record is the case it opens."""
    rows = (
        Transfer.objects.filter(pk__gt=after, pk__lte=until)
        .order_by("pk")
        .values_list(
            "pk",
            "sending_organisation_id",
            "sending_organisation__kind",
            "status",
            _day("sent_at"),
            _day("received_at"),
            _day("cancelled_at"),
            "last_chased_on",
            "escalated_on",
            "subject_date_of_birth",
        )[:BATCH]
    )
    facts = []
    for pk, org_id, kind, status, sent, received, cancelled, chased, escalated, dob in rows:
        closed = (
            received
            if status == TransferStatus.RECEIVED
            else cancelled
            if status == TransferStatus.CANCELLED
            else None
        )
        last = _latest(sent, received, cancelled, chased, escalated)
        facts.append(
            Fact(
                pk,
                org_id,
                kind,
                {
                    "transfer_closed": closed,
                    "date_of_birth": dob,
                    "last_activity": last,
                    "created": sent,
                },
                last,
                dob,
            )
        )
    return facts


def sar_facts(after: int, until: int = UNBOUNDED) -> list[Fact]:
    """Every subject access request, counted from the day it was answered
    (released); one never answered from its last activity (the fallback)."""
    rows = (
        SubjectAccessRequest.objects.filter(pk__gt=after, pk__lte=until)
        .order_by("pk")
        .values_list(
            "pk",
            "status",
            _day("logged_at"),
            _day("built_at"),
            _day("released_at"),
            "received_on",
            "identity_checked_on",
            "extension_told_on",
        )[:BATCH]
    )
    facts = []
    for pk, status, logged, built, released, received, checked, told in rows:
        answered = released if status in {SarStatus.RELEASED, SarStatus.EXPIRED} else None
        last = _latest(logged, built, released, received, checked, told)
        facts.append(
            Fact(
                pk,
                None,
                "",
                {"sar_answered": answered, "last_activity": last, "created": received},
                last,
            )
        )
    return facts


SOURCES: dict[str, tuple[type[models.Model], Any]] = {
    RecordType.CASE: (Case, case_facts),
    RecordType.REQUEST: (InformationRequest, request_facts),
    RecordType.AGREEMENT: (Agreement, agreement_facts),
    RecordType.DECISION: (Decision, decision_facts),
    RecordType.ATTACHMENT: (Attachment, attachment_facts),
    RecordType.PERSON: (Person, person_facts),
    RecordType.TRANSFER: (Transfer, transfer_facts),
    RecordType.SAR: (SubjectAccessRequest, sar_facts),
}
