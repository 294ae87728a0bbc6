"""Helpers the case pages share."""

from typing import Any

from sharing.models import User
from sharing.plumbing.view_helpers import acting_user as _user
from sharing.plumbing.view_helpers import apply_errors as _apply_errors
from sharing.plumbing.view_helpers import log_reads as _log
from sharing.plumbing.view_helpers import parse_id as _id

from .. import selectors

PAGE_SIZE = 25

__all__ = ["PAGE_SIZE", "_apply_errors", "_changeable_person", "_id", "_log", "_user"]


def _changeable_person(user: User, value: str | None) -> Any:
    pk = _id(value)
    if pk is None:
        return None
    return selectors.people_changeable_by(user).filter(pk=pk).first()
