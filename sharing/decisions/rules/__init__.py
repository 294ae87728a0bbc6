"""Pure rules of a sharing decision: the guidance's questions and what they
suggest (seeds 003 and 004), what a complete record needs, when a manager
signs off, and free text that leaves the register. No database, no settings,
no clock. One module per concern; every name is importable from here."""

from .facts import (
    DecisionFacts,
)
from .free_text import (
    COMMON_WORDS,
    MIN_NAME_LENGTH,
    PROTECTED_FILE_NAME_MESSAGE,
    PROTECTED_NAME_ACKNOWLEDGE,
    PROTECTED_NAME_MESSAGE,
    names_in_text,
)
from .guide import (
    GUIDE_QUESTIONS,
    GuideResult,
    decision_guide,
)
from .record import (
    MIN_REASON_LENGTH,
    PLACEHOLDERS,
    PUBLIC_AUTHORITY_KINDS,
    REASON_FIELDS,
    RECORD_CHECKS,
    SCHEDULE_1_HINT,
    RecordCheck,
    copies_another_reason,
    decision_problems,
    is_placeholder,
    is_public_authority,
)
from .timing import (
    CONFIRM_IN_WRITING_REMINDER_EVERY_DAYS,
    emergency_record_due_on,
    emergency_record_overdue,
    needs_sign_off,
    written_confirmation_reminder_due,
)

__all__ = [
    "COMMON_WORDS",
    "CONFIRM_IN_WRITING_REMINDER_EVERY_DAYS",
    "GUIDE_QUESTIONS",
    "MIN_NAME_LENGTH",
    "MIN_REASON_LENGTH",
    "PLACEHOLDERS",
    "PROTECTED_FILE_NAME_MESSAGE",
    "PROTECTED_NAME_ACKNOWLEDGE",
    "PROTECTED_NAME_MESSAGE",
    "PUBLIC_AUTHORITY_KINDS",
    "REASON_FIELDS",
    "RECORD_CHECKS",
    "SCHEDULE_1_HINT",
    "DecisionFacts",
    "GuideResult",
    "RecordCheck",
    "copies_another_reason",
    "decision_guide",
    "decision_problems",
    "emergency_record_due_on",
    "emergency_record_overdue",
    "is_placeholder",
    "is_public_authority",
    "names_in_text",
    "needs_sign_off",
    "written_confirmation_reminder_due",
]
