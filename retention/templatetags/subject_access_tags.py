"""Subject access requests waiting for the DPO, for their home page: counts only."""

from django import template
from django.utils import timezone

from ..subject_access import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def subject_access_work(context: template.Context) -> dict[str, int]:
    user = context["request"].user
    return {
        "open": selectors.open_count(user),
        "overdue": selectors.overdue(user, timezone.localdate()).count(),
    }
