from celery import shared_task
from django.utils import timezone

from .transfers import services


@shared_task(name="cases.chase_transfers")
def chase_transfers() -> dict[str, int]:
    """Weekdays: chase child protection files not received by their due date,
    once a day each, and escalate the long-overdue to the unit's managers."""
    return services.transfers_chase(timezone.localdate())
