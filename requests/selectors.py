"""Permission-aware reads for information requests. Who may see what is
decided in ``permissions``; these shape what the pages show."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404

from cases import permissions as case_permissions
from cases import rules as case_rules
from cases import selectors as case_selectors
from cases.models import Case, ParticipantRole, Person
from sharing.choices import SecureChannel
from sharing.models import Decision, PendingAnswer, PendingAnswerState, SignOff, User
from sharing.rules import (
    DUE_SOON_WORKING_DAYS,
    due_soon_until,
    holidays_around,
    working_days_between,
)

from . import permissions
from .models import Attachment, Direction, InformationRequest, RequestEvent, Status

OPEN_STATUSES = (Status.OPEN, Status.CLARIFICATION, Status.IN_PROGRESS)


def request_detail(user: User, pk: int) -> InformationRequest:
    request = permissions.get_request_for_user(user, pk)
    request.subject_list = list(request.subjects.all())  # type: ignore[attr-defined]
    request.event_list = list(  # type: ignore[attr-defined]
        RequestEvent.objects.filter(request=request).select_related("user")
    )
    request.attachment_list = list(  # type: ignore[attr-defined]
        Attachment.objects.filter(request=request).select_related("uploaded_by")
    )
    # An answer made with a decision that waits for a manager's sign-off, or
    # the last one a manager returned: shown as such, never its content.
    latest = PendingAnswer.objects.filter(request=request).values_list("state", flat=True).first()
    request.answer_waiting = latest == PendingAnswerState.WAITING  # type: ignore[attr-defined]
    request.answer_returned = (  # type: ignore[attr-defined]
        latest == PendingAnswerState.RETURNED and request.is_open
    )
    return request


@dataclass
class RequestAbout:
    """Who and what a new request is about, as offered on its form."""

    case: Case | None = None
    people: list[Person] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    ticked: list[int] = field(default_factory=list)


def request_about(user: User, *, case_id: int | None, person_ids: list[int]) -> RequestAbout:
    """Where a new request starts: a case the user may change (its people are
    offered, its children ticked) and people they may add to a case (offered
    ticked, with the cases of theirs the user may change); or nowhere, and
    nothing is offered. 404 for a case or person the user may not act on, with
    no hint that it exists."""
    about = RequestAbout()
    if case_id is not None:
        about.case = (
            case_permissions.cases_visible_to(user, "change_case", single=True)
            .filter(pk=case_id)
            .first()
        )
        if about.case is None:
            raise Http404("No such case.")
        about.cases = [about.case]
        about.people = list(
            Person.objects.filter(participations__case=about.case)
            .annotate(role_in_case=F("participations__role"))
            .order_by("last_name", "pk")
        )
        about.ticked = [
            p.pk
            for p in about.people
            if p.role_in_case == ParticipantRole.CHILD  # type: ignore[attr-defined]
        ]
    if person_ids:
        named = list(case_selectors.people_changeable_by(user).filter(pk__in=person_ids))
        if len(named) != len(set(person_ids)):
            raise Http404("No such person.")
        already = {p.pk for p in about.people}
        about.people += [p for p in named if p.pk not in already]
        about.ticked += [p.pk for p in named]
        if about.case is None:
            about.cases = list(
                case_permissions.cases_visible_to(user, "change_case", single=True)
                .filter(participants__person__in=named)
                .distinct()
            )
    return about


def _with_subjects(requests: QuerySet[InformationRequest]) -> QuerySet[InformationRequest]:
    return requests.select_related(
        "gateway", "requesting_organisation", "receiving_organisation", "recipient"
    ).prefetch_related(
        Prefetch(
            "subjects",
            queryset=Person.objects.only("first_name", "last_name", "identity_protected"),
        )
    )


def unit_dashboard(
    user: User, *, direction: str = "", status: str = "open"
) -> QuerySet[InformationRequest]:
    """The team's requests, soonest due first; by default only those still open."""
    requests = permissions.changeable_requests(user)
    if direction:
        requests = requests.filter(direction=direction)
    if status == "open":
        requests = requests.filter(status__in=OPEN_STATUSES)
    elif status:
        requests = requests.filter(status=status)
    return _with_subjects(requests).order_by("due_on", "id")


def scpo_inbox(user: User, *, include_closed: bool = False) -> QuerySet[InformationRequest]:
    """The requests addressed to this user by name, and nothing else."""
    requests = permissions.answerable_requests(user).filter(recipient=user)
    if not include_closed:
        requests = requests.filter(status__in=OPEN_STATUSES)
    return _with_subjects(requests).order_by("due_on", "id")


def _open_counts(requests: QuerySet[InformationRequest], today: date) -> dict[str, int]:
    """How many open requests are waiting, overdue and due soon: one query."""
    soon = due_soon_until(today, holidays_around(today))
    return requests.filter(status__in=OPEN_STATUSES).aggregate(
        waiting=Count("pk"),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        due_soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=soon)),
    )


def team_request_counts(user: User, today: date) -> dict[str, int]:
    """For a unit worker's home page: the team's open requests overdue and due soon."""
    return _open_counts(permissions.changeable_requests(user), today)


