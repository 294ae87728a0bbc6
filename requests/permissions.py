"""The one permission path for information requests, their documents and their
secure exports. Views, services, the decisions that answer requests, exports
and tasks all ask here, so a rule changes in one place.

Grants are guardian object permissions on ``InformationRequest``: the owning
team's group views and changes its requests (and, for incoming ones, answers
them); the school safeguarding officer a request is addressed to views and
answers that one request and nothing else. Superusers are not special."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from cases.models import Case
from cases.permissions import can_change_case
from sharing.models import Organisation, OrganisationKind, Team, User
from sharing.permissions import AnyUser, is_scpo
from sharing.roles import Role
from sharing.selectors import granted

from .models import (
    Attachment,
    Direction,
    InformationRequest,
    RequestGroupObjectPermission,
    RequestUserObjectPermission,
    SecureExport,
    Status,
)

VIEW = "view_informationrequest"
CHANGE = "change_informationrequest"
RESPOND = "respond_informationrequest"

# Statuses in which work on an answer may start.
STARTABLE = frozenset({Status.OPEN, Status.CLARIFICATION})


def _requests_with(
    user: AnyUser, perm: str, *, single: bool = False
) -> QuerySet[InformationRequest]:
    """The requests on which an active user holds ``perm``: one SQL query.
    ``single`` when the caller narrows it to one request or a few (see
    sharing.selectors.granted)."""
    if not user.is_authenticated or not user.is_active:
        return InformationRequest.objects.none()
    condition = granted(
        user,
        f"requests.{perm}",
        RequestUserObjectPermission,
        RequestGroupObjectPermission,
        single=single,
    )
    # A recipient's grant lasts only while they still work for the organisation
    # the request went to: an SCPO who moves school loses it at once.
    return InformationRequest.objects.filter(condition).exclude(
        Q(recipient=user) & ~Q(receiving_organisation_id=user.organisation_id)
    )


def readable_requests(user: AnyUser, *, single: bool = False) -> QuerySet[InformationRequest]:
    """The requests ``user`` may open."""
    return _requests_with(user, VIEW, single=single)


def changeable_requests(user: AnyUser, *, single: bool = False) -> QuerySet[InformationRequest]:
    """The requests ``user``'s team recorded and manages."""
    return _requests_with(user, CHANGE, single=single)


def answerable_requests(user: AnyUser, *, single: bool = False) -> QuerySet[InformationRequest]:
    """The requests ``user`` holds the grant to answer: the addressee of an
    outgoing request, the team of an incoming one. Whether they may answer now
    is ``can_answer_request``."""
    return _requests_with(user, RESPOND, single=single)


def get_request_for_user(
    user: AnyUser, pk: int, *, write: bool = False, respond: bool = False
) -> InformationRequest:
    """The request, if ``user`` may see it (``write``: manage it; ``respond``:
    holds the grant to answer it); otherwise 404, with no hint that it exists."""
    perm = CHANGE if write else RESPOND if respond else VIEW
    request = (
        _requests_with(user, perm, single=True)
        .select_related(
            "gateway",
            "requesting_organisation",
            "receiving_organisation",
            "recipient",
            "team",
            "responded_by",
            "case",
        )
        .filter(pk=pk)
        .first()
    )
    if request is None:
        raise Http404("No such request.")
    return request


def _holds(user: AnyUser, request: InformationRequest, perm: str) -> bool:
    return _requests_with(user, perm, single=True).filter(pk=request.pk).exists()


def can_read_request(user: AnyUser, request: InformationRequest) -> bool:
    return _holds(user, request, VIEW)


def can_manage_request(user: AnyUser, request: InformationRequest) -> bool:
    """The recording team: close, withdraw, change the due date, give
    clarification, export. Whether the request's status allows the step is the
    service's check, made on the locked row."""
    return _holds(user, request, CHANGE)


def is_addressee(user: AnyUser, request: InformationRequest) -> bool:
    """Whether ``user`` is the one who answers this request, whatever its status:
    for an outgoing request only the person it is addressed to, while they are
    still a safeguarding officer of the organisation it went to; for an incoming
    one the team that logged it. Both hold the respond grant."""
    if request.direction == Direction.OUTGOING:
        if request.recipient_id is None or request.recipient_id != user.pk:
            return False
        if not is_scpo(user) or getattr(user, "organisation_id", None) != (
            request.receiving_organisation_id
        ):
            return False
    return _holds(user, request, RESPOND)


def can_answer_request(user: AnyUser, request: InformationRequest) -> bool:
    """Only the person the request is addressed to (see ``is_addressee``), and
    only while the request is open."""
    return request.is_open and is_addressee(user, request)


def can_start_request(user: AnyUser, request: InformationRequest) -> bool:
    return request.status in STARTABLE and is_addressee(user, request)


def can_ask_clarification(user: AnyUser, request: InformationRequest) -> bool:
    """Either side asks: the one who answers, or the team that recorded it."""
    return request.is_open and (is_addressee(user, request) or can_manage_request(user, request))


def can_give_clarification(user: AnyUser, request: InformationRequest) -> bool:
    """The requester's side answers a question asked about its request."""
    return request.status == Status.CLARIFICATION and can_manage_request(user, request)


def can_export_request(user: AnyUser, request: InformationRequest) -> bool:
    """Exports are for the team that may change the request."""
    return can_manage_request(user, request)


def can_record_request_for_team(user: AnyUser, team: Team) -> bool:
    """Requests are recorded for a team the user belongs to."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.groups.filter(pk=team.group_id).exists()


def can_record_request_for_case(user: AnyUser, case: Case, team: Team) -> bool:
    """A request about a case is recorded by that case's own team, by someone
    who may work on the case: a request is no way into another team's case."""
    return case.team_id == team.pk and can_change_case(user, case.pk)


def eligible_recipients() -> QuerySet[User]:
    """Who may be named as a request's recipient: active school safeguarding
    officers. Only they answer in the register; other partners answer by their
    secure channel."""
    return User.objects.filter(
        is_active=True, organisation__isnull=False, groups__name=Role.SCPO.value
    )


def may_be_recipient(recipient: User, organisation: Organisation) -> bool:
    """A school's safeguarding officer, working for that school."""
    return (
        recipient.organisation_id == organisation.pk
        and organisation.kind == OrganisationKind.SCHOOL
        and is_scpo(recipient)
    )


def require(allowed: bool, message: str) -> None:
    """Refuse, in plain words, what the pages would refuse."""
    if not allowed:
        raise PermissionDenied(message)


def can_mark_attachment(user: AnyUser, attachment: Attachment) -> bool:
    """Who says whether a document may go to the person it is about: the team
    that recorded the request, and the one who answered with it (seed 000 §6:
    the party sharing says whether it should not be disclosed)."""
    return can_manage_request(user, attachment.request) or is_addressee(user, attachment.request)


def get_attachment_for_user(user: AnyUser, pk: int) -> Attachment:
    """A document of a request the user may open; otherwise 404."""
    attachment = (
        Attachment.objects.filter(pk=pk, request__in=readable_requests(user, single=True))
        .select_related("request")
        .first()
    )
    if attachment is None:
        raise Http404("No such document.")
    return attachment


def get_export_for_user(user: AnyUser, pk: int) -> SecureExport:
    """Exports are for the team that may change the request; otherwise 404."""
    issued = (
        SecureExport.objects.filter(pk=pk, request__in=changeable_requests(user, single=True))
        .select_related("request")
        .first()
    )
    if issued is None:
        raise Http404("No such export.")
    return issued
