"""Emergencies recorded after the event, written confirmation of spoken shares, and
when a manager signs off.
Pure: no database, no settings, no clock."""

from collections.abc import Collection
from datetime import date

from ...choices import (
    ConsentStatus,
    DecisionOutcome,
)
from ...rules import due_date

# --- Emergencies: shared first, recorded after (seed 001) ----------------------------


def emergency_record_due_on(
    made_on: date, within_working_days: int, holidays: Collection[date]
) -> date:
    """The last day an emergency record may stay incomplete: ``within_working_days``
    working days after the day it was made (seed 001: document the action after
    the event, with a clear rationale)."""
    return due_date(made_on, within_working_days, holidays)


def emergency_record_overdue(
    *, made_on: date, today: date, within_working_days: int, holidays: Collection[date]
) -> bool:
    """An incomplete emergency record past its day: it authorises nothing more
    until completed, and the organisation's managers are told daily."""
    return today > emergency_record_due_on(made_on, within_working_days, holidays)


# A spoken share is confirmed in writing (seed 000 §6); its recorder is reminded the
# next working day, then weekly until it is.
CONFIRM_IN_WRITING_REMINDER_EVERY_DAYS = 7


def written_confirmation_reminder_due(
    *, shared_on: date, today: date, holidays: Collection[date]
) -> bool:
    """Whether today is a day to remind the recorder of a share in person or by
    telephone not yet confirmed in writing: the working day after it was shared,
    and every week after that."""
    first = due_date(shared_on, 1, holidays)
    return today >= first and (today - first).days % CONFIRM_IN_WRITING_REMINDER_EVERY_DAYS == 0


def needs_sign_off(outcome: str, consent_status: str) -> bool:
    """A decision not to share, or to share against refused or withdrawn consent,
    is final only when a manager has signed it off."""
    return outcome == DecisionOutcome.DO_NOT_SHARE or ConsentStatus.against_consent(consent_status)
