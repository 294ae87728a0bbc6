"""Sharing decision pages: the guide, the record, sign-off, disclosures.

Who may see or do what is asked of sharing.decisions.permissions; a page
that shows the narrative (names, reasons, what was shared) logs the read."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases import permissions as case_permissions
from cases.models import Person
from requests import permissions as request_permissions

from ..models import AccessAction, Decision
from ..plumbing.view_helpers import acting_user as _user
from ..plumbing.view_helpers import apply_errors, log_reads
from ..plumbing.view_helpers import parse_id as _id
from . import permissions, rules, selectors, services
from .forms import (
    CompleteForm,
    ConsentWithdrawnForm,
    DecisionAccessForm,
    DecisionForm,
    DisclosureForm,
    GuideForm,
    SignOffForm,
)
from .pdf import decision_pdf, person_label


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
        info = request_permissions.get_request_for_user(user, pk, respond=True)
        if permissions.can_decide_on_case(user, info.case_id):
            case = info.case
    if info is None and (pk := _id(request.GET.get("case"))) is not None:
        # A request brings its own case; a case of one's choosing only without one.
        case = case_permissions.get_case_for_user(user, pk, write=True)
    if (pk := _id(request.GET.get("supersedes"))) is not None:
        supersedes = permissions.get_decision_for_user(user, pk, write=True)
        if not permissions.may_reconsider(user, supersedes):
            raise PermissionDenied("Only the organisation that decided can reconsider.")
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
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Decision recorded.")
            return redirect(decision)
    # The page names the request's subjects and the case's people (to choose
    # whose identity to protect): a read of each, logged.
    shown: list[Any] = [obj for obj in (info, case, supersedes) if obj is not None]
    _log(request, [*shown, *(people if people is not None else [])])
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


def _subjects(decision: Decision) -> list[Person]:
    return list(decision.request.subjects.all()) if decision.request else []


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    decision = permissions.get_decision_for_user(user, pk)
    if not permissions.can_read_decision_narrative(user, decision):
        return _metadata_page(request, decision)
    subjects = _subjects(decision)
    protected = {p.pk for p in decision.identities_protected.all()}
    disclosures = list(
        decision.disclosures.prefetch_related("items").select_related("recipient_organisation")
    )
    request_shown = [decision.request] if decision.request else []
    _log(request, [decision, *request_shown, *subjects, *disclosures])
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "decision": decision,
            "subjects": [person_label(p, protected) for p in subjects],
            "protected_count": len(protected),
            "chain": selectors.decision_chain(decision),
            "disclosures": disclosures,
            "dpo_access": permissions.active_dpo_access(user, decision),
            "can_sign_off": permissions.can_sign_off(user, decision),
            "can_complete": permissions.can_complete_emergency(user, decision),
            "can_reconsider": permissions.can_reconsider(user, decision),
            "can_withdraw_consent": permissions.can_record_consent_withdrawn(user, decision),
            "can_record_disclosure": permissions.can_record_disclosure(user, decision),
            "sign_off_form": SignOffForm(),
            "complete_form": CompleteForm(),
            "consent_form": ConsentWithdrawnForm(initial={"withdrawn_on": timezone.localdate()}),
        },
    )


def _metadata_page(
    request: HttpRequest, decision: Decision, access_form: DecisionAccessForm | None = None
) -> HttpResponse:
    """What a manager or the DPO who may not read the narrative sees: the
    decision's metadata, no reasons and no names."""
    user = _user(request)
    _log(request, [decision])
    may_ask = permissions.can_request_dpo_access(user, decision)
    return render(
        request,
        "decisions/decision_metadata.html",
        {
            "decision": decision,
            "access_form": (access_form or DecisionAccessForm()) if may_ask else None,
            "may_break_glass": permissions.may_break_glass_to_read(user, decision),
        },
    )


