"""The one permission path for cases and what hangs off them (people,
participants, chronology). Views, services, other apps' permission modules and
tasks all ask here.

A user sees the cases they hold a grant on (through their team's group or by
name), plus any case they have opened by break-glass for its short while.
Superusers are not special: administrators see no case content unless granted."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sharing.models import Organisation, Team, User
from sharing.permissions import (
    AnyUser,
    is_dpo,
    is_manager,
    is_scpo,
    is_unit_staff,
    oversees_access,
)
from sharing.roles import Role
from sharing.selectors import granted, grants_at_least, user_role_names

from . import rules
from .models import (
    BreakGlassAccess,
    Case,
    CaseGroupObjectPermission,
    CaseParticipant,
    CaseUserObjectPermission,
    Person,
    Transfer,
    TransferStatus,
)

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


# From how many grants a list of cases is read newest first from the index,
# each case probed for the user's grant, rather than driven by the grants: with
# a few hundred grants, reading them all and sorting is cheaper than walking
# the index past other teams' cases; with thousands, the walk finds a page's
# worth in a few hundred entries whatever the register's size
# (docs/performance.md, "Lists that stay flat").
MANY_CASE_GRANTS = 500


def has_many_case_grants(user: AnyUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return grants_at_least(
        user, f"cases.{VIEW}", CaseUserObjectPermission, CaseGroupObjectPermission, MANY_CASE_GRANTS
    )


def readable_cases(user: AnyUser, *, from_grants: bool = False) -> QuerySet[Case]:
    return cases_visible_to(user, VIEW, from_grants=from_grants)


def changeable_cases(user: AnyUser) -> QuerySet[Case]:
    return cases_visible_to(user, CHANGE)


def get_case_for_user(
    user: AnyUser, pk: int, *, write: bool = False, with_can_change: bool = False
) -> Case:
    """The case, if ``user`` may see it (``write``: change it); otherwise 404,
    with no hint that it exists. ``with_can_change``: read with it, in the same
    statement, whether the user may change it (``case.user_can_change``), as
    ``can_change_case`` would answer."""
    cases = cases_visible_to(user, CHANGE if write else VIEW, single=True)
    if with_can_change:
        cases = cases.annotate(
            user_can_change=Exists(
                cases_visible_to(user, CHANGE, single=True).filter(pk=OuterRef("pk"))
            )
        )
    case = (
        cases.select_related("team__organisation", "lead_practitioner", "responsible_authority")
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


def require_change_case(user: AnyUser, case: Case) -> None:
    """Services refuse what the pages refuse: only someone who may change the
    case changes it, its people or its chronology."""
    if not can_change_case(user, case.pk):
        raise PermissionDenied("You cannot change this case.")


# --- Break-glass ---------------------------------------------------------------


def can_use_break_glass(user: AnyUser) -> bool:
    """The break-glass page is for managers; which cases they may open is
    can_break_glass's question."""
    return is_manager(user)


def can_see_break_glass_log(user: AnyUser) -> bool:
    """Managers review their organisation's break-glass accesses, the DPO all."""
    return oversees_access(user)


def break_glass_log(user: AnyUser) -> QuerySet[BreakGlassAccess]:
    """Break-glass accesses ``user`` may review: a manager sees their
    organisation's, the DPO all, anyone else none."""
    accesses = BreakGlassAccess.objects.select_related("user", "case__team__organisation")
    if is_dpo(user):
        return accesses
    organisation_id = getattr(user, "organisation_id", None)
    if is_manager(user) and organisation_id:
        return accesses.filter(case__team__organisation_id=organisation_id)
    return accesses.none()


# --- Teams and people ----------------------------------------------------------


def user_teams(user: AnyUser) -> QuerySet[Team]:
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    return Team.objects.filter(group__user=user).select_related("organisation")


def is_team_member(user: AnyUser, team: Team) -> bool:
    """People are recorded, and cases opened, only for a team one belongs to."""
    return user_teams(user).filter(pk=team.pk).exists()


def people_visible_to(user: AnyUser) -> QuerySet[Person]:
    """People in cases the user may see, and people their teams recorded."""
    return Person.objects.filter(_person_access(user, "view_case"))


def people_changeable_by(user: AnyUser) -> QuerySet[Person]:
    """People the user may edit or add to a case: those in cases they may change,
    and those their teams recorded. Seeing a person (by a view-only grant or
    break-glass) is not enough to carry them into another case."""
    return Person.objects.filter(_person_access(user, "change_case"))


