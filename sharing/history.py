"""Saving a history-tracked row with the acting user and a reason.

simple-history keeps the change reason in a ``varchar(100)``. The reason a
person gives (why a request was withdrawn, why a record is kept) is kept whole
on the record itself; the history row gets a one-line summary that cannot
overflow, so a long reason is never a server error and never cut silently
from the record."""

from django.db import models

HISTORY_REASON_LENGTH = 100


def history_reason(text: str) -> str:
    """A one-line summary of ``text`` that fits simple-history's change reason."""
    line = " ".join(str(text).split())
    if len(line) <= HISTORY_REASON_LENGTH:
        return line
    return line[: HISTORY_REASON_LENGTH - 1].rstrip() + "…"


def save_with_history(
    obj: models.Model, *, user: object, reason: str, **save_kwargs: object
) -> None:
    """Save ``obj`` with ``user`` and a summary of ``reason`` on its history row."""
    obj._history_user = user  # type: ignore[attr-defined]
    obj._change_reason = history_reason(reason)  # type: ignore[attr-defined]
    obj.save(**save_kwargs)  # type: ignore[arg-type]
