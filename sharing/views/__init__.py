"""Pages of the sharing framework: signing in and accounts (``accounts``),
sharing decisions (``decisions``)."""

from .accounts import (
    access_changes,
    account,
    admin_login,
    backup_codes_renew,
    healthz,
    home,
    two_factor,
    two_factor_setup,
)

__all__ = [
    "access_changes",
    "account",
    "admin_login",
    "backup_codes_renew",
    "healthz",
    "home",
    "two_factor",
    "two_factor_setup",
]
