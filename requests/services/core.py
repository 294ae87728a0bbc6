"""The only writes to information requests. Every gateway rule is checked here,
so every entry point (pages, admin actions, tasks) obeys it."""

import logging
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from cases.models import Person
from cases.selectors import people_changeable_by
from cases.services import next_reference
from sharing.history import save_with_history
from sharing.models import Organisation, PendingAnswerState, Team, User
from sharing.rules import holidays_around
from sharing.services import pending_answer_settle, waiting_answer_claim

from .. import permissions, rules
from ..models import (
    Direction,
    EventKind,
    FeedbackRoute,
    InformationRequest,
    RequestEvent,
    Status,
)

logger = logging.getLogger(__name__)

TEAM_PERMISSIONS = (
    "view_informationrequest",
    "change_informationrequest",
    "respond_informationrequest",
)
RECIPIENT_PERMISSIONS = ("view_informationrequest", "respond_informationrequest")
DUE_REASON_LENGTH = InformationRequest._meta.get_field("due_override_reason").max_length or 300
ALLOWED_EXTENSIONS = frozenset(
    {
        ".pdf",
        ".doc",
        ".docx",
        ".odt",
        ".rtf",
        ".txt",
        ".xlsx",
        ".xls",
        ".ods",
        ".csv",
        ".png",
        ".jpg",
        ".jpeg",
    }
)


def _facts(org: Organisation) -> rules.OrgFacts:
    return rules.OrgFacts(
        name=org.name,
        kind=org.kind,
        police_force_area=org.police_force_area,
        svd_specified=org.is_svd_specified_authority,
        health_or_social_care=org.is_health_or_social_care_authority,
    )


def check_gateway(request: InformationRequest, *, subjects: Iterable[Person]) -> None:
    """Raise a ValidationError listing every gateway rule the request breaks.
    Whether it is about identified people follows from its subjects."""
    gateway = request.gateway
    problems = rules.gateway_violations(
        code=gateway.code,
        gateway_name=gateway.name,
        invoked_by=gateway.invoked_by,
        may_be_asked=gateway.may_be_asked,
        requester=_facts(request.requesting_organisation),
        recipient=_facts(request.receiving_organisation),
        facts=rules.RequestFacts(
            ca1989_section=request.ca1989_section,
            scp_function=request.scp_function,
            scp_function_other=request.scp_function_other,
            necessity=request.necessity,
            for_svd_functions=request.for_svd_functions,
            about_identified_people=bool(list(subjects)),
            includes_patient_information=request.includes_patient_information,
        ),
    )
    if problems:
        raise ValidationError(problems)


def _event(request: InformationRequest, kind: str, user: User | None, text: str = "") -> None:
    RequestEvent.objects.create(request=request, kind=kind, at=timezone.now(), user=user, text=text)


def _save(request: InformationRequest, *, user: User, reason: str) -> None:
    """Save with the acting user; the reason, of any length, is summarised for
    the history row (kept whole on the request's event)."""
    save_with_history(request, user=user, reason=reason)


# What the loser of a race is told: the status the winner left the request in.
_MOMENT_AGO = {
    Status.ANSWERED: "This request was answered a moment ago.",
    Status.CLOSED: "This request was closed a moment ago.",
    Status.WITHDRAWN: "This request was withdrawn a moment ago.",
    Status.IN_PROGRESS: "Work on this request started a moment ago.",
    Status.CLARIFICATION: "A question was asked about this request a moment ago.",
    Status.OPEN: "The question on this request was answered a moment ago.",
}


def _claim(request: InformationRequest, allowed: Iterable[str], refusal: str) -> None:
    """Lock the request's row for the rest of the transaction and re-read it,
    so two people acting at once take turns, then check its status on the
    locked row. The loser of a race changes nothing and is told what happened
    (``refusal`` where the status was already wrong when they started).
    ``request`` is refreshed in place: the caller sees what was saved."""
    seen = request.status
    request.refresh_from_db(from_queryset=InformationRequest.objects.select_for_update())
    if request.status not in set(allowed):
        if request.status != seen and request.status in _MOMENT_AGO:
            raise ValidationError(_MOMENT_AGO[Status(request.status)])
        raise ValidationError(refusal)


OPEN_STATUSES = (Status.OPEN, Status.CLARIFICATION, Status.IN_PROGRESS)


def _member(user: User, team: Team) -> None:
    permissions.require(
        permissions.can_record_request_for_team(user, team),
        "You can record requests only for a team you belong to.",
    )


