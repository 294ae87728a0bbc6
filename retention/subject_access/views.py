"""The DPO's subject access pages. Each reads top to bottom: the DPO only
(403 for anyone else, 404 for a request that is not there), the read logged,
a service to write, a page or a redirect."""

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases import rules as case_rules
from sharing.models import AccessAction, User
from sharing.plumbing.view_helpers import (
    Refusal,
    acting_user,
    kept_search,
    log_reads,
    refusal_page,
    shows_refusal,
)

from .. import permissions
from ..models import ItemDecision, SarStatus, SubjectAccessItem, SubjectAccessRequest
from . import forms, selectors, services

PAGE_SIZE = 50
# The one masking rule (cases.rules): the DPO opens no case, so a person whose
# identity is protected is not named on these pages either; the date of birth
# and what they say identify the right record.
MASKING = case_rules.masking_for(may_open_case=False)


def _dpo(request: HttpRequest) -> User:
    user = acting_user(request)
    if not permissions.can_handle_subject_access(user):
        raise PermissionDenied(services.ONLY_DPO)
    return user


@login_required
def sar_list(request: HttpRequest) -> HttpResponse:
    """Every request by reference, with its due date and whether it is overdue:
    no one is named here."""
    user = _dpo(request)
    today = timezone.localdate()
    sars = list(selectors.subject_access_requests(user)[:200])
    overdue = set(selectors.overdue(user, today).values_list("pk", flat=True))
    return render(
        request,
        "retention/subject_access/list.html",
        {"sars": sars, "overdue": overdue, "today": today},
    )


@login_required
def sar_new(request: HttpRequest) -> HttpResponse:
    """Find the person the request is about (the terms kept out of the address)."""
    user = _dpo(request)
    form, to_results = kept_search(request, forms.PersonSearchForm)
    if to_results is not None:
        return to_results
    people: list[Any] = []
    searched = form.is_bound and form.is_valid()
    if searched:
        people = list(
            selectors.people_matching(
                user, form.cleaned_data["q"], form.cleaned_data["date_of_birth"]
            )[:PAGE_SIZE]
        )
        log_reads(request, AccessAction.LIST, people)
    return render(
        request,
        "retention/subject_access/find_person.html",
        {"form": form, "people": people, "searched": searched, "masking": MASKING},
    )


