"""Reads for the sharing framework."""

from django.contrib.auth.models import AnonymousUser
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticToken

from .models import User


def user_role_names(user: User | AnonymousUser) -> frozenset[str]:
    """The names of the roles (groups) a user holds: one query, memoised on the
    user object so a page that asks twice pays once."""
    if not user.is_authenticated:
        return frozenset()
    cached: frozenset[str] | None = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, "_role_names", cached)  # noqa: B010 - memo on the instance
    return cached


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
