"""Cases: list, detail, open, edit, close, history, access."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from sharing.models import AccessAction
from sharing.plumbing.pagination import CappedPaginator, capped_page, capped_pager
from sharing.plumbing.view_helpers import (
    acting_user,
    kept_search,
    log_reads,
    parse_id,
    shows_refusal,
)

from .. import permissions, selectors, services
from ..forms import (
    CaseCloseForm,
    CaseForm,
    CaseGrantForm,
    CaseOpenForm,
    CaseRevokeForm,
    CaseSearchForm,
)
from ._common import PAGE_SIZE, render_case_page

# --- Cases -----------------------------------------------------------------


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    teams = selectors.user_teams(user)
    form, to_results = kept_search(request, CaseSearchForm, teams=teams)
    if to_results is not None:
        return to_results
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "text": data["q"],
            "date_of_birth": data["date_of_birth"],
            "status": data["status"],
            "team_id": data["team"].pk if data["team"] else None,
        }
    # Counted to 1,000, then "more than"; pages past that read by keyset.
    paginator = CappedPaginator(
        selectors.case_list(user, **filters), PAGE_SIZE, keys=("opened_on", "pk")
    )
    page = capped_page(paginator, request.GET)
    shown = list(page.object_list)
    log_reads(request, AccessAction.LIST, [*shown, *(p.person for c in shown for p in c.children)])
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("after", None)
    return render_case_page(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "pager": capped_pager(page, query.urlencode()),
            "cases": shown,
            "can_open": teams.exists(),
        },
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = selectors.case_detail(user, pk)
    people = [p.person for p in case.participant_list]  # type: ignore[attr-defined]
    log_reads(request, AccessAction.VIEW, [case, *case.entry_list, *people])  # type: ignore[attr-defined]
    can_change = bool(case.user_can_change)  # type: ignore[attr-defined] # as can_change_case
    context = {
        "case": case,
        "participants": case.participant_list,  # type: ignore[attr-defined]
        "entries": case.entry_list,  # type: ignore[attr-defined]
        "can_change": can_change,
        # Requests are recorded by the unit's teams, about cases they may change.
        "can_request": can_change and selectors.user_teams(user).exists(),
        "can_review": permissions.can_review_access(user, case),
    }
    return render_case_page(
        request, "cases/case_detail.html", context)


@login_required
def case_open(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    child = selectors.changeable_person(user, parse_id(request.GET.get("child")))
    if child is None:
        messages.info(
            request, "Find or record the child first, then open the case from their page."
        )
        return redirect("cases:person_search")
    if request.method == "GET":
        log_reads(request, AccessAction.VIEW, [child])
    teams = selectors.user_teams(user)
    form = CaseOpenForm(
        request.POST or None,
        teams=teams,
        organisation=user.organisation,
        initial={"opened_on": timezone.localdate(), "team": teams.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with shows_refusal(request, form) as refused:
            case = services.case_open(
                user=user,
                team=data["team"],
                child=child,
                summary=data["summary"],
                opened_on=data["opened_on"],
                lead_practitioner=data["lead_practitioner"],
                responsible_authority=data["responsible_authority"],
                moving_between_authorities=data["moving_between_authorities"],
                reason=data["reason"],
            )
        if not refused:
            messages.success(request, f"Case {case.reference} opened.")
            return redirect(case)
    return render_case_page(
        request, "cases/case_open.html", {"form": form, "child": child})


@login_required
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = permissions.get_case_for_user(user, pk, write=True)
    if request.method == "GET":
        log_reads(request, AccessAction.VIEW, [case])
    form = CaseForm(request.POST or None, instance=case, organisation=case.team.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in CaseForm.Meta.fields}
        with shows_refusal(request, form) as refused:
            # The form has already set the fields on the instance; the service validates and saves.
            services.case_update(user=user, case=case, reason=data["reason"], **fields)
        if not refused:
            messages.success(request, "Case updated.")
            return redirect(case)
    return render_case_page(
        request, "cases/case_form.html", {"form": form, "case": case, "title": "Edit case"}
    )


@login_required
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = permissions.get_case_for_user(user, pk, write=True)
    if not case.is_open:
        messages.info(request, f"Case {case.reference} is already closed.")
        return redirect(case)
    form = CaseCloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with shows_refusal(request, form) as refused:
            services.case_close(
                user=user,
                case=case,
                closed_on=form.cleaned_data["closed_on"],
                reason=form.cleaned_data["reason"],
            )
        if not refused:
            messages.success(request, f"Case {case.reference} closed.")
            return redirect(case)
    # Closing cannot be undone: the page says what will happen before the form.
    return render_case_page(
        request, "cases/case_close.html", {"form": form, "case": case})


@login_required
def case_history(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = permissions.get_case_for_user(user, pk)
    # The history shows the chronology and the people too, old versions included.
    log_reads(request, AccessAction.HISTORY, [case, *selectors.case_history_records(case)])
    return render_case_page(
        request, "cases/case_history.html", {"case": case, "rows": selectors.case_history(case)}
    )


@login_required
def case_access_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has looked at this case: for the DPO and the organisation's managers,
    who need not have access to the case's content to see it."""
    user = acting_user(request)
    case = selectors.case_for_access_review(pk)
    if not permissions.can_review_access(user, case):
        raise Http404("No such case.")
    page = Paginator(selectors.case_access_events(case), 50).get_page(request.GET.get("page"))
    rows = selectors.access_log_rows(case, list(page))
    return render_case_page(
        request,
        "cases/case_access_log.html",
        {"case": case, "page": page, "rows": rows},
        may_open_case=permissions.can_open_case(user, case.pk),
    )


@login_required
def case_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Who may see this case: its team, and practitioners given it by name.
    Someone who may change the case may give it to a colleague in the same
    organisation, or take a named grant away; never to or from themselves."""
    user = acting_user(request)
    case = permissions.get_case_for_user(user, pk, write=True)
    if request.method == "GET":
        # The page is headed with the case and the child it is about: a read.
        log_reads(request, AccessAction.VIEW, [case, *selectors.case_children(case)])
    colleagues = selectors.colleagues_for_grants(user, case)
    # Each row's "Remove" button posts ``revoke``; the form below posts a grant.
    revoking = request.method == "POST" and "revoke" in request.POST
    revoke_form = CaseRevokeForm(request.POST if revoking else None, practitioners=colleagues)
    form = CaseGrantForm(None if revoking else (request.POST or None), practitioners=colleagues)
    if revoking and revoke_form.is_valid():
        practitioner = revoke_form.cleaned_data["revoke"]
        with shows_refusal(request, revoke_form, denied=True) as refused:
            services.case_revoke(
                user=user,
                case=case,
                practitioner=practitioner,
                reason=revoke_form.cleaned_data["reason"],
            )
        if not refused:
            messages.success(request, f"Access removed from {practitioner}.")
            return redirect("cases:case_access", pk=case.pk)
    if request.method == "POST" and not revoking and form.is_valid():
        data = form.cleaned_data
        with shows_refusal(request, form, denied=True) as refused:
            services.case_grant(
                user=user,
                case=case,
                practitioner=data["practitioner"],
                can_change=data["can_change"],
                reason=data["reason"],
            )
        if not refused:
            messages.success(request, f"{data['practitioner']} can now see this case.")
            return redirect("cases:case_access", pk=case.pk)
    return render_case_page(
        request,
        "cases/case_access.html",
        {
            "case": case,
            "form": form,
            "revoke_form": revoke_form,
            "named": selectors.case_named_access(case),
        },
    )
