"""Recording a request: logging one that came in, sending one out. Both start
from a case or from people, offered as the request's subjects."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cases import rules as case_rules
from cases import selectors as case_selectors
from cases.forms import PersonSearchForm
from sharing.models import AccessAction
from sharing.plumbing.view_helpers import (
    acting_user,
    kept_search,
    log_reads,
    parse_id,
    shows_refusal,
)

from .. import selectors, services
from ..forms import (
    IncomingRequestForm,
    OutgoingRequestForm,
    SeparateRequestForm,
)
from .lists import PAGE_SIZE


def _request_form(
    request: HttpRequest, form_class: type[Any]
) -> tuple[Any, dict[str, Any]] | HttpResponse:
    """The form for a new request, and what it is about: started from a case
    (``?case=<id>``) and/or people (``?person=<id>``, repeated), who are offered
    as its subjects. People are added by a search on the same page, whose terms
    are kept out of the address like every search's. Returns the search's
    redirect when one was posted."""
    user = acting_user(request)
    team_list = list(case_selectors.user_teams(user))
    if not team_list:
        raise PermissionDenied("Only members of a unit team record requests.")
    search, to_results = kept_search(request, PersonSearchForm)
    if to_results is not None:
        return to_results
    person_ids = [
        pk for pk in (parse_id(v) for v in request.GET.getlist("person")) if pk is not None
    ]
    about = selectors.request_about(
        user, case_id=parse_id(request.GET.get("case")), person_ids=person_ids
    )
    # A case's own team records requests about it, where the user is in it.
    team = next((t for t in team_list if about.case and t.pk == about.case.team_id), team_list[0])
    initial: dict[str, Any] = {
        "team": team,
        "started_on": timezone.localdate(),
        "subjects": about.ticked,
        "case": about.case,
    }
    form = form_class(
        request.POST or None,
        teams=case_selectors.user_teams(user),
        people=about.people or None,
        cases=about.cases or None,
        initial=initial,
    )
    found: list[tuple[Any, str]] = []
    if search.is_bound and search.is_valid():
        data = search.cleaned_data
        if data["q"] or data["date_of_birth"]:
            offered = [p.pk for p in about.people]
            for person in selectors.people_to_add(
                user, data["q"], data["date_of_birth"], offered=offered, limit=PAGE_SIZE
            ):
                query = request.GET.copy()
                query.pop("s", None)
                query.appendlist("person", str(person.pk))
                found.append((person, f"{request.path}?{query.urlencode()}"))
    return form, {
        "about": about,
        "search": search,
        "searched": search.is_bound,
        "found": found,
    }


def _render_request_form(
    request: HttpRequest, form: Any, context: dict[str, Any], **more: Any
) -> HttpResponse:
    about = context["about"]
    # The page shows names and case references: reads, logged.
    if about.people or about.cases:
        log_reads(request, AccessAction.VIEW, [*about.people, *about.cases])
    if context["found"]:
        log_reads(request, AccessAction.LIST, [p for p, _ in context["found"]])
    # The people offered are those the user may add to a case of theirs.
    masking = case_rules.TEAM
    return render(
        request,
        "requests/request_form.html",
        {"form": form, "masking": masking, **context, **more},
    )


@login_required
def log_incoming(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    prepared = _request_form(request, IncomingRequestForm)
    if isinstance(prepared, HttpResponse):
        return prepared
    form, about = prepared
    duplicates: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        duplicates = services.request_duplicates(
            requesting_organisation=data["requesting_organisation"],
            subjects=data["subjects"],
            team=data["team"],
        )
        separate = SeparateRequestForm(request.POST)
        if duplicates and not (
            separate.is_valid() and separate.cleaned_data["confirm_not_duplicate"]
        ):
            form.add_error(
                None,
                "This requester already has an open request about the same person. "
                "Check it, or confirm this is a separate request.",
            )
        else:
            with shows_refusal(request, form) as refused:
                created = services.request_log_incoming(user=user, **data)
            if not refused:
                messages.success(
                    request, f"Request {created.reference} logged, due {created.due_on:%d/%m/%Y}."
                )
                return redirect(created)
    return _render_request_form(
        request, form, about, title="Log an incoming request", duplicates=duplicates
    )


@login_required
def send_outgoing(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    prepared = _request_form(request, OutgoingRequestForm)
    if isinstance(prepared, HttpResponse):
        return prepared
    form, about = prepared
    if request.method == "POST" and form.is_valid():
        with shows_refusal(request, form) as refused:
            created = services.request_send(user=user, **form.cleaned_data)
        if not refused:
            messages.success(
                request, f"Request {created.reference} sent, due {created.due_on:%d/%m/%Y}."
            )
            return redirect(created)
    return _render_request_form(request, form, about, title="Send a request", duplicates=[])
