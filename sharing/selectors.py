"""Reads for the sharing framework."""

from typing import Any

from django.contrib.auth.models import AnonymousUser, Permission
from django.db.models import Exists, Model, OuterRef, Q, QuerySet, Subquery
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticToken

from .models import User


def _user_groups(user: User) -> tuple[tuple[int, str], ...]:
    """The user's groups (roles and teams) as (id, name): one query, memoised on
    the user object so a page that asks several times pays once."""
    cached: tuple[tuple[int, str], ...] | None = getattr(user, "_groups_memo", None)
    if cached is None:
        cached = tuple(user.groups.values_list("id", "name"))
        setattr(user, "_groups_memo", cached)  # noqa: B010 - memo on the instance
    return cached


def user_role_names(user: User | AnonymousUser) -> frozenset[str]:
    """The names of the roles (groups) a user holds."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(name for _, name in _user_groups(user))


def granted(
    user: User,
    perm: str,
    user_perms: type[Model],
    group_perms: type[Model],
    field: str = "pk",
    *,
    single: bool = False,
    from_grants: bool = False,
    also: QuerySet[Any] | None = None,
) -> Q:
    """A filter for the objects on which ``user`` holds ``perm`` ("app.codename"),
    directly or through a group, read from guardian's direct permission tables;
    ``also`` is another source of ids to allow (break-glass). ``field`` names
    the object's id where the filter is on another model (a decision's
    ``case_id``).

    guardian's get_objects_for_user joins auth_permission and the user's groups
    inside both subqueries; PostgreSQL then tests every row of the object table
    against them (docs/performance.md). Here the group ids
    are known and the permission id is an init-plan, and the query takes one
    of three shapes, chosen by the caller, who knows what picks the rows:

    - the default, when the page's own filters choose the rows (open requests,
      one recipient, incomplete emergencies): each source is an index-only scan
      on (group or user, permission, object) that PostgreSQL hashes once and
      tests the chosen rows against.
    - ``from_grants``, when the grants themselves choose the rows (the case
      list): the sources are one ``IN (... UNION ALL ...)``, a semi-join
      PostgreSQL may drive from the grants, then read the objects by primary
      key, so the cost follows what the user may see, not the size of the table
      (the ORed subqueries of the default can only be a filter over every row,
      even for a manager who may see none). Not for pages with
      filters of their own: PostgreSQL cannot estimate how many ids a UNION
      yields (it assumes 200) and may then drive a dashboard of 400 open
      requests from a worker's thousands of grants, several times slower.
    - ``single``, when the caller asks about one record (or a few): each is
      probed in the unique index with EXISTS, instead of hashing every id
      granted."""
    groups, direct = grants(user, perm, user_perms, group_perms)
    others = [also] if also is not None else []
    if from_grants:
        ids = (
            groups.order_by()
            .values("content_object_id")
            .union(
                direct.order_by().values("content_object_id"),
                *(source.order_by() for source in others),
                all=True,
            )
        )
        return Q(**{f"{field}__in": ids})
    if single:
        condition = Q(Exists(groups.filter(content_object_id=OuterRef(field)))) | Q(
            Exists(direct.filter(content_object_id=OuterRef(field)))
        )
    else:
        condition = Q(**{f"{field}__in": groups.values("content_object_id")}) | Q(
            **{f"{field}__in": direct.values("content_object_id")}
        )
    for source in others:
        condition |= Q(**{f"{field}__in": source})
    return condition


def grants(
    user: User, perm: str, user_perms: type[Model], group_perms: type[Model]
) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """The rows of guardian's direct permission tables that give ``user``
    ``perm`` ("app.codename") through their groups, and by name."""
    app_label, codename = perm.split(".")
    permission = Subquery(
        Permission.objects.filter(codename=codename, content_type__app_label=app_label)
        .order_by()
        .values("id")[:1]
    )
    groups = group_perms.objects.filter(  # type: ignore[attr-defined]
        group_id__in=[group_id for group_id, _ in _user_groups(user)], permission_id=permission
    )
    direct = user_perms.objects.filter(  # type: ignore[attr-defined]
        user_id=user.pk, permission_id=permission
    )
    return groups, direct


def granted_ids(
    user: User, perm: str, user_perms: type[Model], group_perms: type[Model], limit: int
) -> list[int]:
    """The ids of at most ``limit`` objects ``user`` holds ``perm`` on, through
    groups and by name (a grant by both counts twice): one index-only read of
    at most ``limit`` rows, however many grants there are."""
    groups, direct = grants(user, perm, user_perms, group_perms)
    rows = (
        groups.order_by()
        .values_list("content_object_id", flat=True)
        .union(direct.order_by().values_list("content_object_id", flat=True), all=True)
    )
    return list(rows[:limit])


def grants_at_least(
    user: User, perm: str, user_perms: type[Model], group_perms: type[Model], enough: int
) -> bool:
    """Whether ``user`` holds ``perm`` on at least ``enough`` objects. A list
    chooses its shape by it (sharing.plumbing.pagination, docs/performance.md)."""
    return len(granted_ids(user, perm, user_perms, group_perms, enough)) >= enough


def user_is_verified(user: object) -> bool:
    """Whether this request's user has passed the second factor (set by
    django-otp's middleware; a user without the marker has not)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def user_has_confirmed_device(user: User) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def backup_codes_remaining(user: User) -> list[str]:
    """The backup codes a user has not yet used (each works once)."""
    return list(
        StaticToken.objects.filter(device__user=user, device__confirmed=True)
        .order_by("id")
        .values_list("token", flat=True)
    )


def access_changes_visible_to(user: User) -> QuerySet[Any]:
    """Changes to accounts' teams, roles and second factor that ``user`` reviews:
    the DPO all of them, a manager those of their organisation's accounts."""
    from .models import AccessChange
    from .permissions import is_dpo, is_manager

    changes = AccessChange.objects.select_related("actor", "subject", "group__team")
    if is_dpo(user):
        return changes
    if is_manager(user) and user.organisation_id is not None:
        return changes.filter(subject__organisation_id=user.organisation_id)
    return changes.none()


def status_changes_waiting() -> QuerySet[Any]:
    """Changes to organisations' health or social care status waiting for the
    DPO, oldest first."""
    from .models import StatusChange

    return (
        StatusChange.objects.filter(decided_at=None)
        .select_related("organisation", "requested_by")
        .order_by("requested_at", "id")
    )


def status_changes_decided(limit: int = 20) -> list[Any]:
    """The latest changes the DPO confirmed or declined, newest first."""
    from .models import StatusChange

    return list(
        StatusChange.objects.exclude(decided_at=None)
        .select_related("organisation", "requested_by", "decided_by")
        .order_by("-decided_at", "-id")[:limit]
    )
