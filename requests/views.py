"""Information request pages: the unit's dashboard and forms, the request page
both sides share, and the school safeguarding officer's inbox and answer."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cases import permissions as case_permissions
from cases import selectors as case_selectors
from cases.forms import PersonSearchForm
from sharing.decisions.selectors import decisions_visible_to, incomplete_emergency_decisions
from sharing.models import AccessAction, Decision, SignOff
from sharing.plumbing.pagination import WindowPaginator
from sharing.plumbing.view_helpers import Refusal, kept_search, shows_refusal
from sharing.plumbing.view_helpers import acting_user as _user
from sharing.plumbing.view_helpers import log_reads as _log
from sharing.plumbing.view_helpers import parse_id as _id

from . import permissions, selectors, services
from .forms import (
    AnswerForm,
    ClarifyForm,
    CloseForm,
    DueForm,
    ExportForm,
    IncomingRequestForm,
    OutgoingRequestForm,
    SeparateRequestForm,
    WithdrawForm,
)
from .models import EventKind, Status
from .uploads import served_type

PAGE_SIZE = 25
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
def dashboard(request: HttpRequest) -> HttpResponse:
    """The unit's requests, soonest due first, overdue and due-soon highlighted."""
    user = _user(request)
    direction = request.GET.get("direction", "")
    status = request.GET.get("status", "open")
    page = WindowPaginator(
        selectors.unit_dashboard(user, direction=direction, status=status), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    shown = selectors.annotate_due(list(page.object_list), timezone.localdate())
    _log(request, AccessAction.LIST, shown)
    return render(
        request,
        "requests/dashboard.html",
        {
            "page": page,
            "requests": shown,
            "direction": direction,
            "status": status,
            "can_create": case_selectors.user_teams(user).exists(),
            "incomplete_emergency": incomplete_emergency_decisions(user).count(),
        },
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """A school safeguarding officer's requests: those addressed to them, only."""
    user = _user(request)
    include_closed = request.GET.get("all") == "1"
    page = WindowPaginator(
        selectors.scpo_inbox(user, include_closed=include_closed), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    shown = selectors.annotate_due(list(page.object_list), timezone.localdate())
    _log(request, AccessAction.LIST, shown)
    return render(
        request,
        "requests/inbox.html",
        {"page": page, "requests": shown, "include_closed": include_closed, "mask_protected": True},
    )


def _request_form(
    request: HttpRequest, form_class: type[Any]
) -> tuple[Any, dict[str, Any]] | HttpResponse:
    """The form for a new request, and what it is about: started from a case
    (``?case=<id>``) and/or people (``?person=<id>``, repeated), who are offered
    as its subjects. People are added by a search on the same page, whose terms
    are kept out of the address like every search's. Returns the search's
    redirect when one was posted."""
    user = _user(request)
    team_list = list(case_selectors.user_teams(user))
    if not team_list:
        raise PermissionDenied("Only members of a unit team record requests.")
    search, to_results = kept_search(request, PersonSearchForm)
    if to_results is not None:
        return to_results
    person_ids = [pk for pk in (_id(v) for v in request.GET.getlist("person")) if pk is not None]
    about = selectors.request_about(
        user, case_id=_id(request.GET.get("case")), person_ids=person_ids
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
        people=about.people_choices(),
        cases=about.case_choices(),
        initial=initial,
    )
    found: list[tuple[Any, str]] = []
    if search.is_bound and search.is_valid():
        data = search.cleaned_data
        if data["q"] or data["date_of_birth"]:
            offered = [p.pk for p in about.people]
            for person in case_selectors.person_search(
                user, data["q"], data["date_of_birth"], changeable=True
            ).exclude(pk__in=offered)[:PAGE_SIZE]:
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
        _log(request, AccessAction.VIEW, [*about.people, *about.cases])
    if context["found"]:
        _log(request, AccessAction.LIST, [p for p, _ in context["found"]])
    return render(request, "requests/request_form.html", {"form": form, **context, **more})


@login_required
def log_incoming(request: HttpRequest) -> HttpResponse:
    user = _user(request)
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
    user = _user(request)
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


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    info = selectors.request_detail(user, pk)
    _log(request, AccessAction.VIEW, [info, *info.subject_list])  # type: ignore[attr-defined]
    services.request_viewed(user=user, request=info)
    return _render_detail(request, info)


def _show(request: HttpRequest, pk: int, **bound: forms.Form) -> HttpResponse:
    """The request's page, with the form that was sent and what is wrong with
    it; an action's own address, opened, shows the page with its form. A read
    like any other, logged."""
    info = selectors.request_detail(_user(request), pk)
    _log(request, AccessAction.VIEW, [info, *info.subject_list])  # type: ignore[attr-defined]
    return _render_detail(request, info, **bound)


def _refused(
    request: HttpRequest, info: Any, refused: Refusal, **bound: forms.Form
) -> HttpResponse:
    """The request's page after a service's refusal (``shows_refusal`` with
    ``message_unless_field``): with the form that was sent, its fields marked;
    or, where the request has moved on (someone acted on it a moment ago), the
    page as it now is, the message above it."""
    if refused.on_form:
        return _show(request, info.pk, **bound)
    return redirect(info)


def _render_detail(request: HttpRequest, info: Any, **bound: forms.Form) -> HttpResponse:
    user = _user(request)
    can_change = permissions.can_manage_request(user, info)
    answering = permissions.can_answer_request(user, info)
    # The case behind a request is shown only to those who may see the case.
    case_visible = case_permissions.can_open_case(user, info.case_id)
    decisions = list(
        decisions_visible_to(user, single=True).filter(request=info).order_by("made_at")
    )
    if decisions:
        _log(request, AccessAction.VIEW, decisions)
    clarify_form = bound.get("clarify_form") or ClarifyForm(auto_id="clarify-%s")
    clarify_form.fields["text"].label = (
        "Your clarification"
        if info.status == Status.CLARIFICATION and can_change
        else "Your question about this request"
    )
    return render(
        request,
        "requests/request_detail.html",
        {
            "info": info,
            "subjects": info.subject_list,
            "events": info.event_list
            if can_change
            else [e for e in info.event_list if e.kind in RECIPIENT_EVENT_KINDS],
            "attachments": info.attachment_list,
            "can_change": can_change,
            "answering": answering,
            "case_visible": case_visible,
            "answer_form": (bound.get("answer_form") or AnswerForm()) if answering else None,
            "text_form": clarify_form,
            "close_form": bound.get("close_form") or CloseForm(),
            "withdraw_form": bound.get("withdraw_form") or WithdrawForm(auto_id="withdraw-%s"),
            "due_form": bound.get("due_form") or DueForm(initial={"due_on": info.due_on}),
            "today": timezone.localdate(),
            # The decisions behind the answer, for those of the deciding
            # organisation; the requester sees the outcome and explanation only.
            "decisions": decisions,
            # What everyone on the request may see of any decision behind it:
            # the outcome and the explanation given, once final.
            "decision_outcomes": list(
                Decision.objects.filter(
                    request=info, sign_off__in=[SignOff.NOT_NEEDED, SignOff.SIGNED_OFF]
                )
                .order_by("made_at")
                .values("pk", "outcome", "explanation_to_requester", "made_at")
            ),
        },
        status=400 if bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    info = permissions.get_request_for_user(user, pk, respond=True)
    if not permissions.is_addressee(user, info):
        raise PermissionDenied("Only the person the request is addressed to answers it.")
    if request.method != "POST":
        return _show(request, pk)
    form = AnswerForm(request.POST, request.FILES)
    if not form.is_valid():
        # Show the page again with what was typed and what is wrong (files must
        # be chosen again: browsers do not refill file inputs).
        return _show(request, pk, answer_form=form)
    data = dict(form.cleaned_data)
    with shows_refusal(request, form, message_unless_field=True) as refused:
        services.request_answer(user=user, request=info, files=data.pop("documents"), **data)
    if refused:
        return _refused(request, info, refused, answer_form=form)
    messages.success(request, "Your answer has been recorded.")
    return redirect(info)


@login_required
@require_http_methods(["GET", "POST"])
def clarify(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask a question about a request (either side), or answer one (the sender)."""
    user = _user(request)
    info = permissions.get_request_for_user(user, pk)
    if request.method != "POST":
        return _show(request, pk)
    form = ClarifyForm(request.POST, auto_id="clarify-%s")
    if not form.is_valid():
        return _show(request, pk, clarify_form=form)
    with shows_refusal(request, form, message_unless_field=True) as refused:
        if form.cleaned_data["action"] == ClarifyForm.ANSWER:
            services.request_give_clarification(
                user=user, request=info, answer=form.cleaned_data["text"]
            )
            messages.success(request, "Clarification sent.")
        else:
            services.request_ask_clarification(
                user=user, request=info, question=form.cleaned_data["text"]
            )
            messages.success(request, "Your question has been sent.")
    if refused:
        return _refused(request, info, refused, clarify_form=form)
    return redirect(info)


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    info = permissions.get_request_for_user(user, pk, write=True)
    if request.method != "POST":
        return _show(request, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _show(request, pk, close_form=form)
    with shows_refusal(request, form, message_unless_field=True) as refused:
        services.request_close(user=user, request=info, feedback=form.cleaned_data["feedback"])
    if refused:
        return _refused(request, info, refused, close_form=form)
    messages.success(request, f"Request {info.reference} closed.")
    return redirect(info)


@login_required
@require_http_methods(["GET", "POST"])
def change_due(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    info = permissions.get_request_for_user(user, pk, write=True)
    if request.method != "POST":
        return _show(request, pk)
    form = DueForm(request.POST)
    if not form.is_valid():
        return _show(request, pk, due_form=form)
    with shows_refusal(request, form, message_unless_field=True) as refused:
        services.request_change_due(user=user, request=info, **form.cleaned_data)
    if refused:
        return _refused(request, info, refused, due_form=form)
    messages.success(request, "Due date changed.")
    return redirect(info)


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    info = permissions.get_request_for_user(user, pk, respond=True)
    if not permissions.is_addressee(user, info):
        raise PermissionDenied("Only the person the request is addressed to works on it.")
    with shows_refusal(request):
        services.request_start(user=user, request=info)
    return redirect(info)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Documents only through here: permission checked, download logged, and the
    file sent as an attachment under a neutral name (the original may name a child)."""
    user = _user(request)
    attachment = permissions.get_attachment_for_user(user, pk)
    _log(request, AccessAction.DOWNLOAD, [attachment])
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=f"{attachment.request.reference}-{attachment.archive_name}",
        # The register's type for the checked extension, never the browser's
        # (files stored before content checks kept what the browser sent).
        content_type=served_type(attachment.original_name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a password-protected export. The password is shown on this page
    once, and stored nowhere."""
    user = _user(request)
    info = permissions.get_request_for_user(user, pk, write=True)
    _log(request, AccessAction.VIEW, [info])
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with shows_refusal(request, form) as refused:
            issued, password = services.request_export(user=user, request=info, **form.cleaned_data)
        if not refused:
            response = render(
                request,
                "requests/export_issued.html",
                {"info": info, "export": issued, "password": password},
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "requests/export_form.html", {"info": info, "form": form})


@login_required
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    user = _user(request)
    issued = permissions.get_export_for_user(user, pk)
    _log(request, AccessAction.DOWNLOAD, [issued])
    response = FileResponse(
        issued.file.open("rb"),
        as_attachment=True,
        filename=f"{issued.request.reference}-export-{issued.pk}.zip",
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    info = permissions.get_request_for_user(user, pk, write=True)
    if request.method != "POST":
        return _show(request, pk)
    form = WithdrawForm(request.POST, auto_id="withdraw-%s")
    if not form.is_valid():
        return _show(request, pk, withdraw_form=form)
    with shows_refusal(request, form, message_unless_field=True) as refused:
        services.request_withdraw(user=user, request=info, reason=form.cleaned_data["reason"])
    if refused:
        return _refused(request, info, refused, withdraw_form=form)
    messages.success(request, f"Request {info.reference} withdrawn.")
    return redirect(info)
