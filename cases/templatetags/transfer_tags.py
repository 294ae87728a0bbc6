"""The home page's counts of child protection files on the move."""

from typing import Any

from django import template
from django.utils import timezone

from cases.transfers import selectors

register = template.Library()


@register.simple_tag
def transfer_work(user: Any) -> dict[str, int]:
    """Files waiting for the user to confirm receipt, their side's files not
    yet received (and overdue), and for the unit the partnership's overdue files."""
    return selectors.transfer_counts(user, timezone.localdate())
