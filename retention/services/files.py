"""Files of disposed records: deleted through an outbox, and private storage
checked for files that nothing points to.

A disposal records the files it leaves behind in its own transaction
(``FileDeletion``); the deletion task works through those rows after the
commit and again on a schedule until each file is gone. Deleting from storage
inside the disposal would delete files of a disposal that then rolls back;
deleting after the commit without a record loses the file for ever if the
process is killed in between."""

import logging
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage, storages
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse

from .. import selectors
from ..models import FileDeletion

logger = logging.getLogger(__name__)

PRIVATE = "private"


def _same(a: Storage, b: Storage) -> bool:
    # A test's settings override builds new storage objects, while a model
    # field keeps the one it was given at import: the same place counts.
    return a is b or (
        type(a) is type(b) and getattr(a, "location", None) == getattr(b, "location", None)
    )


def storage_alias(storage: Storage) -> str:
    """The STORAGES alias of ``storage``, so the deletion task can find it again."""
    for alias in settings.STORAGES:
        if _same(storages[alias], storage):
            return alias
    raise ValueError("A file is kept in a storage the settings do not name.")


def file_deletions_record(files: Iterable[tuple[Storage, str]]) -> int:
    """Record files to delete, in the caller's transaction (the disposal's)."""
    rows = [
        FileDeletion(storage=storage_alias(storage), name=name) for storage, name in files if name
    ]
    FileDeletion.objects.bulk_create(rows)
    return len(rows)


def file_deletions_run(limit: int = 500) -> dict[str, int]:
    """Delete the files waiting in the outbox, a row and a transaction each. A
    file deleted is a row gone; a storage error keeps the row for the next run,
    with its attempts counted. Rows another worker is on are skipped."""
    deleted = failed = 0
    ids = list(FileDeletion.objects.order_by("pk").values_list("pk", flat=True)[:limit])
    for pk in ids:
        with transaction.atomic():
            row = FileDeletion.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if row is None:
                continue
            try:
                # Deleting a file that is already gone is not an error: a run
                # killed after the delete and before its commit repeats it.
                storages[row.storage].delete(row.name)
            except Exception as error:
                row.attempts += 1
                row.last_error = type(error).__name__[:200]
                row.save(update_fields=["attempts", "last_error"])
                failed += 1
            else:
                row.delete()
                deleted += 1
    if failed:
        logger.warning("file deletion: %d deleted, %d failed and kept to retry", deleted, failed)
    return {"deleted": deleted, "failed": failed}


def _private_file_fields() -> list[tuple[type[models.Model], str]]:
    """Every FileField, on any model, whose files live in private storage."""
    private = storages[PRIVATE]
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and _same(field.storage, private):
                found.append((model, field.name))
    return found


def _walk(storage: Storage, folder: str = "") -> Iterable[str]:
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


def private_storage_check() -> dict[str, Any]:
    """Count files in private storage that no record points to and no pending
    deletion covers, tell the DPOs if there are any (counts only: no file
    names, nothing personal) and log the count."""
    storage = storages[PRIVATE]
    known: set[str] = set(
        FileDeletion.objects.filter(storage=PRIVATE).values_list("name", flat=True)
    )
    for model, field in _private_file_fields():
        known.update(
            model._base_manager.exclude(**{field: ""}).values_list(field, flat=True).iterator()
        )
    stored = list(_walk(storage)) if storage.exists("") else []
    orphaned = sum(1 for name in stored if name not in known)
    stuck = FileDeletion.objects.filter(attempts__gt=0).count()
    logger.info(
        "private storage check: %d files, %d pointed to by no record, %d deletions retrying",
        len(stored),
        orphaned,
        stuck,
    )
    if orphaned or stuck:
        addresses = selectors.dpo_addresses()
        if addresses:
            send_mail(
                "Retention: files to look at in private storage",
                f"{orphaned} file{'s' if orphaned != 1 else ''} in private storage "
                "belong to no record.\n"
                f"{stuck} file deletion{'s' if stuck != 1 else ''} after disposal "
                "failed and will be tried again.\n\n"
                "Ask the system administrator to look into them. The retention "
                f"dashboard: {settings.REGISTER_BASE_URL}{reverse('retention:dashboard')}\n\n"
                "This message deliberately contains no details.",
                settings.DEFAULT_FROM_EMAIL,
                addresses,
            )
    return {"files": len(stored), "orphaned": orphaned, "retrying": stuck}
