"""Case pages. Each view reads top to bottom: find the object through a
permission-aware selector (404 if the user may not see it), log the read,
call a service to write, render."""

from collections.abc import Iterable
from typing import Any

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from sharing.models import AccessAction, User
from sharing.roles import Role
from sharing.selectors import user_role_names
from sharing.services import access_record

from . import rules, selectors, services
from .forms import (
    BreakGlassForm,
    CaseCloseForm,
    CaseForm,
    CaseGrantForm,
    CaseOpenForm,
    CaseSearchForm,
    ChronologyEntryForm,
    ParticipantAddForm,
    ParticipantRoleForm,
    PersonCreateForm,
    PersonForm,
    PersonSearchForm,
)
from .models import Case, CaseParticipant, ChronologyEntry, Person

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _log(request: HttpRequest, action: str, objects: Iterable[models.Model]) -> None:
    access_record(
        user=_user(request),
        action=action,
        objects=objects,
        ip_address=get_client_ip_address(request),
    )


def _id(value: str | None) -> int | None:
    """An id from a query string or form, or None: "abc" or "²" is not a 500."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


def _changeable_person(user: User, value: str | None) -> Any:
    pk = _id(value)
    if pk is None:
        return None
    return selectors.people_changeable_by(user).filter(pk=pk).first()


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Cases -----------------------------------------------------------------


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    teams = selectors.user_teams(user)
    form = CaseSearchForm(request.GET or None, teams=teams)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "text": data["q"],
            "date_of_birth": data["date_of_birth"],
            "status": data["status"],
            "team_id": data["team"].pk if data["team"] else None,
        }
    page = Paginator(selectors.case_list(user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shown = list(page.object_list)
    _log(request, AccessAction.LIST, [*shown, *(p.person for c in shown for p in c.children)])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "cases": shown,
            "query": query.urlencode(),
            "can_open": teams.exists(),
        },
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = selectors.case_detail(user, pk)
    people = [p.person for p in case.participant_list]  # type: ignore[attr-defined]
    _log(request, AccessAction.VIEW, [case, *case.entry_list, *people])  # type: ignore[attr-defined]
    roles = user_role_names(user)
    context = {
        "case": case,
        "participants": case.participant_list,  # type: ignore[attr-defined]
        "entries": case.entry_list,  # type: ignore[attr-defined]
        "can_change": selectors.case_can_change(user, case),
        "can_review": rules.may_review_access(
            roles, user.organisation_id, case.team.organisation_id
        ),
    }
    return render(request, "cases/case_detail.html", context)


@login_required
def case_open(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    child = _changeable_person(user, request.GET.get("child"))
    if child is None:
        messages.info(
            request, "Find or record the child first, then open the case from their page."
        )
        return redirect("cases:person_search")
    if request.method == "GET":
        _log(request, AccessAction.VIEW, [child])
    teams = selectors.user_teams(user)
    form = CaseOpenForm(
        request.POST or None,
        teams=teams,
        organisation=user.organisation,
        initial={"opened_on": timezone.localdate(), "team": teams.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
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
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Case {case.reference} opened.")
            return redirect(case)
    return render(request, "cases/case_open.html", {"form": form, "child": child})


@login_required
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for_user(user, pk, "change_case")
    if request.method == "GET":
        _log(request, AccessAction.VIEW, [case])
    form = CaseForm(request.POST or None, instance=case, organisation=case.team.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in CaseForm.Meta.fields}
        try:
            # The form has already set the fields on the instance; the service validates and saves.
            services.case_update(user=user, case=case, reason=data["reason"], **fields)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Case updated.")
            return redirect(case)
    return render(
        request, "cases/case_form.html", {"form": form, "case": case, "title": "Edit case"}
    )


@login_required
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for_user(user, pk, "change_case")
    form = CaseCloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(
                user=user,
                case=case,
                closed_on=form.cleaned_data["closed_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Case {case.reference} closed.")
            return redirect(case)
    return render(
        request, "cases/case_form.html", {"form": form, "case": case, "title": "Close case"}
    )


@login_required
def case_history(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for_user(user, pk)
    # The history shows the chronology and the people too, old versions included.
    entries = ChronologyEntry.objects.filter(case=case).only("pk")
    people = Person.objects.filter(participations__case=case).only("pk")
    _log(request, AccessAction.HISTORY, [case, *entries, *people])
    return render(
        request, "cases/case_history.html", {"case": case, "rows": selectors.case_history(case)}
    )


@login_required
def case_access_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has looked at this case: for the DPO and the organisation's managers,
    who need not have access to the case's content to see it."""
    user = _user(request)
    case = get_object_or_404(Case.objects.select_related("team"), pk=pk)
    if not rules.may_review_access(
        user_role_names(user), user.organisation_id, case.team.organisation_id
    ):
        raise Http404("No such case.")
    page = Paginator(selectors.case_access_events(case), 50).get_page(request.GET.get("page"))
    return render(request, "cases/case_access_log.html", {"case": case, "page": page})


