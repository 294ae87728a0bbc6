from celery import shared_task
from django.utils import timezone

from .services import retention_sweep


@shared_task(name="retention.sweep")
def retention_sweep_task() -> dict[str, int]:
    """Daily: flag records due for review or disposal."""
    run = retention_sweep(timezone.localdate())
    return {"processed": run.processed, "changed": run.changed, "newly_due": run.newly_due}
