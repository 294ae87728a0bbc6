"""The nightly count of the figures most asked for."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from sharing.plumbing.replica import reading_from_replica

from .figures import NIGHTLY_KEEP_HOURS, count_and_keep
from .rules import reporting_year


@shared_task(name="reports.count_figures")
def count_figures() -> int:
    """Count this reporting year's and last year's figures and keep them until
    the next night's count, so the statistics page opens on kept figures. The
    count reads from the replica when there is one. Returns how many periods
    were counted."""
    today = timezone.localdate()
    this_year = reporting_year(today)
    last_year = reporting_year(this_year.start - timedelta(days=1))
    with reading_from_replica():
        for period in (this_year, last_year):
            count_and_keep(period, today, NIGHTLY_KEEP_HOURS * 3600)
    return 2
