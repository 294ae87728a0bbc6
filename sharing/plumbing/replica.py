"""Reads that can wait a moment go to a PostgreSQL replica, when there is one.

Reports, partnership statistics and the DPO's exports read a great deal and
change nothing; a replica a second or two behind serves them as well as the
primary does, and leaves the primary to the practitioners recording work. With
``DATABASE_REPLICA_URL`` set, settings add a ``replica`` database and
``ReplicaRouter``; a view marked ``@reads_from_replica`` (or code inside
``reading_from_replica()``) then reads from it. Everything else, and every
write (the read log included), stays on the primary: a practitioner who has
just saved a record must see it on the next page, which a replica behind the
primary cannot promise. Without a replica nothing changes.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings

REPLICA = "replica"

_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)

V = TypeVar("V", bound=Callable[..., Any])


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES and getattr(settings, "READ_FROM_REPLICA", True)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Reads made inside go to the replica, if one is configured."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def reads_from_replica(view: V) -> V:
    """A view whose reads (after the middleware has signed the user in) go to the replica."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with reading_from_replica():
            return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


class ReplicaRouter:
    """Sends reads to the replica inside ``reading_from_replica()``; nothing else."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if _reading_from_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return None  # always the primary

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary: objects read from
        # either may be related to each other.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # The replica follows the primary's schema by replication.
        return db != REPLICA
