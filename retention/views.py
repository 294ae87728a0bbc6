"""The DPO's retention dashboard, reviews, holds and reports."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.models import Case
from sharing.models import User

from . import disposal, reports, selectors
from .models import LegalHold, RecordType, RetentionState, Status


def _dpo(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not selectors.is_dpo(user):
        raise PermissionDenied("The retention dashboard is for the data protection officer.")
    return user


def _messages(error: ValidationError | PermissionDenied) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _dpo(request)
    status = request.GET.get("status", "")
    record_type = request.GET.get("type", "")
    page = Paginator(selectors.states_for_review(status, record_type), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "retention/dashboard.html",
        {
            "summary": selectors.dashboard(timezone.localdate()),
            "page": page,
            "status": status,
            "record_type": record_type,
            "statuses": Status.choices,
            "record_types": RecordType.choices,
            "holds": selectors.active_holds(),
            "certificates": selectors.certificates()[:20],
        },
    )


@login_required
@require_POST
def approve(request: HttpRequest) -> HttpResponse:
    """Approve disposal of the reviewed records ticked on the dashboard."""
    user = _dpo(request)
    ids = [int(v) for v in request.POST.getlist("state") if v.isascii() and v.isdigit()]
    states = list(RetentionState.objects.filter(pk__in=ids).select_related("rule"))
    if not states:
        messages.error(request, "Tick the records to approve first.")
        return redirect("retention:dashboard")
    try:
        count = disposal.states_approve_disposal(user=user, states=states)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, "Nothing was approved: " + _messages(error))
    else:
        messages.success(
            request, f"Disposal approved for {count} record{'s' if count != 1 else ''}."
        )
    return redirect("retention:dashboard")


@login_required
@require_POST
def retain(request: HttpRequest, pk: int) -> HttpResponse:
    user = _dpo(request)
    state = selectors.state_for_dpo(user, pk)
    try:
        next_review = date.fromisoformat(request.POST.get("next_review_on", ""))
    except ValueError:
        messages.error(request, "Give the next review date.")
        return redirect("retention:dashboard")
    try:
        disposal.state_retain(
            user=user,
            state=state,
            reason=request.POST.get("reason", ""),
            next_review_on=next_review,
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _messages(error))
    else:
        messages.success(request, "Record retained until its next review.")
    return redirect("retention:dashboard")


@login_required
@require_POST
def hold(request: HttpRequest) -> HttpResponse:
    """Place a legal hold on a case by its reference."""
    user = _dpo(request)
    case = Case.objects.filter(reference=request.POST.get("reference", "").strip().upper()).first()
    if case is None:
        messages.error(request, "There is no case with that reference.")
        return redirect("retention:dashboard")
    try:
        disposal.hold_place(user=user, record=case, reason=request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _messages(error))
    else:
        messages.success(request, f"Legal hold placed on case {case.reference}.")
    return redirect("retention:dashboard")


@login_required
@require_POST
def lift(request: HttpRequest, pk: int) -> HttpResponse:
    user = _dpo(request)
    legal_hold = LegalHold.objects.filter(pk=pk).first()
    if legal_hold is None:
        raise Http404("No such hold.")
    try:
        disposal.hold_lift(user=user, hold=legal_hold, reason=request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _messages(error))
    else:
        messages.success(request, "Legal hold lifted.")
    return redirect("retention:dashboard")


def _report_states(request: HttpRequest) -> Any:
    return selectors.states_for_review(request.GET.get("status", ""), request.GET.get("type", ""))


@login_required
def report_csv(request: HttpRequest) -> HttpResponse:
    _dpo(request)
    response = HttpResponse(reports.retention_csv(_report_states(request)), content_type="text/csv")
    response["Content-Disposition"] = (
        f'attachment; filename="retention-{timezone.localdate():%Y%m%d}.csv"'
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    _dpo(request)
    today = timezone.localdate()
    body = reports.retention_pdf(_report_states(request), f"Retention report, {today:%d/%m/%Y}")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="retention-{today:%Y%m%d}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
