"""Pages of the sharing framework: signing in and accounts (``accounts``).
The sharing decisions' pages are sharing.decisions.views."""

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