def _notify(recipients: Iterable[str], subject: str, path: str) -> None:
    """A notice with no personal data: what kind of thing is waiting, and a link."""
    addresses = [address for address in recipients if address]
    if not addresses:
        return
    base = getattr(settings, "REGISTER_BASE_URL", "")
    body = (
        f"{subject}.\n\nSign in to the safeguarding register to see it:\n{base}{path}\n\n"
        "This message deliberately contains no details."
    )
    # robust: a mail server fault must not turn a saved request into an error
    # page (people would submit it again); the failure is logged by Django.
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses),
        robust=True,
    )


def _new_request(
    *,
    user: User,
    direction: str,
    team: Team,
    subjects: Iterable[Person],
    due_on: date | None,
    due_override_reason: str,
    reason: str,
    **fields: Any,
) -> InformationRequest:
    request = InformationRequest(direction=direction, team=team, **fields)
    if not request.gateway.is_active:
        raise ValidationError({"gateway": f"{request.gateway} is no longer in use."})
    today = timezone.localdate()
    if request.started_on > today or request.started_on < today - timedelta(days=366 * 5):
        raise ValidationError(
            {"started_on": "The date received or sent must be today or earlier, within five years."}
        )
    subjects = list(subjects)
    allowed = set(
        people_changeable_by(user)
        .filter(pk__in=[p.pk for p in subjects])
        .values_list("pk", flat=True)
    )
    if any(person.pk not in allowed for person in subjects):
        raise ValidationError(
            {
                "subjects": "A request can be about people in your team's cases "
                "or recorded by your team."
            }
        )
    default_due = request.gateway.due_on(
        request.started_on, request.urgency, holidays_around(request.started_on)
    )
    if due_on is not None and due_on != default_due:
        if not due_override_reason.strip():
            raise ValidationError(
                {"due_override_reason": "Say why the due date differs from the gateway's default."}
            )
        request.due_on = due_on
        request.due_override_reason = due_override_reason.strip()
    else:
        request.due_on = default_due
        request.due_override_reason = ""
    if request.case_id and not permissions.can_record_request_for_case(
        user,
        request.case,  # type: ignore[arg-type]
        team,
    ):
        raise ValidationError({"case": "Link only a case of the same team that you work on."})
    # A request that names people is personal information, whatever a tick box
    # said (PCSC Act 2022 s16: a health or social care authority may not be
    # asked for it by unticking the box).
    request.includes_personal_information = bool(subjects)
    request.full_clean(exclude=["reference", "due_on", "team"])
    check_gateway(request, subjects=subjects)
    request.reference = next_reference("IR", request.started_on.year)
    _save(request, user=user, reason=reason)
    request.subjects.set(subjects)
    # The team answers the requests it receives; an outgoing request is answered
    # by its recipient alone.
    perms = TEAM_PERMISSIONS if direction == Direction.INCOMING else TEAM_PERMISSIONS[:2]
    for perm in perms:
        assign_perm(perm, team.group, request)
    return request


@transaction.atomic
def request_log_incoming(
    *,
    user: User,
    team: Team,
    subjects: Iterable[Person] = (),
    due_on: date | None = None,
    due_override_reason: str = "",
    **fields: Any,
) -> InformationRequest:
    """Log a request a partner has made of the unit."""
    _member(user, team)
    request = _new_request(
        user=user,
        direction=Direction.INCOMING,
        team=team,
        subjects=subjects,
        due_on=due_on,
        due_override_reason=due_override_reason,
        reason="Incoming request logged",
        receiving_organisation=team.organisation,
        **fields,
    )
    _event(request, EventKind.LOGGED, user)
    return request


@transaction.atomic
def request_send(
    *,
    user: User,
    team: Team,
    recipient: User | None,
    subjects: Iterable[Person] = (),
    due_on: date | None = None,
    due_override_reason: str = "",
    **fields: Any,
) -> InformationRequest:
    """Send a request from the unit to a partner. A named recipient (a school's
    SCPO) may view and answer this one request, and nothing else."""
    _member(user, team)
    receiving = fields["receiving_organisation"]
    if recipient is not None:
        if recipient.organisation_id != receiving.pk:
            raise ValidationError({"recipient": f"{recipient} does not work for {receiving}."})
        if not permissions.may_be_recipient(recipient, receiving):
            raise ValidationError(
                {
                    "recipient": "Only a school's safeguarding officer answers in the register; "
                    "other partners answer by their secure channel."
                }
            )
    request = _new_request(
        user=user,
        direction=Direction.OUTGOING,
        team=team,
        subjects=subjects,
        due_on=due_on,
        due_override_reason=due_override_reason,
        reason="Request sent",
        requesting_organisation=team.organisation,
        recipient=recipient,
        **fields,
    )
    if recipient is not None:
        for perm in RECIPIENT_PERMISSIONS:
            assign_perm(perm, recipient, request)
        _notify(
            [recipient.email],
            "An information request is waiting for you",
            reverse("requests:request_detail", args=[request.pk]),
        )
    _event(request, EventKind.SENT, user)
    return request


