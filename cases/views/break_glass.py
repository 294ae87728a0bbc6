"""Break-glass access and its review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from sharing.models import AccessAction
from sharing.plumbing.view_helpers import acting_user, log_reads, shows_refusal

from .. import permissions, rules, selectors, services
from ..forms import (
    BreakGlassForm,
)
from ._common import render_case_page

# --- Break-glass -------------------------------------------------------------


@login_required
def break_glass(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not permissions.can_use_break_glass(user):
        raise PermissionDenied("Break-glass access is for managers.")
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with shows_refusal(request, form) as refused:
            case = services.break_glass_open(
                user=user,
                reference=form.cleaned_data["reference"],
                reason=form.cleaned_data["reason"],
            )
        if not refused:
            log_reads(request, AccessAction.BREAK_GLASS, [case])
            messages.warning(
                request, f"Break-glass access to {case.reference}: logged and listed for review."
            )
            return redirect(case)
    # The page says what is recorded and who reviews it before the manager opens
    # anything: a use cannot be taken back once made.
    hours = int(rules.BREAK_GLASS_DURATION.total_seconds() // 3600)
    return render_case_page(
        request, "cases/break_glass.html", {"form": form, "access_hours": hours})


@login_required
def break_glass_review(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not permissions.can_see_break_glass_log(user):
        raise PermissionDenied("Break-glass review is for managers and the DPO.")
    page = Paginator(selectors.break_glass_log(user), 50).get_page(request.GET.get("page"))
    return render_case_page(
        request, "cases/break_glass_review.html", {"page": page})
