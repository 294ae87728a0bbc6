"""Writes for the sharing framework: ``accounts`` (organisations, users, teams,
second factor, the access log) and ``decisions`` (sharing decisions and
disclosures)."""

from .accounts import (
    BACKUP_CODE_COUNT,
    BACKUP_DEVICE_NAME,
    TOTP_DEVICE_NAME,
    access_record,
    backup_codes_issue,
    demo_totp_device_ensure,
    organisation_upsert,
    sessions_clear_expired,
    team_add_member,
    team_create,
    totp_device_confirm,
    totp_device_start,
    user_upsert,
)
from .decisions import (
    decision_complete,
    decision_consent_withdrawn,
    decision_record,
    decision_sign_off,
    disclosure_record,
)

__all__ = [
    "BACKUP_CODE_COUNT",
    "BACKUP_DEVICE_NAME",
    "TOTP_DEVICE_NAME",
    "access_record",
    "backup_codes_issue",
    "decision_complete",
    "decision_consent_withdrawn",
    "decision_record",
    "decision_sign_off",
    "demo_totp_device_ensure",
    "disclosure_record",
    "organisation_upsert",
    "sessions_clear_expired",
    "team_add_member",
    "team_create",
    "totp_device_confirm",
    "totp_device_start",
    "user_upsert",
]
