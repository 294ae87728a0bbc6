"""Retention's Celery tasks: thin wrappers over the services."""

from celery import shared_task
from django.utils import timezone

from .services import dispose_approved, notify_dpo, retention_sweep
from .services.files import file_deletions_run, private_storage_check
from .services.read_log import read_log_purge
from .subject_access.services import sar_packs_expire


@shared_task(name="retention.sweep")
def retention_sweep_task() -> dict[str, int]:
    """Nightly: flag records due for review or disposal, tell the DPO how
    many became due since the last notice, and remove reads past the read
    log's period."""
    today = timezone.localdate()
    run = retention_sweep(today)
    notice = notify_dpo()
    return {
        "reads_removed": read_log_purge(today),
        "processed": run.processed,
        "changed": run.changed,
        "newly_due": run.newly_due,
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
