"""The request's page, which both sides share: what each side sees of it, and
the page shown again with a form that was refused."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cases import permissions as case_permissions
from cases import rules as case_rules
from sharing.decisions.selectors import decisions_visible_to
from sharing.models import AccessAction
from sharing.plumbing.view_helpers import (
    Happened,
    Refusal,
    acting_user,
    log_reads,
    refusal_page,
)

from .. import permissions, selectors, services
from ..forms import (
    ClarifyForm,
    CloseForm,
    DueForm,
    NotHeldForm,
    WithdrawForm,
)
from ..models import Direction, EventKind, Status

# What a recipient sees of a request's life: not the team's internal notes
# (exports, due date reasons).
RECIPIENT_EVENT_KINDS = frozenset(
    {
        EventKind.SENT,
        EventKind.VIEWED,
        EventKind.CLARIFICATION_ASKED,
        EventKind.CLARIFICATION_GIVEN,
        EventKind.IN_PROGRESS,
        EventKind.ANSWERED,
        EventKind.CLOSED,
        EventKind.WITHDRAWN,
    }
)


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    info_request = selectors.request_detail(user, pk)
    log_reads(request, AccessAction.VIEW, [info_request, *info_request.subject_list])  # type: ignore[attr-defined]
    services.request_viewed(user=user, request=info_request)
    return _render_request_page(request, info_request)


def show_request_page(request: HttpRequest, pk: int, **bound: forms.Form) -> HttpResponse:
    """The request's page, with the form that was sent and what is wrong with
    it; an action's own address, opened, shows the page with its form. A read
    like any other, logged."""
    info_request = selectors.request_detail(acting_user(request), pk)
    log_reads(request, AccessAction.VIEW, [info_request, *info_request.subject_list])  # type: ignore[attr-defined]
    return _render_request_page(request, info_request, **bound)


def page_after_refusal(
    request: HttpRequest,
    info_request: Any,
    refused: Refusal,
    *,
    heading: str = "Your change was not made",
    **bound: forms.Form,
) -> HttpResponse:
    """The request's page after a service's refusal (``shows_refusal`` with
    ``on_page``): with the form that was sent, its fields marked; or, where
    the request has moved on (someone acted on it a moment ago), a page that
    says what was not done and why, what happened first and when, and the way
    back to the request as it now is."""
    if refused.on_form:
        return show_request_page(request, info_request.pk, **bound)
    return refusal_page(
        request,
        refused,
        heading=heading,
        back_url=info_request.get_absolute_url(),
        back_text=f"Go back to request {info_request.reference}",
        happened=_last_happened(request, info_request),
    )


def _last_happened(request: HttpRequest, info_request: Any) -> Happened | None:
    """The latest thing that happened to the request that this viewer may see
    on its page (a recipient sees not the team's internal notes)."""
    user = acting_user(request)
    events = info_request.events.select_related("user").order_by("-at", "-id")
    if not permissions.can_manage_request(user, info_request):
        events = events.filter(kind__in=RECIPIENT_EVENT_KINDS)
    latest = events.exclude(kind=EventKind.VIEWED).first()
    if latest is None:
        return None
    return Happened(what=latest.get_kind_display(), at=latest.at, by=latest.user)


def _render_request_page(
    request: HttpRequest, info_request: Any, **bound: forms.Form
) -> HttpResponse:
    user = acting_user(request)
    can_change = permissions.can_manage_request(user, info_request)
    answering = permissions.can_answer_request(user, info_request)
    # The case behind a request is shown only to those who may see the case.
    case_visible = case_permissions.can_open_case(user, info_request.case_id)
    decisions = selectors.decisions_on_request(
        decisions_visible_to(user, single=True), info_request
    )
    if decisions:
        log_reads(request, AccessAction.VIEW, decisions)
    clarify_form = bound.get("clarify_form") or ClarifyForm(auto_id="clarify-%s")
    clarify_form.fields["text"].label = (
        "Your clarification"
        if info_request.status == Status.CLARIFICATION and can_change
        else "Your question about this request"
    )
    return render(
        request,
        "requests/request_detail.html",
        {
            "info": info_request,
            "subjects": info_request.subject_list,
            "events": info_request.event_list
            if can_change
            else [e for e in info_request.event_list if e.kind in RECIPIENT_EVENT_KINDS],
            "attachments": info_request.attachment_list,
            "can_change": can_change,
            # Who says whether a document may go to the person it is about.
            "can_mark_documents": can_change or permissions.is_addressee(user, info_request),
            # The team that recorded the request works with its subjects (the
            # service takes only people in its cases or recorded by it).
            "masking": case_rules.masking_for(may_open_case=can_change),
            "answering": answering,
            "case_visible": case_visible,
            "not_held_form": (bound.get("not_held_form") or NotHeldForm(auto_id="not-held-%s"))
            if answering
            else None,
            "text_form": clarify_form,
            "close_form": bound.get("close_form")
            or CloseForm(incoming=info_request.direction == Direction.INCOMING),
            "withdraw_form": bound.get("withdraw_form") or WithdrawForm(auto_id="withdraw-%s"),
            "due_form": bound.get("due_form") or DueForm(initial={"due_on": info_request.due_on}),
            "today": timezone.localdate(),
            # The decisions behind the answer, for those of the deciding
            # organisation; the requester sees the outcome and explanation only.
            "decisions": decisions,
            # What everyone on the request may see of any decision behind it:
            # the outcome and the explanation given, once final.
            "decision_outcomes": selectors.final_decision_outcomes(info_request),
        },
        status=400 if bound else 200,
    )
