"""The DPO's retention dashboard, reviews, holds and reports."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cases.models import Case, CaseCategoryKind
from sharing.models import AccessAction, User
from sharing.plumbing.replica import reads_from_replica
from sharing.plumbing.view_helpers import (
    Happened,
    Refusal,
    log_reads,
    refusal_page,
    shows_refusal,
)

from . import forms, permissions, reports, selectors
from .models import HoldScope, RecordType, RetentionRule, RetentionState, Status
from .services import review, rule_changes


def _dpo(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not permissions.can_review_retention(user):
        raise PermissionDenied("The retention dashboard is for the data protection officer.")
    return user


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return _dashboard_page(request, _dpo(request))


def _dashboard_page(
    request: HttpRequest,
    user: User,
    *,
    approve_form: forms.ApproveForm | None = None,
    retain_form: forms.RetainForm | None = None,
    retain_pk: int | None = None,
    hold_form: forms.HoldForm | None = None,
) -> HttpResponse:
    """The dashboard, or the dashboard again with the form the DPO sent and
    what is wrong with it (GOV.UK error summary linked to the field)."""
    status = request.GET.get("status", "")
    record_type = request.GET.get("type", "")
    summary = selectors.dashboard(timezone.localdate())
    paginator = Paginator(selectors.states_for_review(user, status, record_type), 50)
    # The list's count is the summary's, already read (Paginator.count is a
    # cached property: its value set here).
    paginator.__dict__["count"] = selectors.flagged_count(summary, status, record_type)
    page = paginator.get_page(request.GET.get("page"))
    first_tick = None
    for state in page:
        # Each row has its own retain form: ids kept apart so the summary's
        # link lands on the row that was sent.
        state.retain_form = (  # type: ignore[attr-defined]
            retain_form
            if retain_form is not None and state.pk == retain_pk
            else forms.RetainForm(auto_id=f"retain-%s-{state.pk}")
        )
        if first_tick is None and state.status in (Status.DUE_REVIEW, Status.DUE_DISPOSAL):
            first_tick = state.pk
    failed = any(form is not None for form in (approve_form, retain_form, hold_form))
    return render(
        request,
        "retention/dashboard.html",
        {
            "summary": summary,
            "page": page,
            "status": status,
            "record_type": record_type,
            "statuses": Status.choices,
            "record_types": RecordType.choices,
            "holds": selectors.active_holds(user),
            "certificates": selectors.certificates(user)[:20],
            "first_tick": first_tick,
            "approve_form": approve_form or forms.ApproveForm(auto_id="approve-%s"),
            "retain_form": retain_form,
            "hold_form": hold_form or forms.HoldForm(auto_id="hold-%s"),
        },
        status=400 if failed else 200,
    )


@login_required
@require_POST
def approve(request: HttpRequest) -> HttpResponse:
    """Approve disposal of the reviewed records ticked on the dashboard."""
    user = _dpo(request)
    form = forms.ApproveForm(request.POST, auto_id="approve-%s")
    if not form.is_valid():
        return _dashboard_page(request, user, approve_form=form)
    readable = permissions.readable_states(user).filter(pk__in=form.cleaned_data["state"])
    states = list(selectors.with_references(readable.select_related("rule")).order_by("pk"))
    if len(states) != len(form.cleaned_data["state"]):
        gone = Refusal()
        gone.error = ValidationError(review.GONE)
        return _refused(request, gone, "Nothing was approved")
    if not form.cleaned_data["confirmed"]:
        # Disposal cannot be undone: first a page that says exactly what will go,
        # record by record, with what goes with each.
        for state in states:
            state.going_with = selectors.going_with(  # type: ignore[attr-defined]
                state.record_type, state.object_id
            )
        return render(request, "retention/approve_confirm.html", {"states": states})
    with shows_refusal(request, denied=True, on_page=True) as refused:
        count = review.states_approve_disposal(user=user, states=states)
    if refused:
        return _refused(request, refused, "Nothing was approved", _approved_first(states))
    messages.success(request, f"Disposal approved for {count} record{'s' if count != 1 else ''}.")
    return redirect("retention:dashboard")


def _refused(
    request: HttpRequest, refused: Refusal, heading: str, happened: Happened | None = None
) -> HttpResponse:
    """What was not done, and why (another DPO, or the nightly run, acted on
    the record a moment ago), with the way back to the dashboard."""
    return refusal_page(
        request,
        refused,
        heading=heading,
        back_url=reverse("retention:dashboard"),
        back_text="Go back to retention and disposal",
        happened=happened,
    )


def _approved_first(states: list[Any]) -> Happened | None:
    """Who approved one of these records' disposal first, and when (the DPO's
    colleague, whom the dashboard and certificates name too)."""
    first = (
        selectors.with_references(
            RetentionState.objects.filter(
                pk__in=[state.pk for state in states], status=Status.APPROVED
            ).select_related("approved_by", "rule")
        )
        .order_by("approved_at")
        .first()
    )
    if first is None or first.approved_at is None:
        return None
    return Happened(
        what=f"Disposal of {selectors.record_label(first)} approved",
        at=first.approved_at,
        by=first.approved_by,
    )


@login_required
@require_POST
def retain(request: HttpRequest, pk: int) -> HttpResponse:
    user = _dpo(request)
    state = permissions.get_state_for_dpo(user, pk)
    form = forms.RetainForm(request.POST, auto_id=f"retain-%s-{state.pk}")
    if not form.is_valid():
        return _dashboard_page(request, user, retain_form=form, retain_pk=state.pk)
    with shows_refusal(request, form, denied=True, on_page=True) as refused:
        review.state_retain(
            user=user,
            state=state,
            reason=form.cleaned_data["reason"],
            next_review_on=form.cleaned_data["next_review_on"],
        )
    if refused.on_form:
        return _dashboard_page(request, user, retain_form=form, retain_pk=state.pk)
    if refused:
        return _refused(request, refused, "The record was not retained", _approved_first([state]))
    messages.success(request, "Record retained until its next review.")
    return redirect("retention:dashboard")


@login_required
@require_POST
def hold(request: HttpRequest) -> HttpResponse:
    """Place a legal hold: on a record by its reference (a case with everything
    in and under it), on every case of a category, or on an organisation."""
    user = _dpo(request)
    form = forms.HoldForm(request.POST, auto_id="hold-%s")
    if not form.is_valid():
        return _dashboard_page(request, user, hold_form=form)
    data = form.cleaned_data
    with shows_refusal(request, form, denied=True, on_page=True) as refused:
        if data["scope"] == HoldScope.CATEGORY:
            review.hold_place_on_category(
                user=user, category=data["category"], reason=data["reason"]
            )
            what = f"every case that has been {CaseCategoryKind(data['category']).label.lower()}"
        elif data["scope"] == HoldScope.ORGANISATION:
            review.hold_place_on_organisation(
                user=user, organisation=data["organisation"], reason=data["reason"]
            )
            what = f"everything of {data['organisation'].name}"
        else:
            review.hold_place(user=user, record=data["record"], reason=data["reason"])
            what = _named(data["record"])
    if refused.on_form:
        return _dashboard_page(request, user, hold_form=form)
    if refused:
        return _refused(request, refused, "No hold was placed")
    messages.success(request, f"Legal hold placed on {what}.")
    return redirect("retention:dashboard")


def _named(record: Any) -> str:
    reference = getattr(record, "reference", "")
    if isinstance(record, Case):
        return f"case {reference} and everything in it"
    if reference:
        return f"request {reference} and everything under it"
    return f"sharing decision {record.pk}"


@login_required
def record(request: HttpRequest, pk: int) -> HttpResponse:
    """What one record is, without narrative: reference, kind, organisation,
    categories, rule and its source, what the rule counts from, last activity,
    holds covering it, what goes with it. Retain it from here."""
    user = _dpo(request)
    state = permissions.get_state_for_dpo(user, pk)
    named = selectors.with_references(
        permissions.readable_states(user).select_related("rule").filter(pk=state.pk)
    ).first()
    # Its dates (a date of birth, say) are the record's: the read is logged.
    log_reads(request, AccessAction.VIEW, selectors.records_of([state]))
    return render(
        request,
        "retention/record.html",
        {
            "state": named,
            "detail": selectors.record_detail(named or state),
            "retain_form": forms.RetainForm(auto_id=f"retain-%s-{state.pk}"),
            "can_decide": state.status in (Status.DUE_REVIEW, Status.DUE_DISPOSAL),
        },
    )


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    user = _dpo(request)
    return render(request, "retention/rules.html", {"rules": selectors.rules_for(user)})


@login_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The DPO changes a rule, with a reason kept in its history."""
    user = _dpo(request)
    rule = permissions.get_rule_for_dpo(user, pk)
    posted = request.POST if request.method == "POST" else None
    form = forms.RuleForm(posted, instance=RetentionRule.objects.get(pk=rule.pk))
    if posted is not None and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in forms.RuleForm.Meta.fields}
        with shows_refusal(request, form) as refused:
            rule_changes.rule_change(
                user=user, rule=rule, reason=form.cleaned_data["reason"], **fields
            )
        if not refused:
            messages.success(
                request, f"Rule changed: {rule.name}. Records follow it from the next check."
            )
            return redirect("retention:rules")
    return render(
        request,
        "retention/rule_edit.html",
        {"rule": rule, "form": form, "history": rule.history.select_related("history_user")[:20]},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def lift(request: HttpRequest, pk: int) -> HttpResponse:
    """Lifting a hold lets the records it covers be disposed of again, so it
    has a page of its own that says what will happen before anything changes."""
    user = _dpo(request)
    legal_hold = selectors.hold_named(user, pk)
    form = forms.LiftForm(request.POST if request.method == "POST" else None)
    if legal_hold.lifted_at is not None and request.method != "POST":
        # Opened from a page that was out of date: it is already lifted.
        return render(request, "retention/lift_done.html", {"hold": legal_hold})
    if request.method == "POST" and form.is_valid():
        with shows_refusal(request, form, denied=True, on_page=True) as refused:
            review.hold_lift(user=user, hold=legal_hold, reason=form.cleaned_data["reason"])
        if refused and not refused.on_form:
            return _refused(request, refused, "The hold was not lifted", _lifted(user, pk))
        if not refused:
            messages.success(request, f"Legal hold lifted: {selectors.hold_label(legal_hold)}.")
            return redirect("retention:dashboard")
    return render(
        request,
        "retention/lift_confirm.html",
        {"hold": legal_hold, "form": form},
        status=400 if form.is_bound else 200,
    )


def _lifted(user: User, pk: int) -> Happened | None:
    """Who lifted the hold first, and when."""
    hold = permissions.readable_holds(user).select_related("lifted_by").filter(pk=pk).first()
    if hold is None or hold.lifted_at is None:
        return None
    return Happened(what="Lifted", at=hold.lifted_at, by=hold.lifted_by)


def _report_states(request: HttpRequest, user: User) -> Any:
    return selectors.states_for_review(
        user, request.GET.get("status", ""), request.GET.get("type", "")
    )


@login_required
@reads_from_replica
def report_csv(request: HttpRequest) -> HttpResponse:
    user = _dpo(request)
    response = HttpResponse(
        reports.retention_csv(_report_states(request, user)), content_type="text/csv"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="retention-{timezone.localdate():%Y%m%d}.csv"'
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@reads_from_replica
def report_pdf(request: HttpRequest) -> HttpResponse:
    user = _dpo(request)
    today = timezone.localdate()
    body = reports.retention_pdf(
        _report_states(request, user), f"Retention report, {today:%d/%m/%Y}"
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="retention-{today:%Y%m%d}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
