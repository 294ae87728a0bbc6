"""The DPO's home page: how many changes to organisations' health or social
care status wait for them."""

from django import template

from ..selectors import status_changes_waiting

register = template.Library()


@register.simple_tag
def status_changes_waiting_count() -> int:
    return status_changes_waiting().count()
