"""What is done on a request's page: say the information is not held (an
answer that shares or declines is recorded with the answerer's decision, on
the decisions' answer page), ask or answer a question,
start work, change its due date, close or withdraw it. Each action's own
address, opened, shows the request's page with its form."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sharing.models import AccessAction
from sharing.plumbing.view_helpers import (
    acting_user,
    log_reads,
    shows_refusal,
)

from .. import permissions, services
from ..forms import (
    ClarifyForm,
    CloseForm,
    DueForm,
    NotHeldForm,
    WithdrawForm,
)
from ..models import Direction, Outcome
from .page import page_after_refusal, show_request_page


@login_required
@require_http_methods(["GET", "POST"])
def not_held(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer that the information asked for is not held: nothing is shared or
    withheld, so no sharing decision goes with it. The note is a statement of
    fact."""
    user = acting_user(request)
    info_request = permissions.get_request_for_user(user, pk, respond=True)
    if not permissions.is_addressee(user, info_request):
        raise PermissionDenied("Only the person the request is addressed to answers it.")
    if request.method != "POST":
        return show_request_page(request, pk)
    form = NotHeldForm(request.POST, auto_id="not-held-%s")
    if not form.is_valid():
        return show_request_page(request, pk, not_held_form=form)
    with shows_refusal(request, form, on_page=True) as refused:
        services.request_answer(
            user=user,
            request=info_request,
            outcome=Outcome.NOT_HELD,
            response_text=form.cleaned_data["note"],
            response_status="fact",
        )
    if refused:
        return page_after_refusal(
            request, info_request, refused, heading="Your answer was not sent", not_held_form=form
        )
    messages.success(request, "Your answer has been recorded.")
    return redirect(info_request)


@login_required
@require_http_methods(["GET", "POST"])
def clarify(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask a question about a request (either side), or answer one (the sender)."""
    user = acting_user(request)
    info_request = permissions.get_request_for_user(user, pk)
    if request.method != "POST":
        return show_request_page(request, pk)
    form = ClarifyForm(request.POST, auto_id="clarify-%s")
    if not form.is_valid():
        return show_request_page(request, pk, clarify_form=form)
    with shows_refusal(request, form, on_page=True) as refused:
        if form.cleaned_data["action"] == ClarifyForm.ANSWER:
            services.request_give_clarification(
                user=user, request=info_request, answer=form.cleaned_data["text"]
            )
            messages.success(request, "Clarification sent.")
        else:
            services.request_ask_clarification(
                user=user, request=info_request, question=form.cleaned_data["text"]
            )
            messages.success(request, "Your question has been sent.")
    if refused:
        return page_after_refusal(
            request, info_request, refused, heading="Your message was not sent", clarify_form=form
        )
    return redirect(info_request)


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    info_request = permissions.get_request_for_user(user, pk, respond=True)
    if not permissions.is_addressee(user, info_request):
        raise PermissionDenied("Only the person the request is addressed to works on it.")
    with shows_refusal(request):
        services.request_start(user=user, request=info_request)
    return redirect(info_request)


@login_required
@require_http_methods(["GET", "POST"])
def change_due(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    info_request = permissions.get_request_for_user(user, pk, write=True)
    if request.method != "POST":
        return show_request_page(request, pk)
    form = DueForm(request.POST)
    if not form.is_valid():
        return show_request_page(request, pk, due_form=form)
    with shows_refusal(request, form, on_page=True) as refused:
        services.request_change_due(user=user, request=info_request, **form.cleaned_data)
    if refused:
        return page_after_refusal(
            request, info_request, refused, heading="The due date was not changed", due_form=form
        )
    messages.success(request, "Due date changed.")
    return redirect(info_request)


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    info_request = permissions.get_request_for_user(user, pk, write=True)
    if request.method != "POST":
        return show_request_page(request, pk)
    form = CloseForm(request.POST, incoming=info_request.direction == Direction.INCOMING)
    if not form.is_valid():
        return show_request_page(request, pk, close_form=form)
    with shows_refusal(request, form, on_page=True) as refused:
        services.request_close(user=user, request=info_request, **form.cleaned_data)
    if refused:
        return page_after_refusal(
            request, info_request, refused, heading="The request was not closed", close_form=form
        )
    messages.success(request, f"Request {info_request.reference} closed.")
    return redirect(info_request)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdrawing cannot be undone, so it has a page of its own that says what
    will happen before anything changes (GOV.UK's "check before you act")."""
    user = acting_user(request)
    info_request = permissions.get_request_for_user(user, pk, write=True)
    if not permissions.can_manage_request(user, info_request):
        return show_request_page(request, pk)
    if request.method != "POST" and not info_request.is_open:
        return show_request_page(request, pk)
    # A request answered or closed while this page was open is refused by the
    # service, and the page after says so, by whom and when.
    if request.method != "POST":
        return _withdraw_confirm(request, info_request, WithdrawForm(auto_id="withdraw-%s"))
    form = WithdrawForm(request.POST, auto_id="withdraw-%s")
    if not form.is_valid():
        return _withdraw_confirm(request, info_request, form)
    with shows_refusal(request, form, on_page=True) as refused:
        services.request_withdraw(
            user=user, request=info_request, reason=form.cleaned_data["reason"]
        )
    if refused.on_form:
        return _withdraw_confirm(request, info_request, form)
    if refused:
        return page_after_refusal(
            request, info_request, refused, heading="The request was not withdrawn"
        )
    messages.success(request, f"Request {info_request.reference} withdrawn.")
    return redirect(info_request)


def _withdraw_confirm(request: HttpRequest, info_request: Any, form: WithdrawForm) -> HttpResponse:
    # The page names the request, so it is a read like the request's own page.
    log_reads(request, AccessAction.VIEW, [info_request])
    return render(
        request,
        "requests/withdraw_confirm.html",
        {"info": info_request, "form": form},
        status=400 if form.is_bound else 200,
    )
