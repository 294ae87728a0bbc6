"""The DPO's pages name records by reference (SC-..., IR-...), never by row number
alone: a reference names no one, and it is what the DPO searches and reports by."""

from django import template

from ..models import RetentionState
from ..reports import record_label as _record_label

register = template.Library()


@register.filter
def record_label(state: RetentionState) -> str:
    return _record_label(state)
