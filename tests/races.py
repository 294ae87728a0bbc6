"""Two people acting at once: each action in its own thread, and so on its own
database connection, all released together. Row locks are PostgreSQL's to
test (SQLite serialises every writer), so these tests run where CI runs them."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; CI runs on it"
)


def at_once(*actions: Callable[[], Any]) -> list[Any]:
    """Run the actions at the same moment. Returns, for each, what it returned
    or the exception it raised (the loser's refusal is what a test asserts)."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[Any] = [None] * len(actions)

    def run(index: int, action: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            outcomes[index] = action()
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def refusals(*actions: Callable[[], Any]) -> list[Exception | None]:
    """``at_once``, keeping only what each raised (None for those that went through)."""
    return [o if isinstance(o, Exception) else None for o in at_once(*actions)]
