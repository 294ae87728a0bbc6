"""Finding, recording and editing people."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

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
    PersonCreateForm,
    PersonForm,
    PersonSearchForm,
)
from ._common import PAGE_SIZE, render_case_page

# --- People ------------------------------------------------------------------


@login_required
def person_search(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form, to_results = kept_search(request, PersonSearchForm)
    if to_results is not None:
        return to_results
    people = []
    searched = (
        form.is_bound
        and form.is_valid()
        and bool(form.cleaned_data["q"] or form.cleaned_data["date_of_birth"])
    )
    if searched:
        people = list(
            selectors.person_search(
                user, form.cleaned_data["q"], form.cleaned_data["date_of_birth"]
            )[:PAGE_SIZE]
        )
        log_reads(request, AccessAction.LIST, people)
    return render_case_page(
        request,
        "cases/person_search.html",
        {"form": form, "people": people, "searched": searched},
    )


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    """Record a new person, after checking they are not already recorded."""
    user = acting_user(request)
    teams = selectors.user_teams(user)
    if not teams.exists():
        raise PermissionDenied("Only members of a team can record people.")
    form = PersonCreateForm(
        request.POST or None,
        teams=teams,
        initial={"team": teams.first()},
        offer_confirm="confirm_not_duplicate" in request.POST,
    )
    matches: list[Any] = []
    hidden_match = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        matches, hidden_match = selectors.person_possible_duplicates(
            user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
            nhs_number=data["nhs_number"],
            upn=data["upn"],
            la_identifier=data["la_identifier"],
        )
        if matches:
            log_reads(request, AccessAction.LIST, matches)
        if (matches or hidden_match) and not data.get("confirm_not_duplicate"):
            form.offer_confirm()
            form.add_error(
                None,
                "This person may already be recorded. Check the matches, use an existing "
                "record if it is the same person, or confirm this is someone else.",
            )
        else:
            fields = {name: data[name] for name in PersonForm.Meta.fields}
            with shows_refusal(request, form) as refused:
                person = services.person_create(
                    user=user, team=data["team"], reason=data["reason"], **fields
                )
            if not refused:
                messages.success(request, f"{person} recorded.")
                return redirect(_after_person(request, person.pk))
    return render_case_page(
        request,
        "cases/person_form.html",
        {
            "form": form,
            "matches": matches,
            "hidden_match": hidden_match,
            "title": "Record a person",
            "return_case": request.GET.get("case", ""),
        },
    )


def _after_person(request: HttpRequest, person_pk: int) -> str:
    case_pk = parse_id(request.GET.get("case"))
    if case_pk is not None:
        return reverse("cases:participant_add", args=[case_pk]) + f"?q=&person={person_pk}"
    return reverse("cases:person_detail", args=[person_pk])


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    person = selectors.person_for_user(user, pk)
    log_reads(request, AccessAction.VIEW, [person])
    participations = selectors.person_cases(user, person)
    # Requests are recorded by the unit's teams, about people they may act for.
    can_request = selectors.may_record_requests_about(user, person)
    return render_case_page(
        request,
        "cases/person_detail.html",
        {"person": person, "participations": participations, "can_request": can_request},
    )


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    # Seeing a person is not enough to change them: view-only grants and
    # break-glass give 404 here.
    person = selectors.changeable_person(user, pk)
    if person is None:
        raise Http404("No such person.")
    if request.method == "GET":
        log_reads(request, AccessAction.VIEW, [person])
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in PersonForm.Meta.fields}
        with shows_refusal(request, form) as refused:
            services.person_update(user=user, person=person, reason=data["reason"], **fields)
        if not refused:
            messages.success(request, "Details updated.")
            return redirect(person)
    return render_case_page(
        request, "cases/person_form.html", {"form": form, "person": person, "title": "Edit details"}
    )