def inbox_counts(user: User, today: date) -> dict[str, int]:
    """For a school safeguarding officer's home page: the requests addressed to
    them still waiting for an answer, and how many of those are overdue."""
    return _open_counts(permissions.answerable_requests(user).filter(recipient=user), today)


def due_state(due_on: date, today: date, holidays: frozenset[date]) -> str:
    """``overdue``, ``due-soon`` (within two working days) or ``""``."""
    if due_on < today:
        return "overdue"
    if working_days_between(today, due_on, holidays) <= DUE_SOON_WORKING_DAYS:
        return "due-soon"
    return ""


def annotate_due(requests: list[InformationRequest], today: date) -> list[Any]:
    holidays = holidays_around(today)
    for request in requests:
        request.due_state = (  # type: ignore[attr-defined]
            due_state(request.due_on, today, holidays) if request.is_open else ""
        )
    return requests


def people_to_add(
    user: User, q: str, date_of_birth: date | None, *, offered: list[int], limit: int
) -> list[Person]:
    """People a search on the request form finds, besides those already
    offered: only people the user may act for."""
    found = case_selectors.person_search(user, q, date_of_birth, changeable=True)
    return list(found.exclude(pk__in=offered)[:limit])


def decisions_on_request(
    visible: QuerySet[Decision], info_request: InformationRequest
) -> list[Decision]:
    """The decisions behind a request, oldest first, among ``visible`` (the
    decisions the viewer may read, from the decisions' own selectors)."""
    return list(visible.filter(request=info_request).order_by("made_at"))


def final_decision_outcomes(info_request: InformationRequest) -> list[Any]:
    """What everyone on the request may see of any decision behind it: the
    outcome and the explanation given, once final."""
    final = Decision.objects.filter(
        request=info_request, sign_off__in=[SignOff.NOT_NEEDED, SignOff.SIGNED_OFF]
    )
    return list(
        final.order_by("made_at").values("pk", "outcome", "explanation_to_requester", "made_at")
    )


# The ways a partner outside the register can answer in writing (seed 000 §7:
# secure e-mail or secure file transfer, else an encrypted document with the
# password sent separately). Answering in the register is only for those who
# have an account, and a call or meeting is not a written answer.
LETTER_CHANNELS = tuple(
    (value, label)
    for value, label in SecureChannel.written_choices()
    if value != SecureChannel.REGISTER.value
)


@dataclass(frozen=True)
class RequestLetter:
    """What a request letter says, in the words the letter prints: who asks,
    under which power, whether the recipient must comply, what is asked and
    why, by when, and how to answer securely."""

    reference: str
    sent_on: date
    due_on: date
    team: str
    organisation: str
    contact: str
    recipient: str
    recipient_organisation: str
    power: str
    gateway_name: str
    must_comply: bool
    function: str
    children_act_section: str
    about: list[str]
    information_sought: str
    purpose: str
    necessity: str
    urgency: str
    answer_in_register: bool
    usual_channel: str
    secure_contact: str
    channels: list[str]


def letter_content(info_request: InformationRequest, subjects: list[Any]) -> RequestLetter:
    """The letter for an outgoing request, from the request alone. A letter
    leaves the team, so nobody whose identity is protected is named in it
    (cases.rules.OUTSIDE, as the secure export does), and it says nothing of
    the child but the names the request itself gives."""
    gateway = info_request.gateway
    receiving = info_request.receiving_organisation
    function = ""
    if info_request.scp_function:
        function = info_request.get_scp_function_display()
        if info_request.scp_function_other:
            function = f"{function}: {info_request.scp_function_other}"
    usual = receiving.secure_channel
    return RequestLetter(
        reference=info_request.reference,
        sent_on=info_request.started_on,
        due_on=info_request.due_on,
        team=info_request.team.name,
        organisation=str(info_request.requesting_organisation),
        contact=info_request.requester_contact,
        recipient=(
            info_request.recipient.get_full_name() or str(info_request.recipient)
            if info_request.recipient
            else ""
        ),
        recipient_organisation=str(receiving),
        power=" ".join(part for part in (gateway.statute, gateway.section) if part),
        gateway_name=gateway.name,
        must_comply=gateway.recipient_must_comply,
        function=function,
        children_act_section=(
            info_request.get_ca1989_section_display() if info_request.ca1989_section else ""
        ),
        about=[case_rules.display_name(p, viewer_context=case_rules.OUTSIDE) for p in subjects],
        information_sought=info_request.information_sought,
        purpose=info_request.purpose,
        necessity=info_request.necessity,
        urgency=info_request.get_urgency_display(),
        answer_in_register=info_request.recipient_id is not None,
        usual_channel=dict(LETTER_CHANNELS).get(usual, ""),
        secure_contact=receiving.secure_contact,
        channels=[label for _, label in LETTER_CHANNELS],
    )


def request_letter(user: User, pk: int) -> tuple[InformationRequest, RequestLetter]:
    """The letter for an outgoing request, for the team that recorded it
    (permissions.can_manage_request); anyone else, or an incoming request,
    404."""
    info_request = permissions.get_request_for_user(user, pk, write=True)
    if info_request.direction != Direction.OUTGOING:
        raise Http404("No such request.")
    subjects = list(info_request.subjects.all())
    info_request.subject_list = subjects  # type: ignore[attr-defined]
    return info_request, letter_content(info_request, subjects)