@login_required
def case_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Who may see this case: its team, and practitioners given it by name.
    Someone who may change the case may give it to a colleague in the same
    organisation, or take a named grant away; never to or from themselves."""
    user = _user(request)
    case = selectors.case_for_user(user, pk, "change_case")
    colleagues = User.objects.filter(
        organisation_id=case.team.organisation_id, is_active=True
    ).exclude(pk=user.pk)
    revoke = request.POST.get("revoke", "")
    form = CaseGrantForm(None if revoke else (request.POST or None), practitioners=colleagues)
    revoke_id = _id(revoke)
    if request.method == "POST" and revoke_id is not None:
        practitioner = get_object_or_404(colleagues, pk=revoke_id)
        try:
            services.case_revoke(
                user=user,
                case=case,
                practitioner=practitioner,
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Access removed from {practitioner}.")
        return redirect("cases:case_access", pk=case.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_grant(
                user=user,
                case=case,
                practitioner=data["practitioner"],
                can_change=data["can_change"],
                reason=data["reason"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{data['practitioner']} can now see this case.")
            return redirect("cases:case_access", pk=case.pk)
    return render(
        request,
        "cases/case_access.html",
        {"case": case, "form": form, "named": selectors.case_named_access(case)},
    )


# --- Participants ------------------------------------------------------------


@login_required
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = selectors.case_for_user(user, pk, "change_case")
    search = PersonSearchForm(request.GET or None)
    people = []
    chosen = _changeable_person(user, request.GET.get("person"))
    if chosen is not None:
        # Just recorded on the way here: offer that person.
        people = [chosen]
        _log(request, AccessAction.VIEW, people)
    elif search.is_valid() and (search.cleaned_data["q"] or search.cleaned_data["date_of_birth"]):
        people = list(
            selectors.person_search(
                user, search.cleaned_data["q"], search.cleaned_data["date_of_birth"]
            ).filter(pk__in=selectors.people_changeable_by(user).values("pk"))[:PAGE_SIZE]
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
    case = selectors.case_for_user(user, pk, "change_case")
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
    case = selectors.case_for_user(user, pk, "change_case")
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
    case = selectors.case_for_user(user, pk, "change_case")
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


# --- People ------------------------------------------------------------------


@login_required
def person_search(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PersonSearchForm(request.GET or None)
    people = []
    searched = form.is_valid() and bool(
        form.cleaned_data["q"] or form.cleaned_data["date_of_birth"]
    )
    if searched:
        people = list(
            selectors.person_search(
                user, form.cleaned_data["q"], form.cleaned_data["date_of_birth"]
            )[:PAGE_SIZE]
        )
        _log(request, AccessAction.LIST, people)
    return render(
        request,
        "cases/person_search.html",
        {"form": form, "people": people, "searched": searched},
    )


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    """Record a new person, after checking they are not already recorded."""
    user = _user(request)
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
            _log(request, AccessAction.LIST, matches)
        if (matches or hidden_match) and not data.get("confirm_not_duplicate"):
            form.offer_confirm()
            form.add_error(
                None,
                "This person may already be recorded. Check the matches, use an existing "
                "record if it is the same person, or confirm this is someone else.",
            )
        else:
            fields = {name: data[name] for name in PersonForm.Meta.fields}
            try:
                person = services.person_create(
                    user=user, team=data["team"], reason=data["reason"], **fields
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, f"{person} recorded.")
                return redirect(_after_person(request, person.pk))
    return render(
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
    case_pk = _id(request.GET.get("case"))
    if case_pk is not None:
        return reverse("cases:participant_add", args=[case_pk]) + f"?q=&person={person_pk}"
    return reverse("cases:person_detail", args=[person_pk])


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = selectors.person_for_user(user, pk)
    _log(request, AccessAction.VIEW, [person])
    participations = CaseParticipant.objects.filter(
        person=person, case__in=selectors.cases_visible_to(user)
    ).select_related("case")
    return render(
        request,
        "cases/person_detail.html",
        {"person": person, "participations": participations},
    )


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    # Seeing a person is not enough to change them: view-only grants and
    # break-glass give 404 here.
    person = selectors.people_changeable_by(user).filter(pk=pk).first()
    if person is None:
        raise Http404("No such person.")
    if request.method == "GET":
        _log(request, AccessAction.VIEW, [person])
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in PersonForm.Meta.fields}
        try:
            services.person_update(user=user, person=person, reason=data["reason"], **fields)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Details updated.")
            return redirect(person)
    return render(
        request, "cases/person_form.html", {"form": form, "person": person, "title": "Edit details"}
    )


# --- Break-glass -------------------------------------------------------------


@login_required
def break_glass(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if Role.MANAGER.value not in user_role_names(user):
        raise PermissionDenied("Break-glass access is for managers.")
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.break_glass_open(
                user=user,
                reference=form.cleaned_data["reference"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            _log(request, AccessAction.BREAK_GLASS, [case])
            messages.warning(
                request, f"Break-glass access to {case.reference}: logged and listed for review."
            )
            return redirect(case)
    return render(request, "cases/break_glass.html", {"form": form})


@login_required
def break_glass_review(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    roles = user_role_names(user)
    if not ({Role.MANAGER.value, Role.DPO.value} & roles):
        raise PermissionDenied("Break-glass review is for managers and the DPO.")
    page = Paginator(selectors.break_glass_log(user), 50).get_page(request.GET.get("page"))
    return render(request, "cases/break_glass_review.html", {"page": page})