def can_change_person(user: AnyUser, person: Person) -> bool:
    return people_changeable_by(user).filter(pk=person.pk).exists()


def require_change_person(user: AnyUser, person: Person) -> None:
    if not can_change_person(user, person):
        raise PermissionDenied("You cannot change this person's details or add them to a case.")


def _person_access(user: AnyUser, perm: str) -> Q:
    """Every use narrows the people first (one person, a name searched for, the
    details of a possible duplicate), so each is probed: one of their
    participations in a case the user holds ``perm`` on, through the permission
    index, or their team's record. Listing every person in every visible case
    instead grew with the number of cases a worker can see (docs/performance.md)."""
    teams = Q(owning_team__in=user_teams(user).values("pk"))
    if not user.is_authenticated or not user.is_active:
        return teams
    in_case = CaseParticipant.objects.filter(
        case_access(user, perm, "case_id", single=True),
        person_id=OuterRef("pk"),
    )
    return Q(Exists(in_case)) | teams


# --- Moving a child's file -----------------------------------------------------
# A transfer is read by two sides. The sender's side (the sending team, and
# whoever sent it) sees the file they sent until it is received, then only the
# transfer record: what went, to whom, when, the receipt. The receiving side
# (the named safeguarding lead, or without a name the receiving organisation's
# safeguarding leads, or for an authority its unit staff and managers) sees the
# file and confirms receipt. Nobody else sees it, whatever their role.

RECEIVING_ROLES_SCHOOL = (Role.SCPO,)
RECEIVING_ROLES_AUTHORITY = (Role.UNIT_STAFF, Role.MANAGER)


def _receiving_roles(organisation_kind: str) -> tuple[Role, ...]:
    return RECEIVING_ROLES_SCHOOL if organisation_kind == "school" else RECEIVING_ROLES_AUTHORITY


def lead_q(user: User) -> Q:
    """Transfers ``user`` receives as a lead: named, or one of the receiving
    organisation's leads when nobody is named."""
    roles = user_role_names(user)
    named = Q(receiving_user=user)
    if user.organisation_id is None:
        return named
    kinds_for_role = []
    if Role.SCPO.value in roles:
        kinds_for_role.append(Q(receiving_organisation__kind="school"))
    if roles & {Role.UNIT_STAFF.value, Role.MANAGER.value}:
        kinds_for_role.append(~Q(receiving_organisation__kind="school"))
    if not kinds_for_role:
        return named
    unnamed = Q(receiving_user__isnull=True, receiving_organisation_id=user.organisation_id)
    by_role = kinds_for_role[0]
    for extra in kinds_for_role[1:]:
        by_role |= extra
    return named | (unnamed & by_role)


def receiver_q(user: User) -> Q:
    """Transfers whose receiving side ``user`` is on: as a lead, or given the
    file by a lead (while they are still at the receiving organisation)."""
    shared = Transfer.shared_with.through.objects.filter(
        transfer_id=OuterRef("pk"), user_id=user.pk
    )
    return lead_q(user) | Q(Exists(shared), receiving_organisation_id=user.organisation_id)


def sender_q(user: User) -> Q:
    return Q(sent_by=user) | Q(sending_team__in=user_teams(user).values("pk"))


def readable_transfers(user: AnyUser) -> QuerySet[Transfer]:
    """Transfers ``user`` is a side of: sent by them or their team, or addressed to them."""
    if not user.is_authenticated or not user.is_active:
        return Transfer.objects.none()
    return Transfer.objects.filter(sender_q(user) | receiver_q(user))


def transfers_to_receive(user: AnyUser) -> QuerySet[Transfer]:
    if not user.is_authenticated or not user.is_active:
        return Transfer.objects.none()
    return Transfer.objects.filter(receiver_q(user))


def transfers_sent_by(user: AnyUser) -> QuerySet[Transfer]:
    if not user.is_authenticated or not user.is_active:
        return Transfer.objects.none()
    return Transfer.objects.filter(sender_q(user))


def get_transfer_for_user(user: AnyUser, pk: int) -> Transfer:
    """The transfer, if ``user`` is one of its sides; otherwise 404."""
    transfer = (
        readable_transfers(user)
        .select_related(
            "sending_organisation",
            "receiving_organisation",
            "receiving_user",
            "sent_by",
            "received_by",
            "gateway",
            "case",
            "sending_team",
        )
        .filter(pk=pk)
        .first()
    )
    if transfer is None:
        raise Http404("No such transfer.")
    return transfer


