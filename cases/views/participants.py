"""People in a case, and its chronology."""

from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from sharing.forms import NotForSubjectForm
from sharing.models import AccessAction
from sharing.plumbing.view_helpers import (
    acting_user,
    kept_search,
    log_reads,
    parse_id,
    shows_refusal,
)

from .. import permissions, selectors, services
from ..forms import (
    ChronologyEntryForm,
    ParticipantAddForm,
    ParticipantAddPersonForm,
    ParticipantRoleForm,
    PersonSearchForm,
)
from ._common import PAGE_SIZE, render_case_page

# --- Participants ------------------------------------------------------------


@login_required
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = permissions.get_case_for_user(user, pk, write=True)
    search, to_results = kept_search(request, PersonSearchForm)
    if to_results is not None:
        return to_results
    people = []
    chosen = selectors.changeable_person(user, parse_id(request.GET.get("person")))
    if chosen is not None:
        # Just recorded on the way here: offer that person.
        people = [chosen]
        log_reads(request, AccessAction.VIEW, people)
    elif (
        search.is_bound
        and search.is_valid()
        and (search.cleaned_data["q"] or search.cleaned_data["date_of_birth"])
    ):
        people = list(
            selectors.person_search(
                user,
                search.cleaned_data["q"],
                search.cleaned_data["date_of_birth"],
                changeable=True,
            )[:PAGE_SIZE]
        )
        log_reads(request, AccessAction.LIST, people)
    adding = request.method == "POST" and "search" not in request.POST
    form = ParticipantAddForm(request.POST if adding else None)
    # Only someone the user may carry into a case can be chosen.
    choice = ParticipantAddPersonForm(
        request.POST if adding else None, people=selectors.people_changeable_by(user)
    )
    if adding and not choice.is_valid():
        form.is_valid()
        for error in choice.errors.get("person", []):
            form.add_error(None, error)
    elif adding and form.is_valid():
        person = choice.cleaned_data["person"]
        with shows_refusal(request, form) as refused:
            services.participant_add(
                user=user,
                case=case,
                person=person,
                role=form.cleaned_data["role"],
                reason=form.cleaned_data["reason"],
            )
        if not refused:
            messages.success(request, f"{person} added to the case.")
            return redirect(case)
    return render_case_page(
        request,
        "cases/participant_add.html",
        {"case": case, "search": search, "people": people, "form": form},
    )


@login_required
def participant_edit(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    user = acting_user(request)
    case = permissions.get_case_for_user(user, pk, write=True)
    participant = selectors.case_participant(case, participant_pk)
    if request.method == "GET":
        log_reads(request, AccessAction.VIEW, [participant.person])
    # The page's two buttons post the same form: "Save role" changes the role,
    # "Remove from case" (``remove``) removes the person, each with the reason
    # given. Removing checks the form on a copy, so the role typed in the
    # meantime never reaches the participant the service checks.
    removing = request.method == "POST" and "remove" in request.POST
    form = ParticipantRoleForm(
        request.POST or None, instance=copy(participant) if removing else participant
    )
    if request.method == "POST" and form.is_valid():
        with shows_refusal(request, form) as refused:
            if removing:
                services.participant_remove(
                    user=user, participant=participant, reason=form.cleaned_data["reason"]
                )
            else:
                services.participant_change_role(
                    user=user,
                    participant=participant,
                    role=form.cleaned_data["role"],
                    reason=form.cleaned_data["reason"],
                )
        if not refused:
            messages.success(request, "Removed from the case." if removing else "Role updated.")
            return redirect(case)
    return render_case_page(
        request,
        "cases/participant_edit.html",
        {"case": case, "participant": participant, "form": form},
    )


# --- Chronology --------------------------------------------------------------


@login_required
def chronology_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    case = permissions.get_case_for_user(user, pk, write=True)
    form = ChronologyEntryForm(
        request.POST or None,
        initial={"occurred_on": timezone.localdate(), "reason": "Chronology entry added"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with shows_refusal(request, form) as refused:
            services.chronology_add(
                user=user,
                case=case,
                reason=data.pop("reason"),
                **data,
            )
        if not refused:
            messages.success(request, "Chronology entry added.")
            return redirect(case)
    return render_case_page(
        request, "cases/case_form.html", {"form": form, "case": case, "title": "Add to chronology"}
    )


@login_required
def chronology_edit(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    user = acting_user(request)
    case = permissions.get_case_for_user(user, pk, write=True)
    entry = selectors.chronology_entry(case, entry_pk)
    if request.method == "GET":
        log_reads(request, AccessAction.VIEW, [entry])
    form = ChronologyEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with shows_refusal(request, form) as refused:
            services.chronology_update(user=user, entry=entry, reason=data.pop("reason"), **data)
        if not refused:
            messages.success(request, "Chronology entry updated.")
            return redirect(case)
    return render_case_page(
        request,
        "cases/case_form.html",
        {"form": form, "case": case, "title": "Edit chronology entry"},
    )


@login_required
def chronology_not_for_subject(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """Whether an entry may go to the person it is about if they ask for their
    records (seed 000 §6), for whoever may change the case."""
    user = acting_user(request)
    case = permissions.get_case_for_user(user, pk, write=True)
    entry = selectors.chronology_entry(case, entry_pk)
    if request.method == "GET":
        log_reads(request, AccessAction.VIEW, [entry])
    form = NotForSubjectForm(
        request.POST or None,
        initial={
            "not_for_subject": "no" if entry.not_for_subject else "",
            "exemption": entry.not_for_subject_exemption,
        },
    )
    if request.method == "POST" and form.is_valid():
        with shows_refusal(request, form) as refused:
            services.chronology_not_for_subject(user=user, entry=entry, **form.cleaned_data)
        if not refused:
            messages.success(request, "Chronology entry marked for subject access requests.")
            return redirect(case)
    return render_case_page(
        request,
        "sharing/not_for_subject.html",
        {
            "form": form,
            "case": case,
            "record": entry,
            "caption": f"Case {case.reference}",
            "back_url": case.get_absolute_url(),
            "what": f"Chronology entry of {entry.occurred_on:%-d %B %Y}: "
            f"{entry.get_kind_display()}",
            "text": entry.text,
        },
    )
