"""Deleting rows a table at a time, each row counted to the disposal (the
record, by its retention state's id) that took it.

Not ``QuerySet.delete()``: simple-history's cascade_delete_history listens
for post_delete on these models, which stops Django's collector from deleting
in bulk, so it fetched and signalled row by row, a query or more per row
(docs/performance.md). Here each table is one DELETE ... RETURNING for a whole
batch of disposals, parents first: the database's foreign keys are deferred
to the end of the transaction and checked before the batch's transaction
ends, so PROTECT and RESTRICT references are left to them: a row still
pointing at a removed one fails the batch and nothing is lost. RETURNING gives
each removed row's parent, so every row is counted to the disposal it belongs
to and each certificate says what its own record took with it."""

import functools
from typing import Any

from django.db import connection, models
from django.db.models import CASCADE, DO_NOTHING, PROTECT, RESTRICT, SET_NULL
from django.db.models.deletion import get_candidate_relations_to_delete


class Ledger:
    """What a batch removed: per disposal (its retention state's id) the rows
    by table, and for each removed row (table label, id) the disposal that
    took it (so a copy of one, in a draft subject access pack, goes with it)."""

    def __init__(self) -> None:
        self.counts: dict[int, dict[str, int]] = {}
        self.taken: dict[tuple[str, Any], int] = {}

    def add(self, label: str, pk: Any, root: int) -> None:
        table_counts = self.counts.setdefault(root, {})
        table_counts[label] = table_counts.get(label, 0) + 1
        self.taken[(label, pk)] = root

# Values in one IN (...): inside SQLite's limit on parameters as well as
# PostgreSQL's, so a large batch is a few statements, not a failed one.
CHUNK = 900


@functools.cache
def dependants(model: type[models.Model]) -> tuple[list[Any], Any]:
    """The reverse relations whose rows go (CASCADE) or let go (SET_NULL)
    when a row of ``model`` is removed, and its history model (or None)."""
    relations: list[Any] = [
        relation
        for relation in get_candidate_relations_to_delete(model._meta)
        # PROTECT and RESTRICT are left to the database: see the module's note.
        if relation.field.remote_field.on_delete not in (DO_NOTHING, PROTECT, RESTRICT)  # type: ignore[attr-defined]
    ]
    history = getattr(model, "history", None)
    return relations, (history.model if history is not None else None)


def remove(model: type[models.Model], ids: dict[Any, int], ledger: Ledger) -> None:
    """Delete the rows of ``model`` with these ids (each mapped to the
    disposal it belongs to), everything that cascades from them and their
    history rows, a statement per table (per CHUNK rows)."""
    remove_where(model, model._meta.pk.column, ids, ledger)


def remove_where(model: Any, column: str, values: dict[Any, int], ledger: Ledger) -> None:
    """Delete the rows of ``model`` whose ``column`` is one of ``values``
    (each mapped to its disposal), and what goes with them."""
    if not values:
        return
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    removed: dict[Any, int] = {}
    keys = list(values)
    with connection.cursor() as cursor:
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"DELETE FROM {table} WHERE {quote(column)} IN ({marks}) "  # noqa: S608 - names from models
                f"RETURNING {pk}, {quote(column)}",
                chunk,
            )
            for row_pk, value in cursor.fetchall():
                removed[row_pk] = values[value]
    if not removed:
        return
    label = model._meta.label
    for row_pk, root in removed.items():
        ledger.add(label, row_pk, root)
    relations, history = dependants(model)
    for relation in relations:
        field = relation.field
        if field.remote_field.on_delete is CASCADE:
            remove_where(relation.related_model, field.column, removed, ledger)
        elif field.remote_field.on_delete is SET_NULL:
            ids = list(removed)
            for start in range(0, len(ids), CHUNK):
                relation.related_model._base_manager.filter(
                    **{f"{field.attname}__in": ids[start : start + CHUNK]}
                ).update(**{field.attname: None})
        else:  # SET_DEFAULT, SET(): no model of the register uses them; a new one
            # must be handled here before disposal can remove what points at it.
            raise TypeError(f"{relation} uses {field.remote_field.on_delete}")
    if history is not None:  # history rows carry the record's id
        remove_where(history, "id", removed, ledger)