def get_transfer_to_receive(user: AnyUser, pk: int) -> Transfer:
    """A transfer whose receiving side ``user`` is on; 404 for anyone else,
    the sender included."""
    transfer = (
        transfers_to_receive(user).select_related("sending_organisation").filter(pk=pk).first()
    )
    if transfer is None:
        raise Http404("No such transfer.")
    return transfer


def get_transfer_sent_by(user: AnyUser, pk: int) -> Transfer:
    """A transfer sent by ``user`` or their team; 404 for anyone else."""
    transfer = (
        transfers_sent_by(user).select_related("receiving_organisation").filter(pk=pk).first()
    )
    if transfer is None:
        raise Http404("No such transfer.")
    return transfer


def is_transfer_receiver(user: AnyUser, transfer: Transfer) -> bool:
    return transfers_to_receive(user).filter(pk=transfer.pk).exists()


def is_transfer_sender(user: AnyUser, transfer: Transfer) -> bool:
    return transfers_sent_by(user).filter(pk=transfer.pk).exists()


def can_read_transferred_file(user: AnyUser, transfer: Transfer) -> bool:
    """The file itself (the child, the summary, the chronology): the receiving
    side while it is not cancelled; the sender only until it is received, after
    which they keep the transfer record alone."""
    if transfer.status == TransferStatus.CANCELLED:
        return False
    if is_transfer_receiver(user, transfer):
        return True
    return transfer.status == TransferStatus.SENT and is_transfer_sender(user, transfer)


def can_confirm_receipt(user: AnyUser, transfer: Transfer) -> bool:
    return transfer.status == TransferStatus.SENT and is_transfer_receiver(user, transfer)


def can_share_transfer(user: AnyUser, transfer: Transfer) -> bool:
    """The receiving lead gives the file to a colleague (a deputy lead) while it waits
    or after receipt; people given it do not pass it on."""
    if transfer.status == TransferStatus.CANCELLED:
        return False
    if not user.is_authenticated or not user.is_active:
        return False
    return Transfer.objects.filter(lead_q(user), pk=transfer.pk).exists()


def transfer_colleagues(user: User, transfer: Transfer) -> QuerySet[User]:
    """Whom the lead may give the file to: active colleagues at the receiving
    organisation not already on its receiving side."""
    return (
        User.objects.filter(organisation_id=transfer.receiving_organisation_id, is_active=True)
        .exclude(pk=user.pk)
        .exclude(pk__in=transfer.shared_with.values("pk"))
        .order_by("last_name", "first_name", "pk")
    )


def can_cancel_transfer(user: AnyUser, transfer: Transfer) -> bool:
    return transfer.status == TransferStatus.SENT and is_transfer_sender(user, transfer)


def can_send_transfer(user: AnyUser, case: Case) -> bool:
    """Whoever may change the case sends its file on: the school's safeguarding
    lead for a school's case, the unit's team for the unit's."""
    return can_change_case(user, case.pk)


def require_transfer(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def may_receive_for(user: User, organisation_id: int, organisation_kind: str) -> bool:
    """Whether ``user`` could be named as the receiving lead of that organisation."""
    roles = user_role_names(user)
    return (
        user.is_active
        and user.organisation_id == organisation_id
        and any(role.value in roles for role in _receiving_roles(organisation_kind))
    )


def can_edit_term_calendar(user: AnyUser, organisation_id: int | None) -> bool:
    """A school's term dates: its safeguarding lead (SCPO) or a manager there."""
    if organisation_id is None or getattr(user, "organisation_id", None) != organisation_id:
        return False
    if not (is_scpo(user) or is_manager(user)):
        return False
    return Organisation.objects.filter(pk=organisation_id, kind="school").exists()


def may_see_partnership_transfers(user: AnyUser) -> bool:
    """By role: unit staff and managers (their organisation's kind is
    sees_partnership_transfers's question)."""
    return is_unit_staff(user) or is_manager(user)


def sees_partnership_transfers(user: AnyUser) -> bool:
    """The unit (its staff and managers in a safeguarding partnership) sees the
    references of overdue files across the partnership, never their contents."""
    organisation_id = getattr(user, "organisation_id", None)
    return bool(
        organisation_id is not None
        and (is_unit_staff(user) or is_manager(user))
        and Organisation.objects.filter(
            pk=organisation_id, kind="safeguarding_partnership"
        ).exists()
    )
