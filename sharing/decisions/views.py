"""Sharing decision pages: the guide, the record, sign-off, disclosures.

Who may see or do what is asked of sharing.decisions.permissions; a page
that shows the narrative (names, reasons, what was shared) logs the read."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from requests import permissions as request_permissions

from ..forms import NotForSubjectForm
from ..models import AccessAction, Decision, PendingAnswerState
from ..plumbing.view_helpers import (
    Happened,
    Refusal,
    acting_user,
    log_reads,
    parse_id,
    refusal_page,
    shows_refusal,
)
from . import permissions, rules, selectors, services
from .forms import (
    AnswerByDecisionForm,
    CompleteForm,
    ConfirmInWritingForm,
    ConsentWithdrawnForm,
    DecisionAccessForm,
    DisclosureForm,
    GuideForm,
    SignOffForm,
    WithdrawalToldForm,
)
from .pdf import decision_pdf, person_label


def _answers(query: Any) -> dict[str, bool]:
    keys = {key for key, _ in rules.GUIDE_QUESTIONS}
    return {key: query[key] == "yes" for key in keys if query.get(key) in {"yes", "no"}}


def _context_links(request: HttpRequest) -> dict[str, str]:
    return {
        key: request.GET[key]
        for key in ("request", "case", "supersedes")
        if parse_id(request.GET.get(key))
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
            # Through the task list, one section at a time; from a request, the
            # decision is recorded with the answer (one path out).
            "record_url": reverse("decisions:draft_start")
            + "?"
            + urlencode({**carried, **({"answer": "1"} if "request" in links else {})}),
            "restart_url": reverse("decisions:guide") + "?" + urlencode(links),
        },
    )


WAITING_MESSAGE = (
    "Your answer is waiting for a manager's sign-off. It is sent when they sign off "
    "your decision; if they return it, nothing is sent and you can answer again."
)
HELD_MESSAGE = (
    "Your decision and your answer have been recorded. Your decision needs a manager's "
    "sign-off, so your answer is sent only when they sign it off."
)


@login_required
def answer_request(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer a request by recording one's sharing decision with the answer, in
    one transaction (one path out, issue 15): the decision's questions and
    rules, and the answer as one more section."""
    user = acting_user(request)
    info_request = request_permissions.get_request_for_user(user, pk, respond=True)
    if not request_permissions.is_addressee(user, info_request):
        raise PermissionDenied("Only the person the request is addressed to answers it.")
    if not info_request.is_open:
        messages.info(request, "This request is no longer open.")
        return redirect(info_request)
    if selectors.answer_waiting_on(info_request):
        messages.info(request, WAITING_MESSAGE)
        return redirect(info_request)
    answers = _answers(request.GET)
    result = rules.decision_guide(answers)
    case = info_request.case if permissions.can_decide_on_case(user, info_request.case_id) else None
    people = selectors.people_to_protect(case, info_request)
    form = AnswerByDecisionForm(
        request.POST or None,
        request.FILES or None,
        people=people,
        initial={"gateway": info_request.gateway},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        answer = {
            name: data.pop(name)
            for name in ("response_text", "response_status", "channel", "names_checked")
        }
        files = data.pop("documents")
        covers = data.pop("consent_covers")
        protected = data.pop("identities_protected", [])
        with shows_refusal(request, form, denied=True) as refused:
            services.request_answer_by_decision(
                user=user,
                request=info_request,
                decision_fields=data,
                guide_answers=answers,
                consent_covers=covers,
                identities_protected=protected,
                files=files,
                **answer,
            )
        if not refused:
            messages.success(
                request,
                HELD_MESSAGE
                if selectors.answer_waiting_on(info_request)
                else "Your decision and your answer have been recorded.",
            )
            return redirect(info_request)
    log_reads(request, AccessAction.VIEW, [info_request, *(people if people is not None else [])])
    return render(
        request,
        "decisions/answer_form.html",
        {
            "form": form,
            "result": result,
            "info": info_request,
            "guide_url": reverse("decisions:guide") + "?" + urlencode({"request": pk}),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    decision = permissions.get_decision_for_user(user, pk)
    if not permissions.can_read_decision_narrative(user, decision):
        return _metadata_page(request, decision)
    return _detail_page(request, decision)


def _detail_page(
    request: HttpRequest,
    decision: Decision,
    *,
    complete_form: CompleteForm | None = None,
    confirm_form: ConfirmInWritingForm | None = None,
    confirm_pk: int | None = None,
    told_form: WithdrawalToldForm | None = None,
    told_pk: int | None = None,
    sign_off_form: SignOffForm | None = None,
    consent_form: ConsentWithdrawnForm | None = None,
) -> HttpResponse:
    """The decision's page, or the page again with a form that was refused and
    what is wrong with it (GOV.UK error summary linked to the field)."""
    user = acting_user(request)
    subjects = selectors.decision_subjects(decision)
    protected = selectors.protected_ids(decision)
    disclosures = selectors.decision_disclosures(decision)
    request_shown = [decision.request] if decision.request else []
    log_reads(request, AccessAction.VIEW, [decision, *request_shown, *subjects, *disclosures])
    for disclosure in disclosures:
        # Spoken shares are flagged until confirmed in writing; each has its
        # own small form (ids kept apart, as several may be waiting).
        disclosure.confirm_form = (  # type: ignore[attr-defined]
            confirm_form
            if confirm_form is not None and disclosure.pk == confirm_pk
            else ConfirmInWritingForm(
                auto_id=f"confirm-{disclosure.pk}-%s",
                initial={"confirmed_on": timezone.localdate()},
            )
            if permissions.can_confirm_in_writing(user, disclosure)
            else None
        )
        disclosure.told_form = (  # type: ignore[attr-defined]
            told_form
            if told_form is not None and disclosure.pk == told_pk
            else WithdrawalToldForm(
                auto_id=f"told-{disclosure.pk}-%s",
                initial={"told_on": timezone.localdate()},
            )
            if permissions.can_record_withdrawal_told(user, disclosure)
            else None
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
            "dpo_access": permissions.active_dpo_access(user, decision),
            "can_sign_off": permissions.can_sign_off(user, decision),
            "can_complete": permissions.can_complete_emergency(user, decision),
            "can_reconsider": permissions.can_reconsider(user, decision),
            "can_withdraw_consent": permissions.can_record_consent_withdrawn(user, decision),
            "can_record_disclosure": permissions.can_record_disclosure(user, decision),
            "sign_off_form": sign_off_form or SignOffForm(),
            # The answer that waits (or waited) with the decision for sign-off.
            "pending_answer": selectors.pending_answer_of(decision),
            "complete_form": complete_form or CompleteForm(),
            # Found by base.html's error summary (the row's copy is not).
            "confirm_form": confirm_form,
            "told_form": told_form,
            "consent_form": consent_form
            or ConsentWithdrawnForm(initial={"withdrawn_on": timezone.localdate()}),
        },
        status=400
        if complete_form or confirm_form or told_form or sign_off_form or consent_form
        else 200,
    )


def _metadata_page(
    request: HttpRequest, decision: Decision, access_form: DecisionAccessForm | None = None
) -> HttpResponse:
    """What a manager or the DPO who may not read the narrative sees: the
    decision's metadata, no reasons and no names."""
    user = acting_user(request)
    log_reads(request, AccessAction.VIEW, [decision])
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
    user = acting_user(request)
    decision = permissions.get_decision_for_user(user, pk)
    if not permissions.can_request_dpo_access(user, decision):
        raise PermissionDenied("Only the data protection officer asks for this access.")
    form = DecisionAccessForm(request.POST)
    if form.is_valid():
        with shows_refusal(request, form) as refused:
            services.decision_access_open(
                user=user, decision=decision, reason=form.cleaned_data["reason"]
            )
        if not refused:
            log_reads(request, AccessAction.BREAK_GLASS, [decision])
            messages.warning(
                request, "You may read this decision for an hour: logged and listed for review."
            )
            return redirect(decision)
    return _metadata_page(request, decision, form)


@login_required
def decision_accesses(request: HttpRequest) -> HttpResponse:
    """Reasoned accesses to the organisation's decisions, for review."""
    user = acting_user(request)
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
    user = acting_user(request)
    decision = permissions.get_decision_for_user(user, pk)
    if not permissions.can_read_decision_narrative(user, decision):
        # The PDF is the narrative: metadata-only readers get no hint of it.
        raise Http404("No such decision.")
    subjects = selectors.decision_subjects(decision)
    disclosures = selectors.decision_disclosures(decision)
    request_shown = [decision.request] if decision.request else []
    log_reads(request, AccessAction.DOWNLOAD, [decision, *request_shown, *subjects, *disclosures])
    response = HttpResponse(
        decision_pdf(decision, subjects, disclosures, user=user), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="decision-{decision.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _form_errors(form: Any) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def _refused(
    request: HttpRequest,
    decision: Decision,
    refused: Refusal,
    heading: str,
    happened: Happened | None = None,
) -> HttpResponse:
    """The page that says what was not done to a decision, and why (someone
    acted on it first, a moment ago), with the way back to it."""
    return refusal_page(
        request,
        refused,
        heading=heading,
        back_url=decision.get_absolute_url(),
        back_text="Go back to the decision",
        happened=happened,
    )


def _signed(user: Any, decision: Decision) -> Happened | None:
    """Who signed off or returned the decision first, and when: the name only
    for those who may read the narrative (the metadata page shows no names)."""
    decision.refresh_from_db()
    if decision.signed_off_at is None:
        return None
    return Happened(
        what=decision.get_sign_off_display(),
        at=decision.signed_off_at,
        by=decision.signed_off_by
        if permissions.can_read_decision_narrative(user, decision)
        else None,
    )


@login_required
@require_POST
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    # Metadata level: the manager who loses a race to sign off no longer reads
    # the narrative, and is told what happened rather than shown a 404.
    decision = permissions.get_decision_for_user(user, pk)
    form = SignOffForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(decision)
    approve = form.cleaned_data["approve"]
    with shows_refusal(request, form, denied=True, on_page=True) as refused:
        services.decision_sign_off(
            user=user, decision=decision, approve=approve, note=form.cleaned_data["note"]
        )
    if refused.on_form and permissions.can_read_decision_narrative(user, decision):
        # Returning it needs a note: the page again, the note marked.
        return _detail_page(request, decision, sign_off_form=form)
    if refused:
        heading = "Your sign-off was not recorded" if approve else "The decision was not returned"
        return _refused(request, decision, refused, heading, _signed(user, decision))
    messages.success(request, _signed_off_message(decision))
    return redirect(decision)


def _signed_off_message(decision: Decision) -> str:
    """What the sign-off did, including to the answer that waited with it."""
    pending = selectors.pending_answer_of(decision)
    state = pending.state if pending is not None else ""
    if state == PendingAnswerState.SENT:
        return "Sign-off recorded. The answer that waited for it has been sent to the requester."
    if state == PendingAnswerState.RETURNED:
        return "Decision returned. The answer that waited with it has not been sent."
    if state == PendingAnswerState.WITHDRAWN:
        return "Sign-off recorded. The request was withdrawn, so no answer was sent."
    return "Sign-off recorded."


@login_required
@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    decision = permissions.get_decision_for_user(user, pk, write=True)
    form = CompleteForm(request.POST)
    if not form.is_valid() and permissions.can_read_decision_narrative(user, decision):
        return _detail_page(request, decision, complete_form=form)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(decision)
    with shows_refusal(request, denied=True, on_page=True) as refused:
        services.decision_complete(
            user=user, decision=decision, rationale=form.cleaned_data["rationale"]
        )
    if refused:
        decision.refresh_from_db()
        done = decision.record_completed_at
        return _refused(
            request,
            decision,
            refused,
            "The emergency record was not completed",
            Happened(what="Completed", at=done) if done else None,
        )
    messages.success(request, "The emergency record is complete.")
    return redirect(decision)


@login_required
@require_POST
def consent_withdrawn(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    decision = permissions.get_decision_for_user(user, pk, write=True)
    form = ConsentWithdrawnForm(request.POST)
    if not form.is_valid() and permissions.can_read_decision_narrative(user, decision):
        return _detail_page(request, decision, consent_form=form)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(decision)
    with shows_refusal(request, denied=True, on_page=True) as refused:
        services.decision_consent_withdrawn(
            user=user, decision=decision, withdrawn_on=form.cleaned_data["withdrawn_on"]
        )
    if refused:
        return _refused(request, decision, refused, "Consent was not recorded as withdrawn")
    messages.warning(
        request, "Consent withdrawn: disclosures that relied on it are listed for the DPO."
    )
    return redirect(decision)


@login_required
@require_POST
def disclosure_confirm(request: HttpRequest, pk: int, disclosure_pk: int) -> HttpResponse:
    user = acting_user(request)
    decision = permissions.get_decision_for_user(user, pk, write=True)
    disclosure = permissions.get_disclosure_for_user(user, decision, disclosure_pk)
    form = ConfirmInWritingForm(request.POST, auto_id=f"confirm-{disclosure.pk}-%s")
    if not form.is_valid() and permissions.can_read_decision_narrative(user, decision):
        return _detail_page(request, decision, confirm_form=form, confirm_pk=disclosure.pk)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(decision)
    with shows_refusal(request, form, denied=True, on_page=True) as refused:
        services.disclosure_confirm_in_writing(
            user=user, disclosure=disclosure, **form.cleaned_data
        )
    if refused.on_form and permissions.can_read_decision_narrative(user, decision):
        return _detail_page(request, decision, confirm_form=form, confirm_pk=disclosure.pk)
    if refused:
        return _refused(request, decision, refused, "Not recorded as confirmed in writing")
    messages.success(request, "Recorded as confirmed in writing.")
    return redirect(decision)


@login_required
@require_POST
def disclosure_withdrawal_told(request: HttpRequest, pk: int, disclosure_pk: int) -> HttpResponse:
    """Record that a recipient who relied on consent was told it was withdrawn."""
    user = acting_user(request)
    decision = permissions.get_decision_for_user(user, pk, write=True)
    disclosure = permissions.get_disclosure_for_user(user, decision, disclosure_pk)
    form = WithdrawalToldForm(request.POST, auto_id=f"told-{disclosure.pk}-%s")
    if not form.is_valid() and permissions.can_read_decision_narrative(user, decision):
        return _detail_page(request, decision, told_form=form, told_pk=disclosure.pk)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(decision)
    with shows_refusal(request, denied=True, on_page=True) as refused:
        services.disclosure_withdrawal_told(user=user, disclosure=disclosure, **form.cleaned_data)
    if refused:
        heading = f"Not recorded that {disclosure.recipient_organisation} was told"
        return _refused(request, decision, refused, heading)
    messages.success(request, f"Recorded: {disclosure.recipient_organisation} was told.")
    return redirect(decision)


@login_required
def disclosure_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
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
        with shows_refusal(request, form) as refused:
            services.disclosure_record(user=user, decision=decision, **form.cleaned_data)
        if not refused:
            messages.success(request, "Disclosure recorded.")
            return redirect(decision)
    log_reads(request, AccessAction.VIEW, [decision])
    return render(request, "decisions/disclosure_form.html", {"form": form, "decision": decision})


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    decisions = list(selectors.latest_decisions(user))
    queue = list(selectors.sign_off_queue(user))
    incomplete = list(selectors.incomplete_emergency_decisions(user))
    to_confirm = list(selectors.decisions_to_confirm_in_writing(user))
    consent_review = list(selectors.disclosures_for_consent_review(user))
    to_tell = list(selectors.withdrawal_tasks(user))
    drafts = list(selectors.own_drafts(user))
    log_reads(
        request,
        AccessAction.LIST,
        [*decisions, *queue, *incomplete, *to_confirm, *consent_review, *to_tell],
    )
    # Names of who decided only where the user may read the narrative.
    readable = permissions.narrative_ids(user, decisions)
    return render(
        request,
        "decisions/decision_list.html",
        {
            "rows": [(d, d.pk in readable) for d in decisions],
            "queue": queue,
            "incomplete": incomplete,
            "to_confirm": to_confirm,
            "consent_review": consent_review,
            "to_tell": to_tell,
            "drafts": drafts,
            "can_review_accesses": permissions.can_review_decision_accesses(user),
        },
    )


@login_required
def item_not_for_subject(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Whether an item shared may go to the person it is about if they ask for
    their records (seed 000 §6)."""
    user = acting_user(request)
    decision = permissions.get_decision_for_user(user, pk, write=True)
    if not permissions.may_record_disclosure(user, decision):
        raise PermissionDenied("You cannot change what was shared under this decision.")
    item = selectors.disclosure_item(decision, item_pk)
    if request.method == "GET":
        log_reads(request, AccessAction.VIEW, [decision])
    form = NotForSubjectForm(
        request.POST or None,
        initial={
            "not_for_subject": "no" if item.not_for_subject else "",
            "exemption": item.not_for_subject_exemption,
        },
    )
    if request.method == "POST" and form.is_valid():
        with shows_refusal(request, form) as refused:
            services.disclosure_item_not_for_subject(user=user, item=item, **form.cleaned_data)
        if not refused:
            messages.success(request, "Item marked for subject access requests.")
            return redirect(decision)
    return render(
        request,
        "sharing/not_for_subject.html",
        {
            "form": form,
            "record": item,
            "caption": f"Sharing decision {decision.pk}",
            "back_url": decision.get_absolute_url(),
            "what": f"Shared with {item.disclosure.recipient_organisation} "
            f"on {item.disclosure.shared_on:%-d %B %Y}",
            "text": item.text,
        },
    )