@login_required
def sar_new_about(request: HttpRequest, person_pk: int) -> HttpResponse:
    """Log a request about the person found."""
    user = _dpo(request)
    person = permissions.people_for_subject_access(user).filter(pk=person_pk).first()
    if person is None:
        raise Http404("No such person.")
    log_reads(request, AccessAction.VIEW, [person])
    form = forms.LogForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with shows_refusal(request, form) as refused:
            sar = services.sar_log(user=user, person=person, **form.cleaned_data)
        if not refused:
            messages.success(request, f"Subject access request {sar.reference} logged.")
            return redirect(sar)
    return render(
        request,
        "retention/subject_access/log.html",
        {"form": form, "person": person, "masking": MASKING},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def sar_new_not_held(request: HttpRequest) -> HttpResponse:
    """Log a request from someone the register holds nothing about: it is
    answered all the same, to say so."""
    user = _dpo(request)
    form = forms.LogForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with shows_refusal(request, form) as refused:
            sar = services.sar_log(user=user, person=None, **form.cleaned_data)
        if not refused:
            messages.success(request, f"Subject access request {sar.reference} logged.")
            return redirect(sar)
    return render(
        request,
        "retention/subject_access/log.html",
        {"form": form, "person": None, "masking": MASKING},
        status=400 if form.is_bound and form.errors else 200,
    )


def _detail_page(
    request: HttpRequest, sar: SubjectAccessRequest, *, status: int = 200, **bound: Any
) -> HttpResponse:
    log_reads(request, AccessAction.VIEW, [sar, *([sar.person] if sar.person else [])])
    items = list(sar.items.order_by("position"))
    today = timezone.localdate()
    return render(
        request,
        "retention/subject_access/detail.html",
        {
            "sar": sar,
            "items": items,
            "pending": sum(1 for i in items if i.decision == ItemDecision.PENDING),
            "first_pending": next((i for i in items if i.decision == ItemDecision.PENDING), None),
            "included": sum(1 for i in items if i.decision == ItemDecision.INCLUDE),
            "withheld": sum(1 for i in items if i.decision == ItemDecision.WITHHOLD),
            "overdue": sar.is_open and today > sar.answer_by,
            "may_extend": sar.is_open and sar.extended_to is None and today <= sar.due_on,
            "identity_form": bound.get("identity_form")
            or forms.IdentityForm(auto_id="identity-%s"),
            "extend_form": bound.get("extend_form") or forms.ExtendForm(auto_id="extend-%s"),
            "build_form": forms.BuildForm(),
            "masking": MASKING,
            "statuses": SarStatus,
        },
        status=status,
    )


@login_required
def sar_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _dpo(request)
    return _detail_page(request, permissions.get_subject_access_for_dpo(user, pk))


def _posted(
    request: HttpRequest,
    sar: SubjectAccessRequest,
    form: django_forms.Form,
    name: str,
    action: Any,
    done: str,
    not_done: str,
) -> HttpResponse:
    """A form posted from the request's page: the page again with the form's
    errors (400), or the service's refusal on a page of its own (the request
    moved on a moment ago), or done."""
    if not form.is_valid():
        return _detail_page(request, sar, status=400, **{name: form})
    with shows_refusal(request, form, on_page=True) as refused:
        action(form.cleaned_data)
    if refused.on_form:
        return _detail_page(request, sar, status=400, **{name: form})
    if refused:
        return _refused(request, sar, refused, not_done)
    messages.success(request, done)
    return redirect(sar)


def _refused(
    request: HttpRequest, sar: SubjectAccessRequest, refused: Refusal, heading: str
) -> HttpResponse:
    return refusal_page(
        request,
        refused,
        heading=heading,
        back_url=sar.get_absolute_url(),
        back_text=f"Go back to subject access request {sar.reference}",
    )


@login_required
@require_POST
def sar_identity(request: HttpRequest, pk: int) -> HttpResponse:
    user = _dpo(request)
    sar = permissions.get_subject_access_for_dpo(user, pk)
    return _posted(
        request,
        sar,
        forms.IdentityForm(request.POST, auto_id="identity-%s"),
        "identity_form",
        lambda data: services.sar_confirm_identity(user=user, sar=sar, **data),
        "Their identity is recorded as checked.",
        "Their identity was not recorded as checked",
    )


@login_required
@require_POST
def sar_extend(request: HttpRequest, pk: int) -> HttpResponse:
    user = _dpo(request)
    sar = permissions.get_subject_access_for_dpo(user, pk)
    return _posted(
        request,
        sar,
        forms.ExtendForm(request.POST, auto_id="extend-%s"),
        "extend_form",
        lambda data: services.sar_extend(user=user, sar=sar, **data),
        "The request is extended.",
        "The request was not extended",
    )


@login_required
@require_POST
def sar_build(request: HttpRequest, pk: int) -> HttpResponse:
    user = _dpo(request)
    sar = permissions.get_subject_access_for_dpo(user, pk)
    form = forms.BuildForm(request.POST)
    if form.is_valid():
        with shows_refusal(request, on_page=True) as refused:
            services.sar_build(user=user, sar=sar)
        if refused:
            return _refused(request, sar, refused, "The pack was not built")
        messages.success(request, "The draft pack is ready to review.")
    return redirect(sar)


def _item(user: User, pk: int, item_pk: int) -> tuple[SubjectAccessRequest, SubjectAccessItem]:
    sar = permissions.get_subject_access_for_dpo(user, pk)
    item = sar.items.filter(pk=item_pk).first()
    if item is None:
        raise Http404("No such item.")
    item.sar = sar
    return sar, item


@login_required
def sar_item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """One item of the pack: include it, or withhold it under an exemption.
    Then the next item still to review, until none is left."""
    user = _dpo(request)
    sar, item = _item(user, pk, item_pk)
    log_reads(request, AccessAction.VIEW, [sar])
    form = forms.ItemReviewForm(
        request.POST or None,
        initial={
            "decision": "" if item.decision == ItemDecision.PENDING else item.decision,
            "exemption": item.exemption,
        },
    )
    if request.method == "POST" and form.is_valid():
        with shows_refusal(request, form) as refused:
            services.sar_item_review(user=user, item=item, **form.cleaned_data)
        if not refused:
            following = (
                sar.items.filter(decision=ItemDecision.PENDING, position__gt=item.position)
                .order_by("position")
                .first()
                or sar.items.filter(decision=ItemDecision.PENDING).order_by("position").first()
            )
            if following is not None:
                return redirect("subject_access:item", pk=sar.pk, item_pk=following.pk)
            messages.success(request, "Every item is reviewed: the pack can be released.")
            return redirect(sar)
    count = sar.items.count()
    return render(
        request,
        "retention/subject_access/item.html",
        {"sar": sar, "item": item, "form": form, "count": count},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def sar_release(request: HttpRequest, pk: int) -> HttpResponse:
    """Check what will be sent, say how the password will travel, release:
    the password is shown once, on this page, and stored nowhere."""
    user = _dpo(request)
    sar = permissions.get_subject_access_for_dpo(user, pk)
    log_reads(request, AccessAction.VIEW, [sar])
    form = forms.ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with shows_refusal(request, form) as refused:
            released, password = services.sar_release(user=user, sar=sar, **form.cleaned_data)
        if not refused:
            response = render(
                request,
                "retention/subject_access/released.html",
                {"sar": released, "password": password},
            )
            response["Cache-Control"] = "no-store"
            return response
    items = list(sar.items.order_by("position"))
    return render(
        request,
        "retention/subject_access/release.html",
        {
            "sar": sar,
            "form": form,
            "included": [i for i in items if i.decision == ItemDecision.INCLUDE],
            "withheld": [i for i in items if i.decision == ItemDecision.WITHHOLD],
            "pending": [i for i in items if i.decision == ItemDecision.PENDING],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def sar_download(request: HttpRequest, pk: int) -> FileResponse:
    """The released pack, encrypted, named by its reference only."""
    user = _dpo(request)
    sar = permissions.get_subject_access_for_dpo(user, pk)
    if not sar.pack:
        raise Http404("The pack has not been released, or has expired.")
    log_reads(request, AccessAction.DOWNLOAD, [sar])
    response = FileResponse(
        sar.pack.open("rb"),
        as_attachment=True,
        filename=f"{sar.reference}-pack.zip",
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
