"""Writing many rows at once without model instances (seed_bench, the
retention sweep, the read log). Reads and everything else go through the ORM."""

import time
from typing import Any

from django.db import connection
from django.utils import timezone


class Table:
    """Rows of one table written as tuples, without model instances.

    The caller gives values for ``given`` (attribute names) in that order; every
    other column takes its field's default (``auto_now``/``auto_now_add``: now,
    nullable: NULL, text: ""), computed once. On PostgreSQL the rows go in with
    COPY; elsewhere (the suite's SQLite) with executemany, each value prepared by
    its field. Model.__init__ and bulk_create's per-value preparation were most
    of the time of seed_bench and of the retention sweep's first run
    (docs/performance.md); COPY of tuples is set-based.

    No signals, no history: callers that need history rows write them too."""

    def __init__(self, model: Any, given: list[str]) -> None:
        self.model = model
        fields = {f.attname: f for f in model._meta.concrete_fields}
        now = timezone.now()
        rest = [
            f for f in model._meta.concrete_fields if f.attname not in given and not f.primary_key
        ]
        tail: list[Any] = []
        for f in rest:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                tail.append(now)
            elif f.has_default():
                tail.append(f.get_default())
            elif f.null:
                tail.append(None)
            elif f.get_internal_type() in {"CharField", "TextField", "SlugField", "FileField"}:
                tail.append("")
            else:
                raise ValueError(f"{model.__name__}.{f.attname} needs a value")
        self.fields = [fields[name] for name in given] + rest
        self.columns = [f.column for f in self.fields]
        # JSON needs its adapter even inside COPY; other types psycopg dumps itself.
        self.json = [i for i, f in enumerate(self.fields) if f.get_internal_type() == "JSONField"]
        self.tail = tuple(tail)

    def _prepared(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        if connection.vendor != "postgresql":
            return tuple(
                f.get_db_prep_save(v, connection) for f, v in zip(self.fields, row, strict=True)
            )
        if not self.json:
            return row
        values = list(row)
        for i in self.json:
            values[i] = self.fields[i].get_db_prep_save(values[i], connection)
        return tuple(values)

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                sql = f"COPY {table} ({columns}) FROM STDIN"
                # COPY goes to psycopg's own cursor, past Django's wrapper: check
                # the transaction and translate errors as Django's execute() does.
                connection.validate_no_broken_transaction()
                started = time.monotonic()
                with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(self._prepared(row + self.tail))
                if connection.queries_logged:
                    # Django's query log (and the query counts that tests pin)
                    # sees only execute(); a COPY is a statement too.
                    connection.queries_log.append(
                        {
                            "sql": f"{sql} ({len(rows)} rows)",
                            "time": f"{time.monotonic() - started:.3f}",
                        }
                    )
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608 - names from models
                    [self._prepared(row + self.tail) for row in rows],
                )


def reserve_ids(model: Any, count: int) -> list[int]:
    """Primary keys for ``count`` rows to be written with their ids (their
    history rows need them). On PostgreSQL from the table's own sequence, safe
    beside other writers; elsewhere (SQLite, single writer) after the largest."""
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT COALESCE(MAX({column}), 0) FROM {table}"  # noqa: S608 - names from models
        )
        last = cursor.fetchone()[0]
    return list(range(last + 1, last + count + 1))
