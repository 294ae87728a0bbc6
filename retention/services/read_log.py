"""The read log's retention: ids only (who read which record, when), kept for
its rule's period and then removed in bulk, oldest first, a batch per
transaction. Idempotent: run twice, the second removes nothing."""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from sharing.models import AccessEvent

from .. import rules
from ..models import Action, RecordType, RetentionRule

BATCH = 10_000


def read_log_cutoff(today: date) -> datetime | None:
    """Reads before this moment are past their rule's period (None: no active
    rule that removes them, so nothing is removed)."""
    rule = RetentionRule.objects.filter(
        record_type=RecordType.READ_LOG, is_active=True, action=Action.DISPOSE
    ).first()
    if rule is None:
        return None
    day = rules.add_months(today, -rule.period_months)
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def read_log_purge(today: date) -> int:
    """Remove the reads older than the rule's period; how many went."""
    cutoff = read_log_cutoff(today)
    if cutoff is None:
        return 0
    removed = 0
    while True:
        with transaction.atomic():
            ids = list(
                AccessEvent.objects.filter(at__lt=cutoff)
                .order_by("at", "pk")
                .values_list("pk", flat=True)[:BATCH]
            )
            if not ids:
                return removed
            removed += AccessEvent.objects.filter(pk__in=ids).delete()[0]