def request_duplicates(
    *, requesting_organisation: Organisation, subjects: Iterable[Person], team: Team
) -> list[InformationRequest]:
    """Open incoming requests from the same requester about any of the same people."""
    return list(
        InformationRequest.objects.filter(
            direction=Direction.INCOMING,
            team=team,
            requesting_organisation=requesting_organisation,
            subjects__in=list(subjects),
        )
        .exclude(status__in=[Status.CLOSED, Status.WITHDRAWN])
        .distinct()
    )


@transaction.atomic
def request_viewed(*, user: User, request: InformationRequest) -> None:
    """The recipient opened the request: noted once, so the sender knows it arrived."""
    if (
        request.recipient_id == user.pk
        and not request.events.filter(kind=EventKind.VIEWED).exists()
    ):
        _event(request, EventKind.VIEWED, user)


@transaction.atomic
def request_start(*, user: User, request: InformationRequest) -> InformationRequest:
    permissions.require(
        permissions.is_addressee(user, request),
        "Only the person the request is addressed to works on it.",
    )
    _claim(request, permissions.STARTABLE, "Only a request waiting for work can be started.")
    request.status = Status.IN_PROGRESS
    _save(request, user=user, reason="Work started")
    _event(request, EventKind.IN_PROGRESS, user)
    return request


@transaction.atomic
def request_ask_clarification(*, user: User, request: InformationRequest, question: str) -> None:
    permissions.require(
        permissions.is_addressee(user, request) or permissions.can_manage_request(user, request),
        "Only the person the request is addressed to, or the team that sent it, asks about it.",
    )
    if not question.strip():
        raise ValidationError({"text": "Write the question to ask."})
    _claim(request, OPEN_STATUSES, "This request is no longer open.")
    request.status = Status.CLARIFICATION
    _save(request, user=user, reason="Clarification asked")
    _event(request, EventKind.CLARIFICATION_ASKED, user, question.strip())
    if request.direction == Direction.OUTGOING and user.pk == request.recipient_id:
        team_emails = request.team.group.user_set.values_list("email", flat=True)
        _notify(
            team_emails,
            "A recipient has asked about your information request",
            reverse("requests:request_detail", args=[request.pk]),
        )


@transaction.atomic
def request_give_clarification(*, user: User, request: InformationRequest, answer: str) -> None:
    permissions.require(
        permissions.can_manage_request(user, request),
        "Only the team that recorded the request clarifies it.",
    )
    if not answer.strip():
        raise ValidationError({"text": "Write the clarification."})
    _claim(request, [Status.CLARIFICATION], "No clarification has been asked.")
    request.status = Status.OPEN
    _save(request, user=user, reason="Clarification given")
    _event(request, EventKind.CLARIFICATION_GIVEN, user, answer.strip())
    if request.recipient is not None and user.pk != request.recipient_id:
        _notify(
            [request.recipient.email],
            "An information request has been clarified",
            reverse("requests:request_detail", args=[request.pk]),
        )


@transaction.atomic
def request_change_due(
    *, user: User, request: InformationRequest, due_on: date, reason: str
) -> None:
    permissions.require(
        permissions.can_manage_request(user, request),
        "Only the team that recorded the request changes its due date.",
    )
    if not reason.strip():
        raise ValidationError({"reason": "Say why the due date changes."})
    if len(reason.strip()) > DUE_REASON_LENGTH:
        raise ValidationError(
            {"reason": f"Keep the reason to {DUE_REASON_LENGTH} characters or fewer."}
        )
    _claim(
        request,
        OPEN_STATUSES,
        "The due date of a request that is no longer open does not change.",
    )
    if due_on < request.started_on:
        raise ValidationError(
            {"due_on": "The due date cannot be before the request was received or sent."}
        )
    request.due_on = due_on
    request.due_override_reason = reason.strip()
    _save(request, user=user, reason=f"Due date changed: {reason.strip()}")
    _event(
        request,
        EventKind.DUE_DATE_CHANGED,
        user,
        f"New due date {due_on:%d/%m/%Y}: {reason.strip()}",
    )
    if request.recipient is not None:
        _notify(
            [request.recipient.email],
            "The due date of an information request has changed",
            reverse("requests:request_detail", args=[request.pk]),
        )


