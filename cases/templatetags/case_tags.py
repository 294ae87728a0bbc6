"""The heading every case page shares: an identity bar naming the child and
the case, and the case's sub-navigation (details, people, chronology, history,
who has access, who has looked)."""

from datetime import timedelta
from typing import Any

from django import template
from django.utils import timezone

from cases import permissions, rules, selectors
from cases.models import Case, CaseParticipant, ParticipantRole

register = template.Library()


@register.inclusion_tag("cases/_case_header.html", takes_context=True)
def case_header(context: template.Context, case: Case, active: str = "details") -> dict[str, Any]:
    """Pages that already know what the viewer may do pass it in their context
    (``can_change``, ``can_review``); the others ask the case's permissions."""
    user = context["request"].user
    can_change = context.get("can_change")
    if can_change is None:
        can_change = permissions.can_change_case(user, case.pk)
    can_review = context.get("can_review")
    if can_review is None:
        can_review = permissions.can_review_access(user, case)
    participants = getattr(case, "participant_list", None)
    can_read = participants is not None or permissions.can_open_case(user, case.pk)
    if participants is None:
        # "Who has looked" is open to reviewers who may not read the case: they
        # see its reference, never the child's name.
        participants = (
            list(CaseParticipant.objects.filter(case=case).select_related("person"))
            if can_read
            else []
        )
    children = [p.person for p in participants if p.role == ParticipantRole.CHILD]
    return {
        # Named through the one masking rule: the header lists children only
        # for those who may open the case.
        "masking": rules.masking_for(may_open_case=can_read),
        "case": case,
        "children": children,
        "active": active,
        "can_read": can_read,
        "can_change": can_change,
        "can_review": can_review,
    }


@register.filter
def children(participants: list[CaseParticipant]) -> list[Any]:
    """The people a case is about: its participants in the child's role."""
    return [p.person for p in participants if p.role == ParticipantRole.CHILD]


@register.simple_tag
def break_glass_work(user: Any) -> dict[str, int]:
    """For a manager's home page: break-glass uses of the last few weeks to
    review. A count only: the list names the cases."""
    since = timezone.now() - timedelta(days=selectors.BREAK_GLASS_REVIEW_DAYS)
    return {
        "uses": selectors.break_glass_uses_since(user, since),
        "days": selectors.BREAK_GLASS_REVIEW_DAYS,
    }
