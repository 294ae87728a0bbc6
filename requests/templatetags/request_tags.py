"""How a request reads from the viewer's own side: its status as a tag whose
word and colour both differ (New, Waiting for clarification, Due soon,
Overdue, Answered, Closed, Withdrawn), and "Received from" or "Sent to"."""

from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from requests import selectors
from requests.models import InformationRequest, Status

register = template.Library()

# Word and GOV.UK tag colour for each status, as the viewer reads it.
STATUS_TAGS: dict[str, tuple[str, str]] = {
    Status.DRAFT: ("Draft", "govuk-tag--grey"),
    Status.OPEN: ("New", ""),
    Status.CLARIFICATION: ("Waiting for clarification", "govuk-tag--purple"),
    Status.IN_PROGRESS: ("In progress", "govuk-tag--teal"),
    Status.ANSWERED: ("Answered", "govuk-tag--green"),
    Status.CLOSED: ("Closed", "govuk-tag--grey"),
    Status.WITHDRAWN: ("Withdrawn", "govuk-tag--magenta"),
}
DUE_TAGS: dict[str, tuple[str, str]] = {
    "overdue": ("Overdue", "govuk-tag--red"),
    "due-soon": ("Due soon", "govuk-tag--yellow"),
}


def status_tag_for(status: str, due_state: str) -> tuple[str, str]:
    """The tag's word and colour class. Lateness outranks New and In progress:
    it is what the viewer must act on. A request waiting for clarification
    says so, since the next move is the other side's."""
    if status in {Status.OPEN, Status.IN_PROGRESS} and due_state in DUE_TAGS:
        return DUE_TAGS[due_state]
    return STATUS_TAGS.get(status, (status.replace("_", " ").capitalize(), "govuk-tag--grey"))


@register.simple_tag
def request_status_tag(info: InformationRequest) -> SafeString:
    if not hasattr(info, "due_state"):
        selectors.annotate_due([info], timezone.localdate())
    word, colour = status_tag_for(info.status, info.due_state)  # type: ignore[attr-defined]
    return format_html('<strong class="govuk-tag {}">{}</strong>', colour, word)


@register.simple_tag(takes_context=True)
def request_side(context: template.Context, info: InformationRequest) -> str:
    """"Sent to <recipient>" for the side that asked, "Received from <requester>"
    for everyone else (the side asked, such as a school's safeguarding officer)."""
    user: Any = context["request"].user
    if getattr(user, "organisation_id", None) == info.requesting_organisation_id:
        to = str(info.receiving_organisation)
        recipient = info.recipient
        if recipient is not None:
            to = f"{recipient.get_full_name() or recipient.get_username()}, {to}"
        return f"Sent to {to}"
    return f"Received from {info.requesting_organisation}"


@register.simple_tag
def team_request_work(user: Any) -> dict[str, int]:
    """For a unit worker's home page: counts only, no requests named."""
    return selectors.team_request_counts(user, timezone.localdate())


@register.simple_tag
def inbox_work(user: Any) -> dict[str, int]:
    """For a school safeguarding officer's home page: counts only."""
    return selectors.inbox_counts(user, timezone.localdate())