@transaction.atomic
def request_close(
    *,
    user: User,
    request: InformationRequest,
    feedback: str,
    used_for: str = "",
    feedback_route: str = "",
    no_feedback_reason: str = "",
) -> InformationRequest:
    """Close the request, closing the loop (seed 001: "unless there is a sound
    reason not to, they should provide feedback on decisions taken"). An
    outgoing request's sharer, the partner who answered, is given feedback in
    the register. An incoming request's requester is outside the register: the
    team records what the information was used for and how the requester was
    told, or the reason they were not."""
    permissions.require(
        permissions.can_manage_request(user, request),
        "Only the team that recorded the request closes it.",
    )
    seen = request.status
    request.refresh_from_db(from_queryset=InformationRequest.objects.select_for_update())
    if request.status in {Status.CLOSED, Status.WITHDRAWN}:
        if request.status != seen:
            raise ValidationError(_MOMENT_AGO[Status(request.status)])
        raise ValidationError("This request is already closed.")
    if request.status != Status.ANSWERED:
        # Closing must not stand in for an answer: every request ends with what
        # was shared or why not, or is withdrawn with a reason.
        raise ValidationError(
            "Record the answer first (or why nothing is shared), "
            "or withdraw the request with a reason."
        )
    if (
        request.direction == Direction.OUTGOING
        and request.status == Status.ANSWERED
        and not feedback.strip()
    ):
        raise ValidationError(
            {"feedback": "Tell the sharer what difference their information made (close the loop)."}
        )
    if request.direction == Direction.INCOMING:
        _check_incoming_feedback(
            used_for=used_for,
            feedback=feedback,
            feedback_route=feedback_route,
            no_feedback_reason=no_feedback_reason,
        )
        request.used_for = used_for.strip()
        request.feedback_route = feedback_route if feedback.strip() else ""
        request.no_feedback_reason = "" if feedback.strip() else no_feedback_reason.strip()
    request.feedback = feedback.strip()
    request.status = Status.CLOSED
    request.closed_at = timezone.now()
    _save(request, user=user, reason="Closed")
    _event(request, EventKind.CLOSED, user, feedback.strip())
    return request


# Fewer characters than this is not a statement of what happened or why: "x",
# "n/a", "none" (a reason, not a placeholder).
FEEDBACK_MIN_LENGTH = 15


def _check_incoming_feedback(
    *, used_for: str, feedback: str, feedback_route: str, no_feedback_reason: str
) -> None:
    errors: dict[str, str] = {}
    if len(used_for.strip()) < FEEDBACK_MIN_LENGTH:
        errors["used_for"] = "Say what the information was used for."
    if feedback.strip():
        if feedback_route not in FeedbackRoute.values:
            errors["feedback_route"] = "Select how you gave the requester feedback."
    elif len(no_feedback_reason.strip()) < FEEDBACK_MIN_LENGTH:
        errors["no_feedback_reason"] = (
            "Say what you told the requester, or give the reason you gave no feedback."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def request_withdraw(*, user: User, request: InformationRequest, reason: str) -> InformationRequest:
    """Withdraw an open request. The reason, of any length, is kept whole on the
    request's event; its history row gets a summary."""
    permissions.require(
        permissions.can_manage_request(user, request),
        "Only the team that recorded the request withdraws it.",
    )
    if not reason.strip():
        raise ValidationError({"reason": "Say why the request is withdrawn."})
    _claim(request, OPEN_STATUSES, "Only an open request can be withdrawn.")
    # An answer waiting for a manager's sign-off is not sent now: the sign-off
    # claims the request's row too, so of the two at once one wins.
    waiting = waiting_answer_claim(request.pk)
    if waiting is not None:
        pending_answer_settle(pending=waiting, state=PendingAnswerState.WITHDRAWN, user=user)
    request.status = Status.WITHDRAWN
    request.closed_at = timezone.now()
    _save(request, user=user, reason=f"Withdrawn: {reason.strip()}")
    _event(request, EventKind.WITHDRAWN, user, reason.strip())
    return request


# An alphabet read out easily over the phone: no 0/O, 1/I/L.
