"""The DPO's pages name records by reference (SC-..., IR-...), never by row number
alone: a reference names no one, and it is what the DPO searches and reports by."""

from django import template
from django.utils import timezone

from .. import selectors
from ..models import LegalHold, RetentionState
from ..reports import record_label as _record_label

register = template.Library()


@register.filter
def record_label(state: RetentionState) -> str:
    return _record_label(state)


@register.simple_tag
def retention_work() -> dict[str, object]:
    """What waits for the DPO, for their home page: counts only, no records."""
    return selectors.dashboard(timezone.localdate())


@register.filter
def hold_label(hold: LegalHold) -> str:
    """What a hold covers, by reference (retention.selectors.hold_label)."""
    return selectors.hold_label(hold)
