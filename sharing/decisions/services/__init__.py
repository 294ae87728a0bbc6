"""Recording sharing decisions and disclosures: the only writes to them.

``records`` holds the decision's own life (recording, completion, consent
withdrawn, disclosures); ``sign_off`` a manager's sign-off, which sends the
answer that waited with the decision, or not; ``reminders`` the daily e-mails;
``answers`` answers a request by recording the answerer's decision with it, in
one transaction (one path out)."""

from .answers import held_answer_settle, request_answer_by_decision
from .drafts import (
    DRAFT_LIFETIME,
    decision_problems_for,
    draft_answer_send,
    draft_record,
    draft_section_save,
    draft_start,
    drafts_purge,
)
from .records import (
    CONFIRMED_HOW_LENGTH,
    DPO_ACCESS_DURATION,
    check_sharing_gateway,
    decision_access_open,
    decision_complete,
    decision_consent_withdrawn,
    decision_record,
    disclosure_confirm_in_writing,
    disclosure_item_not_for_subject,
    disclosure_record,
    disclosure_withdrawal_told,
    emergency_record_overdue,
)
from .reminders import decision_reminders_send
from .sign_off import SIGNED_ALREADY, decision_sign_off

__all__ = [
    "CONFIRMED_HOW_LENGTH",
    "DPO_ACCESS_DURATION",
    "DRAFT_LIFETIME",
    "SIGNED_ALREADY",
    "check_sharing_gateway",
    "decision_access_open",
    "decision_complete",
    "decision_consent_withdrawn",
    "decision_problems_for",
    "decision_record",
    "decision_reminders_send",
    "decision_sign_off",
    "disclosure_confirm_in_writing",
    "disclosure_item_not_for_subject",
    "disclosure_record",
    "disclosure_withdrawal_told",
    "draft_answer_send",
    "draft_record",
    "draft_section_save",
    "draft_start",
    "drafts_purge",
    "emergency_record_overdue",
    "held_answer_settle",
    "request_answer_by_decision",
]
