"""The only writes to transfers and term calendars. Each is one transaction;
each state change claims its row (``select_for_update``) and re-checks the
state, so two people acting at once get one result and a plain message.

One module per step: sending, receiving, chasing, calendars."""

from .calendars import (
    term_calendar_seed,
    term_holiday_add,
    term_holiday_remove,
)
from .chasing import (
    transfers_chase,
)
from .receiving import (
    transfer_cancel,
    transfer_for_token,
    transfer_receive,
    transfer_receive_by_link,
    transfer_share,
)
from .sending import (
    OPEN_REQUEST_STATUSES,
    RECEIVING_KINDS,
    receipt_path,
    transfer_gateway,
    transfer_send,
)

__all__ = [
    "OPEN_REQUEST_STATUSES",
    "RECEIVING_KINDS",
    "receipt_path",
    "term_calendar_seed",
    "term_holiday_add",
    "term_holiday_remove",
    "transfer_cancel",
    "transfer_for_token",
    "transfer_gateway",
    "transfer_receive",
    "transfer_receive_by_link",
    "transfer_send",
    "transfer_share",
    "transfers_chase",
]