@login_required
@require_POST
def dpo_access(request: HttpRequest, pk: int) -> HttpResponse:
    """The DPO asks, with a reason, to read one decision for an hour."""
    user = _user(request)
    decision = permissions.get_decision_for_user(user, pk)
    if not permissions.can_request_dpo_access(user, decision):
        raise PermissionDenied("Only the data protection officer asks for this access.")
    form = DecisionAccessForm(request.POST)
    if form.is_valid():
        try:
            services.decision_access_open(
                user=user, decision=decision, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            _log(request, [decision], AccessAction.BREAK_GLASS)
            messages.warning(
                request, "You may read this decision for an hour: logged and listed for review."
            )
            return redirect(decision)
    return _metadata_page(request, decision, form)


@login_required
def decision_accesses(request: HttpRequest) -> HttpResponse:
    """Reasoned accesses to the organisation's decisions, for review."""
    user = _user(request)
    if not permissions.can_review_decision_accesses(user):
        raise PermissionDenied("This list is for managers and the data protection officer.")
    accesses = list(permissions.decision_accesses_for_review(user)[:200])
    return render(
        request,
        "decisions/decision_accesses.html",
        {"accesses": accesses, "now": timezone.now()},
    )


@login_required
def decision_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    decision = permissions.get_decision_for_user(user, pk)
    if not permissions.can_read_decision_narrative(user, decision):
        # The PDF is the narrative: metadata-only readers get no hint of it.
        raise Http404("No such decision.")
    subjects = _subjects(decision)
    disclosures = list(
        decision.disclosures.prefetch_related("items").select_related("recipient_organisation")
    )
    request_shown = [decision.request] if decision.request else []
    _log(request, [decision, *request_shown, *subjects, *disclosures], AccessAction.DOWNLOAD)
    response = HttpResponse(
        decision_pdf(decision, subjects, disclosures, user=user), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="decision-{decision.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _form_errors(form: Any) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def _show_error(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    messages.error(request, text)


@login_required
@require_POST
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    # Metadata level: the manager who loses a race to sign off no longer reads
    # the narrative, and is told what happened rather than shown a 404.
    decision = permissions.get_decision_for_user(user, pk)
    form = SignOffForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(decision)
    try:
        services.decision_sign_off(
            user=user,
            decision=decision,
            approve=form.cleaned_data["approve"],
            note=form.cleaned_data["note"],
        )
    except (ValidationError, PermissionDenied) as error:
        _show_error(request, error)
    else:
        messages.success(request, "Sign-off recorded.")
    return redirect(decision)


@login_required
@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    decision = permissions.get_decision_for_user(user, pk, write=True)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(decision)
    try:
        services.decision_complete(
            user=user, decision=decision, rationale=form.cleaned_data["rationale"]
        )
    except (ValidationError, PermissionDenied) as error:
        _show_error(request, error)
    else:
        messages.success(request, "The emergency record is complete.")
    return redirect(decision)


@login_required
@require_POST
def consent_withdrawn(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    decision = permissions.get_decision_for_user(user, pk, write=True)
    form = ConsentWithdrawnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(decision)
    try:
        services.decision_consent_withdrawn(
            user=user, decision=decision, withdrawn_on=form.cleaned_data["withdrawn_on"]
        )
    except (ValidationError, PermissionDenied) as error:
        _show_error(request, error)
    else:
        messages.warning(
            request, "Consent withdrawn: disclosures that relied on it are listed for the DPO."
        )
    return redirect(decision)


@login_required
def disclosure_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    decision = permissions.get_decision_for_user(user, pk, write=True)
    if not permissions.may_record_disclosure(user, decision):
        raise PermissionDenied("You cannot record what was shared under this decision.")
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
            apply_errors(form, error)
        else:
            messages.success(request, "Disclosure recorded.")
            return redirect(decision)
    _log(request, [decision])
    return render(request, "decisions/disclosure_form.html", {"form": form, "decision": decision})


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    decisions = list(selectors.latest_decisions(user))
    queue = list(selectors.sign_off_queue(user))
    incomplete = list(selectors.incomplete_emergency_decisions(user))
    consent_review = list(selectors.disclosures_for_consent_review(user))
    _log(request, [*decisions, *queue, *incomplete, *consent_review], AccessAction.LIST)
    # Names of who decided only where the user may read the narrative.
    readable = permissions.narrative_ids(user, decisions)
    return render(
        request,
        "decisions/decision_list.html",
        {
            "rows": [(d, d.pk in readable) for d in decisions],
            "queue": queue,
            "incomplete": incomplete,
            "consent_review": consent_review,
            "can_review_accesses": permissions.can_review_decision_accesses(user),
        },
    )
