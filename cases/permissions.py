"""The one permission path for cases and what hangs off them (people,
participants, chronology). Views, services, other apps' permission modules and
tasks all ask here.

A user sees the cases they hold a grant on (through their team's group or by
name), plus any case they have opened by break-glass for its short while.
Superusers are not special: administrators see no case content unless granted."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sharing.models import User
from sharing.permissions import AnyUser, is_manager
from sharing.selectors import granted, user_role_names

from . import rules
from .models import BreakGlassAccess, Case, CaseGroupObjectPermission, CaseUserObjectPermission

VIEW = "view_case"
CHANGE = "change_case"


def case_access(
    user: User, perm: str, field: str, *, single: bool = False, from_grants: bool = False
) -> Q:
    """The condition that the case whose id is ``field`` is one the (active)
    user may see (``view_case``) or change (``change_case``): their grants, and
    break-glass for managers. ``single`` when the caller narrows it to one case
    or a few, ``from_grants`` when nothing but the grants narrows it (see
    sharing.selectors.granted)."""
    # Break-glass counts only while the user is still a manager of the case's
    # organisation: a manager who moves on loses it at once.
    break_glass = None
    if perm == VIEW and user.organisation_id is not None and is_manager(user):
        break_glass = BreakGlassAccess.objects.filter(
            user=user,
            expires_at__gt=timezone.now(),
            case__team__organisation_id=user.organisation_id,
        ).values("case_id")
    return granted(
        user,
        f"cases.{perm}",
        CaseUserObjectPermission,
        CaseGroupObjectPermission,
        field,
        single=single,
        from_grants=from_grants,
        also=break_glass,
    )


def cases_visible_to(
    user: AnyUser, perm: str = VIEW, *, single: bool = False, from_grants: bool = False
) -> QuerySet[Case]:
    """The cases ``user`` may see (or, with ``perm="change_case"``, change)."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    return Case.objects.filter(
        case_access(user, perm, "pk", single=single, from_grants=from_grants)
    )


def readable_cases(user: AnyUser, *, from_grants: bool = False) -> QuerySet[Case]:
    return cases_visible_to(user, VIEW, from_grants=from_grants)


def changeable_cases(user: AnyUser) -> QuerySet[Case]:
    return cases_visible_to(user, CHANGE)


def get_case_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Case:
    """The case, if ``user`` may see it (``write``: change it); otherwise 404,
    with no hint that it exists."""
    case = (
        cases_visible_to(user, CHANGE if write else VIEW, single=True)
        .select_related("team__organisation", "lead_practitioner", "responsible_authority")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404("No such case.")
    return case


def can_open_case(user: AnyUser, case_id: int | None) -> bool:
    """May ``user`` open this case (team, by name, lead, break-glass)?"""
    return case_id is not None and cases_visible_to(user, single=True).filter(pk=case_id).exists()


def can_change_case(user: AnyUser, case_id: int | None) -> bool:
    return (
        case_id is not None
        and cases_visible_to(user, CHANGE, single=True).filter(pk=case_id).exists()
    )


def can_review_access(user: AnyUser, case: Case) -> bool:
    """Who has looked, and who was given the case by name: the DPO, and managers
    of the case's organisation."""
    return rules.may_review_access(
        user_role_names(user), getattr(user, "organisation_id", None), case.team.organisation_id
    )


def can_break_glass(user: AnyUser, case: Case) -> bool:
    """A manager of the case's organisation may open it in an emergency."""
    return rules.may_break_glass(
        user_role_names(user), getattr(user, "organisation_id", None), case.team.organisation_id
    )
