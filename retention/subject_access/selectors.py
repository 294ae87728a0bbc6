"""Reads for subject access: the DPO's lists, the people a request can be
about, and everything the register holds about one person. Permission-aware:
each asks ``retention.permissions`` first."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case as Choose
from django.db.models import Q, QuerySet, When

from cases.models import Case, CaseParticipant, ChronologyEntry, Person
from requests.models import Attachment, InformationRequest
from sharing.models import AccessEvent, Decision, DisclosureItem, User

from .. import permissions
from ..models import SarStatus, SubjectAccessRequest

OPEN = (SarStatus.RECEIVED, SarStatus.IN_REVIEW)


def subject_access_requests(user: User) -> QuerySet[SubjectAccessRequest]:
    """Open requests first, soonest due first; then those answered."""
    return permissions.readable_subject_access_requests(user).order_by(
        Choose(When(status__in=OPEN, then=0), default=1), "due_on", "pk"
    )


def overdue(user: User, today: date) -> QuerySet[SubjectAccessRequest]:
    """Open requests past their due date (the extended date once extended)."""
    return permissions.readable_subject_access_requests(user).filter(
        Q(extended_to__isnull=True, due_on__lt=today) | Q(extended_to__lt=today),
        status__in=OPEN,
    )


def open_count(user: User) -> int:
    return permissions.readable_subject_access_requests(user).filter(status__in=OPEN).count()


def people_matching(user: User, text: str, date_of_birth: date | None) -> QuerySet[Person]:
    """Everyone in the register a request could be about, by name or
    identifier and date of birth: the DPO answers for all of it."""
    people = permissions.people_for_subject_access(user)
    for term in text.split():
        people = people.filter(
            Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(other_names__icontains=term)
            | Q(nhs_number=term)
            | Q(upn=term.upper())
            | Q(la_identifier=term)
        )
    if date_of_birth is not None:
        people = people.filter(date_of_birth=date_of_birth)
    return people.order_by("last_name", "first_name", "pk")


@dataclass
class HeldAbout:
    """Everything the register holds about one person, each kind in order."""

    person: Person
    participations: list[CaseParticipant] = field(default_factory=list)
    chronology: list[ChronologyEntry] = field(default_factory=list)
    requests: list[InformationRequest] = field(default_factory=list)
    documents: list[Attachment] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    disclosed: list[DisclosureItem] = field(default_factory=list)
    # Everyone else named in these records, to be redacted.
    others: list[Person] = field(default_factory=list)
    reads: list[AccessEvent] = field(default_factory=list)

    def records(self) -> list[Any]:
        """Every record read to build the pack, for the read log."""
        return [
            self.person,
            *self.participations,
            *self.chronology,
            *self.requests,
            *self.documents,
            *self.decisions,
            *self.disclosed,
        ]


def held_about(person: Person) -> HeldAbout:
    """The person's record, the cases they take part in with those cases'
    chronologies, the requests naming them or on their cases with their
    documents, the decisions on those cases and requests and what was shared
    under them, and who read any of it. Called by the pack's service, which
    checks the DPO first."""
    held = HeldAbout(person=person)
    held.participations = list(
        CaseParticipant.objects.filter(person=person)
        .select_related("case__team__organisation")
        .order_by("case__opened_on", "pk")
    )
    case_ids = [p.case_id for p in held.participations]
    held.chronology = list(
        ChronologyEntry.objects.filter(case_id__in=case_ids)
        .select_related("case", "source_organisation")
        .order_by("occurred_on", "pk")
    )
    held.requests = list(
        InformationRequest.objects.filter(Q(subjects=person) | Q(case_id__in=case_ids))
        .distinct()
        .select_related("requesting_organisation", "receiving_organisation", "gateway")
        .order_by("started_on", "pk")
    )
    request_ids = [r.pk for r in held.requests]
    held.documents = list(
        Attachment.objects.filter(request_id__in=request_ids)
        .select_related("request")
        .order_by("uploaded_at", "pk")
    )
    held.decisions = list(
        Decision.objects.filter(Q(case_id__in=case_ids) | Q(request_id__in=request_ids))
        .select_related("organisation", "recipient_organisation", "gateway", "case", "request")
        .order_by("made_at", "pk")
    )
    held.disclosed = list(
        DisclosureItem.objects.filter(disclosure__decision__in=[d.pk for d in held.decisions])
        .select_related("disclosure__recipient_organisation", "disclosure__decision")
        .order_by("disclosure__shared_on", "disclosure_id", "pk")
    )
    held.others = list(
        Person.objects.filter(Q(participations__case_id__in=case_ids) | Q(requests__in=request_ids))
        .exclude(pk=person.pk)
        .distinct()
    )
    held.reads = reads_of(held)
    return held


def reads_of(held: HeldAbout) -> list[AccessEvent]:
    """Who looked at the person's records: the read log of the person, their
    cases, chronology entries, requests, documents and decisions."""
    by_type: dict[type, list[int]] = {
        Person: [held.person.pk],
        Case: [p.case_id for p in held.participations],
        ChronologyEntry: [e.pk for e in held.chronology],
        InformationRequest: [r.pk for r in held.requests],
        Attachment: [a.pk for a in held.documents],
        Decision: [d.pk for d in held.decisions],
    }
    condition = Q(pk__in=[])
    for model, ids in by_type.items():
        if ids:
            condition |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    return list(
        AccessEvent.objects.filter(condition)
        .select_related("user__organisation", "content_type")
        .order_by("at", "pk")
    )


def record_labels(held: HeldAbout) -> dict[tuple[int, int], str]:
    """Each record read, by (content type, id), named as the requester may
    read it: by reference, never by internal id."""
    labels: dict[tuple[int, int], str] = {}

    def put(model: type, pk: int, label: str) -> None:
        labels[(ContentType.objects.get_for_model(model).pk, pk)] = label

    put(Person, held.person.pk, "your details")
    for p in held.participations:
        put(Case, p.case_id, f"case {p.case.reference}")
    for e in held.chronology:
        put(ChronologyEntry, e.pk, f"the chronology of case {e.case.reference}")
    for r in held.requests:
        put(InformationRequest, r.pk, f"request {r.reference}")
    for a in held.documents:
        put(Attachment, a.pk, f"a document of request {a.request.reference}")
    for d in held.decisions:
        put(Decision, d.pk, f"a sharing decision of {d.made_at:%-d %B %Y}")
    return labels
