"""Sharing decision pages: the guide, the record, sign-off, disclosures."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases import permissions as case_permissions
from cases.models import Person
from requests import selectors as request_selectors

from .. import rules, selectors, services
from ..decision_forms import DecisionForm, DisclosureForm, GuideForm, SignOffForm
from ..decision_pdf import decision_pdf, person_label
from ..models import AccessAction
from ..view_helpers import acting_user as _user
from ..view_helpers import log_reads
from ..view_helpers import parse_id as _id


def _log(request: HttpRequest, objects: list[Any], action: str = AccessAction.VIEW) -> None:
    log_reads(request, action, objects)


def _answers(query: Any) -> dict[str, bool]:
    keys = {key for key, _ in rules.GUIDE_QUESTIONS}
    return {key: query[key] == "yes" for key in keys if query.get(key) in {"yes", "no"}}


def _context_links(request: HttpRequest) -> dict[str, str]:
    return {
        key: request.GET[key]
        for key in ("request", "case", "supersedes")
        if _id(request.GET.get(key))
    }


@login_required
def guide(request: HttpRequest) -> HttpResponse:
    """The guidance's questions, one at a time; the person decides."""
    answers = _answers(request.GET)
    result = rules.decision_guide(answers)
    links = _context_links(request)
    carried = {**links, **{k: "yes" if v else "no" for k, v in answers.items()}}
    questions = dict(rules.GUIDE_QUESTIONS)
    return render(
        request,
        "decisions/guide.html",
        {
            "result": result,
            "question": questions.get(result.next_question, ""),
            "form": GuideForm(),
            "carried": carried,
            "answered": [(questions[k], "Yes" if v else "No") for k, v in answers.items()],
            "record_url": reverse("decisions:decision_new") + "?" + urlencode(carried),
            "restart_url": reverse("decisions:guide") + "?" + urlencode(links),
        },
    )


@login_required
def decision_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    answers = _answers(request.GET)
    result = rules.decision_guide(answers)
    info = None
    case = None
    supersedes = None
    if (pk := _id(request.GET.get("request"))) is not None:
        info = request_selectors.request_for_user(user, pk, "respond_informationrequest")
        if (
            info.case_id
            and case_permissions.cases_visible_to(user, "change_case", single=True)
            .filter(pk=info.case_id)
            .exists()
        ):
            case = info.case
    if info is None and (pk := _id(request.GET.get("case"))) is not None:
        # A request brings its own case; a case of one's choosing only without one.
        case = case_permissions.get_case_for_user(user, pk, write=True)
    if (pk := _id(request.GET.get("supersedes"))) is not None:
        supersedes = selectors.decision_for_user(user, pk)
    # Whose identity to protect: the people of the case and of the request.
    people = None
    if case is not None or info is not None:
        condition = Q(pk__in=[])
        if case is not None:
            condition |= Q(participations__case=case)
        if info is not None:
            condition |= Q(requests=info)
        people = Person.objects.filter(condition).distinct()
    form = DecisionForm(
        request.POST or None,
        people=people,
        reconsidering=supersedes is not None,
        initial={
            "gateway": info.gateway if info else None,
            "recipient_organisation": info.requesting_organisation if info else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        covers = data.pop("consent_covers")
        protected = data.pop("identities_protected", [])
        try:
            decision = services.decision_record(
                user=user,
                guide_answers=answers,
                consent_covers=covers,
                identities_protected=protected,
                supersedes=supersedes,
                request=info,
                case=case,
                **data,
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(
                    None, error.messages if isinstance(error, ValidationError) else str(error)
                )
        else:
            messages.success(request, "Decision recorded.")
            return redirect(decision)
    return render(
        request,
        "decisions/decision_form.html",
        {
            "form": form,
            "result": result,
            "info": info,
            "case": case,
            "supersedes": supersedes,
            "guide_url": reverse("decisions:guide") + "?" + urlencode(_context_links(request)),
        },
    )


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    decision = selectors.decision_for_user(user, pk)
    subjects = list(decision.request.subjects.all()) if decision.request else []
    _log(request, [decision, *subjects])
    protected = {p.pk for p in decision.identities_protected.all()}
    disclosures = list(
        decision.disclosures.prefetch_related("items").select_related("recipient_organisation")
    )
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "decision": decision,
            "subjects": [person_label(p, protected) for p in subjects],
            "protected_count": len(protected),
            "chain": selectors.decision_chain(decision),
            "disclosures": disclosures,
            "can_sign_off": decision in selectors.sign_off_queue(user),
            "sign_off_form": SignOffForm(),
        },
    )


@login_required
def decision_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    decision = selectors.decision_for_user(user, pk)
    subjects = list(decision.request.subjects.all()) if decision.request else []
    _log(request, [decision, *subjects], AccessAction.DOWNLOAD)
    disclosures = decision.disclosures.prefetch_related("items").select_related(
        "recipient_organisation"
    )
    response = HttpResponse(
        decision_pdf(decision, subjects, disclosures), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="decision-{decision.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    decision = selectors.decision_for_user(user, pk)
    form = SignOffForm(request.POST)
    form.is_valid()
    try:
        services.decision_sign_off(
            user=user,
            decision=decision,
            approve=request.POST.get("approve") == "1",
            note=form.cleaned_data.get("note", ""),
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(
            request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        )
    else:
        messages.success(request, "Sign-off recorded.")
    return redirect(decision)


@login_required
@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    decision = selectors.decision_for_user(user, pk)
    try:
        services.decision_complete(
            user=user, decision=decision, rationale=request.POST.get("rationale", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The emergency record is complete.")
    return redirect(decision)


@login_required
@require_POST
def consent_withdrawn(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    decision = selectors.decision_for_user(user, pk)
    try:
        services.decision_consent_withdrawn(
            user=user, decision=decision, withdrawn_on=timezone.localdate()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.warning(
            request, "Consent withdrawn: disclosures that relied on it are listed for the DPO."
        )
    return redirect(decision)


@login_required
def disclosure_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    decision = selectors.decision_for_user(user, pk)
    form = DisclosureForm(
        request.POST or None,
        initial={
            "recipient_organisation": decision.recipient_organisation,
            "shared_on": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.disclosure_record(user=user, decision=decision, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, "Disclosure recorded.")
            return redirect(decision)
    return render(request, "decisions/disclosure_form.html", {"form": form, "decision": decision})


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    decisions = list(selectors.latest_decisions(user))
    queue = list(selectors.sign_off_queue(user))
    incomplete = list(selectors.incomplete_emergency_decisions(user))
    consent_review = list(selectors.disclosures_for_consent_review(user))
    _log(request, [*decisions, *queue, *incomplete, *consent_review], AccessAction.LIST)
    return render(
        request,
        "decisions/decision_list.html",
        {
            "decisions": decisions,
            "queue": queue,
            "incomplete": incomplete,
            "consent_review": consent_review,
        },
    )
