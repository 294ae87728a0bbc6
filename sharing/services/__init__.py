"""Writes for the sharing framework: ``accounts`` (organisations, users, teams,
second factor, the access log); ``pending_answers`` (an answer that waited for a
manager's sign-off, settled). Sharing decisions and disclosures are written
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
    status_change_decide,
    status_change_problem,
    status_change_request,
    team_add_member,
    team_create,
    team_remove_member,
    team_rename,
    totp_device_confirm,
    totp_device_start,
    user_upsert,
)
from .pending_answers import pending_answer_settle, waiting_answer_claim
from .withholding import not_for_subject_set

__all__ = [
    "BACKUP_CODE_COUNT",
    "BACKUP_DEVICE_NAME",
    "TOTP_DEVICE_NAME",
    "access_record",
    "backup_codes_issue",
    "demo_totp_device_ensure",
    "group_membership_change",
    "not_for_subject_set",
    "organisation_upsert",
    "pending_answer_settle",
    "second_factor_revoke",
    "sessions_clear_expired",
    "status_change_decide",
    "status_change_problem",
    "status_change_request",
    "team_add_member",
    "team_create",
    "team_remove_member",
    "team_rename",
    "totp_device_confirm",
    "totp_device_start",
    "user_upsert",
    "waiting_answer_claim",
]
