"""The only writes to information requests. Every gateway rule is checked here,
so every entry point (pages, admin actions, tasks) obeys it."""

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from sharing.models import Team
from sharing.rules import due_date, holidays_around

from ..models import (
    EventKind,
    InformationRequest,
    RequestEvent,
    Status,
)

logger = logging.getLogger(__name__)


def requests_flag_overdue(today: date) -> dict[str, int]:
    """Daily: mark newly overdue requests with an event and send each team
    member and recipient a count and a link, nothing more.

    Set-based and idempotent: one overdue event per request and due date,
    guaranteed by a unique constraint (two runs at once cannot both insert),
    so running it twice flags nothing more, and a request whose due date is
    moved and passes again is flagged again."""
    open_statuses = [Status.OPEN, Status.CLARIFICATION, Status.IN_PROGRESS]
    already = RequestEvent.objects.filter(
        request=OuterRef("pk"),
        kind=EventKind.OVERDUE,
        text=Cast(OuterRef("due_on"), output_field=models.CharField()),
    )
    newly_overdue = list(
        InformationRequest.objects.filter(status__in=open_statuses, due_on__lt=today)
        .filter(~Exists(already))
        .values_list("pk", "due_on")
    )
    now = timezone.now()
    RequestEvent.objects.bulk_create(
        (
            RequestEvent(request_id=pk, kind=EventKind.OVERDUE, at=now, text=due_on.isoformat())
            for pk, due_on in newly_overdue
        ),
        ignore_conflicts=True,
    )
    soon = due_date(today, 2, holidays_around(today))
    due = InformationRequest.objects.filter(status__in=open_statuses, due_on__lte=soon)
    base = getattr(settings, "REGISTER_BASE_URL", "")
    failed = 0
    notices = _notices_by_address(due, today)
    for address, (overdue_count, soon_count, is_recipient) in notices.items():
        subject = f"Information requests: {overdue_count} overdue, {soon_count} due soon"
        path = reverse("requests:inbox" if is_recipient else "requests:dashboard")
        try:
            send_mail(
                subject,
                f"{subject}.\n\nSign in to the safeguarding register to see them:\n{base}{path}\n\n"
                "This message deliberately contains no details.",
                settings.DEFAULT_FROM_EMAIL,
                [address],
            )
        except OSError:
            # One unreachable mailbox must not stop the others; counted, not named.
            failed += 1
    if failed:
        logger.warning("overdue notices: %d of %d could not be sent", failed, len(notices))
    return {"newly_overdue": len(newly_overdue), "notices": len(notices) - failed}


def _notices_by_address(
    due: models.QuerySet[InformationRequest], today: date
) -> dict[str, tuple[int, int, bool]]:
    """Counts per e-mail address (overdue, due soon, whether a recipient):
    active team members for their team's requests, the named recipient for
    requests addressed to them. Counts only, no names."""
    team_members: dict[int, list[str]] = {}
    for group_id, email in Team.objects.filter(group__user__is_active=True).values_list(
        "group_id", "group__user__email"
    ):
        if email:
            team_members.setdefault(group_id, []).append(email)
    counts: dict[str, list[int]] = {}
    recipients: set[str] = set()
    rows = due.values_list("due_on", "recipient__email", "recipient__is_active", "team__group_id")
    for due_on, recipient_email, recipient_active, group_id in rows:
        slot = 0 if due_on < today else 1
        addresses = set(team_members.get(group_id, []))
        if recipient_email and recipient_active:
            addresses.add(recipient_email)
            recipients.add(recipient_email)
        for address in addresses:
            counts.setdefault(address, [0, 0])[slot] += 1
    return {address: (pair[0], pair[1], address in recipients) for address, pair in counts.items()}
