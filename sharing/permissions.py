"""Who holds which role: the predicates every app's ``permissions.py`` builds on.

A role is a Django group (sharing.roles.Role). Views, services, exports and
tasks ask these questions here and in their app's ``permissions.py``, never by
testing group names inline, so a rule changes in one place."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from .models import User
from .roles import Role
from .selectors import user_role_names

AnyUser = User | AnonymousUser


def has_role(user: AnyUser, role: Role) -> bool:
    """Whether an active, signed-in user holds ``role``."""
    return bool(user.is_authenticated and user.is_active and role.value in user_role_names(user))


def is_manager(user: AnyUser) -> bool:
    return has_role(user, Role.MANAGER)


def is_manager_of(user: AnyUser, organisation_id: int | None) -> bool:
    """A manager of that organisation: oversight, sign-off and break-glass stop
    at the organisation's edge."""
    return (
        organisation_id is not None
        and is_manager(user)
        and getattr(user, "organisation_id", None) == organisation_id
    )


def is_dpo(user: AnyUser) -> bool:
    return has_role(user, Role.DPO)


def is_scpo(user: AnyUser) -> bool:
    return has_role(user, Role.SCPO)


def is_unit_staff(user: AnyUser) -> bool:
    return has_role(user, Role.UNIT_STAFF)


def is_administrator(user: AnyUser) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def is_business_manager(user: AnyUser) -> bool:
    """The partnership business manager: statistics only, never a record."""
    return has_role(user, Role.BUSINESS_MANAGER)


def require_dpo(user: AnyUser) -> None:
    """Refuse anyone but the data protection officer."""
    if not is_dpo(user):
        raise PermissionDenied("Only the data protection officer can do this.")


def require_manager(user: AnyUser) -> None:
    if not is_manager(user):
        raise PermissionDenied("Only a manager can do this.")


def oversees_access(user: AnyUser) -> bool:
    """Managers and the DPO review who was given access and who looked."""
    return is_manager(user) or is_dpo(user)
