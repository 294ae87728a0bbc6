"""The only writes to information requests. Every gateway rule is checked here,
so every entry point (pages, admin actions, tasks) obeys it.

A package: ``core`` (making, sending and moving requests through their life),
``answers`` (answers, documents and secure exports), ``overdue`` (the daily check).
"""

from .answers import (
    DECIDED_OUTCOMES,
    answer_problems,
    attachment_not_for_subject,
    documents_check,
    request_answer,
    request_claim_open,
    request_export,
)
from .core import (
    ALLOWED_EXTENSIONS,
    RECIPIENT_PERMISSIONS,
    TEAM_PERMISSIONS,
    check_gateway,
    request_ask_clarification,
    request_change_due,
    request_close,
    request_duplicates,
    request_give_clarification,
    request_log_incoming,
    request_send,
    request_start,
    request_viewed,
    request_withdraw,
)
from .overdue import requests_flag_overdue

__all__ = [
    "ALLOWED_EXTENSIONS",
    "DECIDED_OUTCOMES",
    "RECIPIENT_PERMISSIONS",
    "TEAM_PERMISSIONS",
    "answer_problems",
    "attachment_not_for_subject",
    "check_gateway",
    "documents_check",
    "request_answer",
    "request_ask_clarification",
    "request_change_due",
    "request_claim_open",
    "request_close",
    "request_duplicates",
    "request_export",
    "request_give_clarification",
    "request_log_incoming",
    "request_send",
    "request_start",
    "request_viewed",
    "request_withdraw",
    "requests_flag_overdue",
]
