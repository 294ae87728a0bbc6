"""The decisions' scheduled job: a thin wrapper over its service."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="decisions.send_reminders")
def decisions_send_reminders() -> dict[str, int]:
    """Weekday mornings: overdue emergency records to managers, "tell them
    later" dates to the makers (sharing/migrations/0019_schedule_decision_reminders.py)."""
    return services.decision_reminders_send(timezone.localdate())


@shared_task(name="decisions.purge_drafts")
def decisions_purge_drafts() -> int:
    """Nightly: delete decision drafts that have expired
    (sharing/migrations/0026_decision_drafts.py)."""
    return services.drafts_purge(timezone.now())
