"""A case's categories: what kind of work it is (child protection, looked
after...), which decides how long it is kept. Changed with a reason, each
change in the case's history; a category is ended, never deleted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from sharing.models import AccessAction
from sharing.plumbing.view_helpers import acting_user, log_reads, shows_refusal

from .. import permissions, services
from ..forms import CaseCategoryChangeForm, CaseCategoryForm
from ..models import CaseCategory
from ._common import render_case_page


@login_required
def case_categories(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = permissions.get_case_for_user(user, pk, write=True)
    if request.method == "GET":
        log_reads(request, AccessAction.VIEW, [case])
    posted = request.POST if request.method == "POST" else None
    form = CaseCategoryForm(posted, initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with shows_refusal(request, form) as refused:
            period = services.case_category_add(
                user=user,
                case=case,
                category=data["category"],
                allegation_outcome=data["allegation_outcome"],
                started_on=data["started_on"],
                reason=data["reason"],
            )
        if not refused:
            messages.success(request, f"{period.get_category_display()} added to the case.")
            return redirect("cases:case_categories", pk=case.pk)
    return render_case_page(
        request,
        "cases/case_categories.html",
        {"case": case, "form": form, "periods": case.categories.select_related("recorded_by")},
    )


@login_required
def case_category_change(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    user = acting_user(request)
    case = permissions.get_case_for_user(user, pk, write=True)
    period = CaseCategory.objects.filter(case=case, pk=period_pk).first()
    if period is None:
        raise Http404("No such category on this case.")
    if request.method == "GET":
        log_reads(request, AccessAction.VIEW, [case])
    form = CaseCategoryChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with shows_refusal(request, form) as refused:
            services.case_category_change(
                user=user,
                period=period,
                ended_on=data["ended_on"],
                allegation_outcome=data["allegation_outcome"],
                reason=data["reason"],
            )
        if not refused:
            messages.success(request, f"{period.get_category_display()} changed.")
            return redirect("cases:case_categories", pk=case.pk)
    return render_case_page(
        request,
        "cases/case_category_change.html",
        {"case": case, "period": period, "form": form},
    )
