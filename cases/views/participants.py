"""People in a case, and its chronology."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from sharing.models import AccessAction
from sharing.view_helpers import kept_search

from .. import permissions, selectors, services
from ..forms import (
    ChronologyEntryForm,
    ParticipantAddForm,
    ParticipantRoleForm,
    PersonSearchForm,
)
from ..models import CaseParticipant, ChronologyEntry
from ._common import PAGE_SIZE, _apply_errors, _changeable_person, _log, _user

# --- Participants ------------------------------------------------------------


@login_required
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = permissions.get_case_for_user(user, pk, write=True)
    terms, to_results = kept_search(request, PersonSearchForm.base_fields)
    if to_results is not None:
        return to_results
    search = PersonSearchForm(terms)
    people = []
    chosen = _changeable_person(user, request.GET.get("person"))
    if chosen is not None:
        # Just recorded on the way here: offer that person.
        people = [chosen]
        _log(request, AccessAction.VIEW, people)
    elif search.is_valid() and (search.cleaned_data["q"] or search.cleaned_data["date_of_birth"]):
        people = list(
            selectors.person_search(
                user,
                search.cleaned_data["q"],
                search.cleaned_data["date_of_birth"],
                changeable=True,
            )[:PAGE_SIZE]
        )
        _log(request, AccessAction.LIST, people)
    form = ParticipantAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = _changeable_person(user, request.POST.get("person"))
        if person is None:
            form.add_error(None, "Choose the person to add.")
            return render(
                request,
                "cases/participant_add.html",
                {"case": case, "search": search, "people": people, "form": form},
            )
        try:
            services.participant_add(
                user=user,
                case=case,
                person=person,
                role=form.cleaned_data["role"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{person} added to the case.")
            return redirect(case)
    return render(
        request,
        "cases/participant_add.html",
        {"case": case, "search": search, "people": people, "form": form},
    )


@login_required
def participant_edit(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    user = _user(request)
    case = permissions.get_case_for_user(user, pk, write=True)
    participant = get_object_or_404(
        CaseParticipant.objects.select_related("person"), pk=participant_pk, case=case
    )
    if request.method == "GET":
        _log(request, AccessAction.VIEW, [participant.person])
    form = ParticipantRoleForm(request.POST or None, instance=participant)
    if request.method == "POST":
        if request.POST.get("remove"):
            try:
                services.participant_remove(
                    user=user, participant=participant, reason=request.POST.get("reason", "")
                )
            except ValidationError as error:
                form.is_valid()
                _apply_errors(form, error)
            else:
                messages.success(request, "Removed from the case.")
                return redirect(case)
        elif form.is_valid():
            try:
                services.participant_change_role(
                    user=user,
                    participant=participant,
                    role=form.cleaned_data["role"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, "Role updated.")
                return redirect(case)
    return render(
        request,
        "cases/participant_edit.html",
        {"case": case, "participant": participant, "form": form},
    )


# --- Chronology --------------------------------------------------------------


@login_required
def chronology_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = permissions.get_case_for_user(user, pk, write=True)
    form = ChronologyEntryForm(
        request.POST or None,
        initial={"occurred_on": timezone.localdate(), "reason": "Chronology entry added"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.chronology_add(
                user=user,
                case=case,
                reason=data.pop("reason"),
                **data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Chronology entry added.")
            return redirect(case)
    return render(
        request, "cases/case_form.html", {"form": form, "case": case, "title": "Add to chronology"}
    )


@login_required
def chronology_edit(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    user = _user(request)
    case = permissions.get_case_for_user(user, pk, write=True)
    entry = get_object_or_404(ChronologyEntry, pk=entry_pk, case=case)
    if request.method == "GET":
        _log(request, AccessAction.VIEW, [entry])
    form = ChronologyEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.chronology_update(user=user, entry=entry, reason=data.pop("reason"), **data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Chronology entry updated.")
            return redirect(case)
    return render(
        request,
        "cases/case_form.html",
        {"form": form, "case": case, "title": "Edit chronology entry"},
    )
