"""Writes for the sharing framework: ``accounts`` (organisations, users, teams,
second factor, the access log). Sharing decisions and disclosures are written
by sharing.decisions.services."""

from .accounts import (
    BACKUP_CODE_COUNT,
    BACKUP_DEVICE_NAME,
    TOTP_DEVICE_NAME,
    access_record,
    backup_codes_issue,
    demo_totp_device_ensure,
    group_membership_change,
    organisation_upsert,
    second_factor_revoke,
    sessions_clear_expired,
    team_add_member,
    team_create,
    team_remove_member,
    team_rename,
    totp_device_confirm,
    totp_device_start,
    user_upsert,
)

__all__ = [
    "BACKUP_CODE_COUNT",
    "BACKUP_DEVICE_NAME",
    "TOTP_DEVICE_NAME",
    "access_record",
    "backup_codes_issue",
    "demo_totp_device_ensure",
    "group_membership_change",
    "organisation_upsert",
    "second_factor_revoke",
    "sessions_clear_expired",
    "team_add_member",
    "team_create",
    "team_remove_member",
    "team_rename",
    "totp_device_confirm",
    "totp_device_start",
    "user_upsert",
]
