"""Retention's Celery tasks: thin wrappers over the services."""

from celery import shared_task
from django.utils import timezone

from .services import dispose_approved, notify_dpo, sweep_chunk, sweep_plan
from .services.files import file_deletions_run, private_storage_check
from .services.read_log import read_log_purge
from .subject_access.services import sar_packs_expire


@shared_task(name="retention.sweep")
def retention_sweep_task() -> dict[str, int]:
    """Nightly: flag records due for review or disposal, fanned out over the
    workers a chunk of ids at a time (the worker that finishes the last chunk
    tells the DPO how many became due), and remove reads past the read log's
    period."""
    today = timezone.localdate()
    run, chunk_ids = sweep_plan(today)
    for chunk_id in chunk_ids:
        retention_sweep_chunk_task.delay(chunk_id)
    if not chunk_ids:
        notify_dpo()
    run.refresh_from_db()
    return {
        "reads_removed": read_log_purge(today),
        "chunks": len(chunk_ids),
        # What is done by now: all of it where tasks run in-process.
        "processed": run.processed,
        "changed": run.changed,
        "newly_due": run.newly_due,
    }


@shared_task(name="retention.sweep_chunk")
def retention_sweep_chunk_task(chunk_id: int) -> dict[str, int]:
    """One chunk of the nightly sweep, if no other worker has claimed it."""
    swept, finished = sweep_chunk(chunk_id)
    notice = notify_dpo() if finished else None
    return {
        "swept": int(swept),
        "notified": notice.newly_due if notice else 0,
    }


@shared_task(name="retention.dispose_approved")
def dispose_approved_task() -> int:
    """Nightly, after the sweep: dispose of what the DPO approved, then delete
    the files the disposals committed to the outbox."""
    disposed = dispose_approved()
    if disposed:
        delete_files_task.delay()
    return disposed


@shared_task(name="retention.delete_files")
def delete_files_task() -> dict[str, int]:
    """After each disposal run, and every 15 minutes on the beat schedule:
    delete the files waiting in the outbox. A file that cannot be deleted
    keeps its row and is tried again next time, until it is gone."""
    return file_deletions_run()


@shared_task(name="retention.check_private_storage")
def check_private_storage_task() -> dict[str, int]:
    """Weekly: count files in private storage that no record points to."""
    result = private_storage_check()
    return {key: int(value) for key, value in result.items()}


@shared_task(name="retention.expire_subject_access_packs")
def expire_subject_access_packs_task() -> int:
    """Nightly: delete released subject access packs whose time is up, then
    the files they leave in the outbox."""
    expired = sar_packs_expire(timezone.localdate())
    if expired:
        delete_files_task.delay()
    return expired
