from celery import shared_task
from django.utils import timezone

from .disposal import dispose_approved
from .services import notify_dpo, retention_sweep


@shared_task(name="retention.sweep")
def retention_sweep_task() -> dict[str, int]:
    """Nightly: flag records due for review or disposal, and tell the DPO."""
    run = retention_sweep(timezone.localdate())
    notify_dpo(run.newly_due)
    return {"processed": run.processed, "changed": run.changed, "newly_due": run.newly_due}


@shared_task(name="retention.dispose_approved")
def dispose_approved_task() -> int:
    """Nightly, after the sweep: dispose of what the DPO approved."""
    return dispose_approved()
