"""The two lists of requests: the unit's dashboard and a school safeguarding
officer's inbox."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cases import rules as case_rules
from cases import selectors as case_selectors
from sharing.decisions.selectors import (
    decisions_to_confirm_in_writing,
    incomplete_emergency_decisions,
)
from sharing.models import AccessAction
from sharing.plumbing.pagination import WindowPaginator
from sharing.plumbing.view_helpers import (
    acting_user,
    log_reads,
)

from .. import selectors

PAGE_SIZE = 25


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The unit's requests, soonest due first, overdue and due-soon highlighted."""
    user = acting_user(request)
    direction = request.GET.get("direction", "")
    status = request.GET.get("status", "open")
    page = WindowPaginator(
        selectors.unit_dashboard(user, direction=direction, status=status), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    shown = selectors.annotate_due(list(page.object_list), timezone.localdate())
    log_reads(request, AccessAction.LIST, shown)
    return render(
        request,
        "requests/dashboard.html",
        {
            "page": page,
            "requests": shown,
            "direction": direction,
            "status": status,
            "masking": case_rules.TEAM,
            "can_create": case_selectors.user_teams(user).exists(),
            "incomplete_emergency": incomplete_emergency_decisions(user).count(),
            "to_confirm_in_writing": decisions_to_confirm_in_writing(user).count(),
        },
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """A school safeguarding officer's requests: those addressed to them, only."""
    user = acting_user(request)
    include_closed = request.GET.get("all") == "1"
    page = WindowPaginator(
        selectors.scpo_inbox(user, include_closed=include_closed), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    shown = selectors.annotate_due(list(page.object_list), timezone.localdate())
    log_reads(request, AccessAction.LIST, shown)
    return render(
        request,
        "requests/inbox.html",
        {
            "page": page,
            "requests": shown,
            "include_closed": include_closed,
            "masking": case_rules.OUTSIDE,
        },
    )
