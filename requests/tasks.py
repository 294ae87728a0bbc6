from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="requests.flag_overdue")
def requests_flag_overdue() -> dict[str, int]:
    """Daily: flag newly overdue requests and send due-soon/overdue notices."""
    return services.requests_flag_overdue(timezone.localdate())
