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


@register.simple_tag
def case_transfers(case: Any) -> list[Any]:
    """The files sent from this case, for its page (shown to those who may open
    the case: references, where to, due and receipt; no file contents)."""
    return selectors.case_transfers(case)
