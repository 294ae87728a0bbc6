"""The sharing decision as a task list: a start page, the list of sections
with their status, a page per section, and check your answers before the
decision is recorded (``services.draft_record``, through ``decision_record``).

The draft is the writer's own, kept server-side (``DecisionDraft``); each page
names the request's and the case's people, so each logs the read."""

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from cases import permissions as case_permissions
from requests import permissions as request_permissions

from ..choices import ConsentStatus
from ..models import AccessAction, DecisionDraft
from ..plumbing.view_helpers import acting_user, log_reads, parse_id, shows_refusal
from . import permissions, rules, selectors, services
from .forms import (
    ANSWER_TASK,
    TASK_SECTIONS,
    AnswerDraftForm,
    AnswerSectionForm,
    DecisionForm,
    DecisionSectionForm,
    RecordDraftForm,
    SendAnswerForm,
    StartDraftForm,
)
from .views import HELD_MESSAGE, _answers

# An answering draft's answer: not the decision's fields (request_answer_by_decision's own).
ANSWER_FIELDS = ANSWER_TASK[2]

NOT_STARTED, IN_PROGRESS, COMPLETED = "Not yet started", "In progress", "Completed"
MANY = {"consent_covers", "identities_protected"}
# The consent page asks whether they agreed, then only the questions that go with
# that answer (not GOV.UK's conditional reveal: its radios carry aria-expanded,
# which axe-core reports as a WCAG failure, alphagov/govuk-frontend#979).
CONSENT_FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    ConsentStatus.NOT_SOUGHT: ("consent_not_sought_reason",),
    ConsentStatus.GIVEN: (
        "consent_given_by",
        "consent_how_recorded",
        "consent_given_on",
        "consent_covers",
        "consent_information",
        "consent_review_on",
    ),
    ConsentStatus.REFUSED: ("consent_override_rationale",),
    ConsentStatus.WITHDRAWN: ("consent_override_rationale",),
}


def _asked(slug: str, names: tuple[str, ...], consent_status: str) -> tuple[str, ...]:
    """The questions a section's page asks (the consent page: by the answer given)."""
    if slug != "consent":
        return names
    follow_ups = CONSENT_FOLLOW_UPS.get(consent_status, ())
    return tuple(n for n in names if n == "consent_status" or n in follow_ups)


class Context:
    """What a draft is about, read again with the user's present permissions."""

    def __init__(self, user: Any, draft: DecisionDraft) -> None:
        self.info = (
            request_permissions.get_request_for_user(user, draft.request_id, respond=True)
            if draft.request_id
            else None
        )
        self.case = (
            case_permissions.get_case_for_user(user, draft.case_id, write=True)
            if draft.case_id
            else None
        )
        self.supersedes = (
            permissions.get_decision_for_user(user, draft.supersedes_id, write=True)
            if draft.supersedes_id
            else None
        )
        self.people = selectors.people_to_protect(self.case, self.info)
        self.form_kwargs: dict[str, Any] = {
            "people": self.people,
            "reconsidering": self.supersedes is not None,
        }
        self.answering = draft.answering
        # An answer is the decision's questions and what the requester is sent.
        self.form_class: type[DecisionForm] = AnswerDraftForm if draft.answering else DecisionForm
        self.section_class: type[DecisionForm] = (
            AnswerSectionForm if draft.answering else DecisionSectionForm
        )
        self.tasks = (
            (TASK_SECTIONS[0], ANSWER_TASK, *TASK_SECTIONS[1:])
            if draft.answering
            else TASK_SECTIONS
        )

    def shown(self) -> list[Model]:
        objects = [o for o in (self.info, self.case, self.supersedes) if o is not None]
        return [*objects, *(self.people if self.people is not None else [])]


def _posted_keys(form: forms.BaseForm) -> list[str]:
    """The keys a form's fields post under (a date posts day, month and year)."""
    keys = []
    for name, field in form.fields.items():
        html_name = form.add_prefix(name)
        if isinstance(field.widget, forms.MultiWidget):
            suffixes = field.widget.widgets_names  # type: ignore[attr-defined]
            keys += [f"{html_name}{suffix}" for suffix in suffixes]
        keys.append(html_name)
    return keys


def _as_data(answers: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in answers.items():
        data.setlist(key, values)
    return data


def _problems(user: Any, draft: DecisionDraft, form: DecisionForm) -> dict[str, str]:
    """What stands in the way of recording the draft: the form's own checks,
    then the record's rules over what is valid (rules.RECORD_CHECKS)."""
    form.is_valid()
    problems = {name: str(errors[0]) for name, errors in form.errors.items()}
    fields = {
        name: value
        for name, value in form.cleaned_data.items()
        if name not in MANY and name != "names_checked" and name not in ANSWER_FIELDS
    }
    checked = services.decision_problems_for(
        user=user, guide_answers=draft.guide_answers, fields=fields
    )
    return {**checked, **problems}


def _sections(form: DecisionForm, ctx: "Context") -> list[tuple[str, str, tuple[str, ...]]]:
    """The sections that ask something of this decision (no one to protect
    without a case or a request; what the requester is sent, when answering)."""
    return [
        (slug, title, tuple(n for n in names if n in form.fields))
        for slug, title, names in ctx.tasks
        if any(n in form.fields for n in names)
    ]


def _statuses(
    draft: DecisionDraft, form: DecisionForm, problems: dict[str, str], ctx: "Context"
) -> list[dict[str, Any]]:
    rows = []
    for slug, title, names in _sections(form, ctx):
        if slug not in draft.sections_saved:
            status = NOT_STARTED
        elif any(name in problems for name in names):
            status = IN_PROGRESS
        else:
            status = COMPLETED
        rows.append({"slug": slug, "title": title, "names": names, "status": status})
    return rows


def _draft(request: HttpRequest, pk: int) -> tuple[Any, DecisionDraft, Context]:
    user = acting_user(request)
    draft = permissions.get_draft_for_user(user, pk)
    return user, draft, Context(user, draft)


@login_required
def draft_start(request: HttpRequest) -> HttpResponse:
    """What the decision is about and the guide's suggestion; "Start" keeps a
    draft, with what is already known filled in."""
    user = acting_user(request)
    if not permissions.makes_decisions(user):
        raise PermissionDenied("Only staff who make sharing decisions can record one.")
    answers = _answers(request.GET)
    info = case = supersedes = None
    if (pk := parse_id(request.GET.get("request"))) is not None:
        info = request_permissions.get_request_for_user(user, pk, respond=True)
        if permissions.can_decide_on_case(user, info.case_id):
            case = info.case
    if info is None and (pk := parse_id(request.GET.get("case"))) is not None:
        case = case_permissions.get_case_for_user(user, pk, write=True)
    if (pk := parse_id(request.GET.get("supersedes"))) is not None:
        supersedes = permissions.get_decision_for_user(user, pk, write=True)
        if not permissions.may_reconsider(user, supersedes):
            raise PermissionDenied("Only the organisation that decided can reconsider.")
    # "Answer this request" starts the addressee's answer as a task list.
    answering = bool(
        info is not None
        and request.GET.get("answer") == "1"
        and request_permissions.is_addressee(user, info)
    )
    form = StartDraftForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        known: dict[str, list[str]] = {}
        if info is not None:
            if info.gateway_id:
                known["gateway"] = [str(info.gateway_id)]
            known["recipient_organisation"] = [str(info.requesting_organisation_id)]
        if answers.get("consent"):
            # Consent given in the guide is consent given in the record.
            known["consent_status"] = [ConsentStatus.GIVEN]
        draft = services.draft_start(
            user=user,
            request=info,
            case=case,
            supersedes=supersedes,
            guide_answers=answers,
            answers=known,
            answering=answering,
        )
        return redirect("decisions:draft_tasks", draft.pk)
    # One already started on the same thing is offered first (one's own only).
    started = list(
        selectors.own_drafts(user).filter(
            request=info, case=case, supersedes=supersedes, answering=answering
        )[:3]
    )
    shown = [o for o in (info, case, supersedes) if o is not None]
    log_reads(request, AccessAction.VIEW, shown)
    return render(
        request,
        "decisions/draft_start.html",
        {
            "form": form,
            "result": rules.decision_guide(answers),
            "info": info,
            "case": case,
            "supersedes": supersedes,
            "sections": [
                title
                for _, title, _ in (
                    (TASK_SECTIONS[0], ANSWER_TASK, *TASK_SECTIONS[1:])
                    if answering
                    else TASK_SECTIONS
                )
            ],
            "started": started,
            "answering": answering,
            "guide_url": reverse("decisions:guide") + "?" + request.GET.urlencode(),
        },
    )


@login_required
def draft_tasks(request: HttpRequest, pk: int) -> HttpResponse:
    """The task list: each section and its status, then check and record."""
    user, draft, ctx = _draft(request, pk)
    form = ctx.form_class(_as_data(draft.answers), **ctx.form_kwargs)
    rows = _statuses(draft, form, _problems(user, draft, form), ctx)
    log_reads(request, AccessAction.VIEW, ctx.shown())
    return render(
        request,
        "decisions/draft_tasks.html",
        {
            "draft": draft,
            "ctx": ctx,
            "rows": rows,
            "completed": sum(row["status"] == COMPLETED for row in rows),
            "result": rules.decision_guide(draft.guide_answers),
        },
    )


@login_required
def draft_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """One section of the record; saving it returns to the task list."""
    user, draft, ctx = _draft(request, pk)
    full = ctx.form_class(_as_data(draft.answers), **ctx.form_kwargs)
    found = [row for row in _sections(full, ctx) if row[0] == section]
    if not found:
        raise Http404("No such section.")
    slug, title, names = found[0]
    # Saving a section replaces all its answers: those of another consent answer go.
    keys = _posted_keys(ctx.section_class(section=names, **ctx.form_kwargs))
    kept_status = (draft.answers.get("consent_status") or [""])[0]
    if request.method == "POST":
        status = request.POST.get("consent_status", "")
        follow_ups = CONSENT_FOLLOW_UPS.get(status, ())
        changed = slug == "consent" and status != kept_status and bool(follow_ups)
        if changed and not any(name in request.POST for name in follow_ups):
            # A new answer to "Has the child or family agreed?": kept, and its own
            # questions asked next on the same page.
            form = ctx.section_class(request.POST, section=("consent_status",), **ctx.form_kwargs)
            if form.is_valid():
                with shows_refusal(request, form) as refused:
                    services.draft_section_save(
                        user=user,
                        draft=draft,
                        section=slug,
                        keys=keys,
                        posted={"consent_status": [status]},
                    )
                if not refused:
                    return redirect("decisions:draft_section", draft.pk, slug)
        else:
            form = ctx.section_class(
                request.POST, section=_asked(slug, names, status), **ctx.form_kwargs
            )
            if form.is_valid():
                asked_keys = _posted_keys(form)
                posted = {k: request.POST.getlist(k) for k in asked_keys if k in request.POST}
                merged = {k: v for k, v in draft.answers.items() if k not in keys} | posted
                whole = ctx.form_class(_as_data(merged), **ctx.form_kwargs)
                for name, message in _problems(user, draft, whole).items():
                    if name in form.fields:
                        form.add_error(name, message)
            if form.is_valid():
                with shows_refusal(request, form) as refused:
                    services.draft_section_save(
                        user=user, draft=draft, section=slug, keys=keys, posted=posted
                    )
                if not refused:
                    return redirect("decisions:draft_tasks", draft.pk)
    else:
        # The section as it was left: bound to what was kept, shown without errors.
        asked = _asked(slug, names, kept_status)
        form = ctx.section_class(_as_data(draft.answers), section=asked, **ctx.form_kwargs)
        if slug not in draft.sections_saved and not _has_any(draft, form):
            form = ctx.section_class(section=asked, **ctx.form_kwargs)
        else:
            form._errors = forms.utils.ErrorDict()  # type: ignore[attr-defined]
    log_reads(request, AccessAction.VIEW, ctx.shown())
    return render(
        request,
        "decisions/draft_section.html",
        {"form": form, "draft": draft, "ctx": ctx, "title": title, "slug": slug},
        status=400 if request.method == "POST" else 200,
    )


def _has_any(draft: DecisionDraft, form: forms.BaseForm) -> bool:
    return any(key in draft.answers for key in _posted_keys(form))


def _shown_value(field: forms.Field, value: Any) -> str:
    if value in (None, "", [], ()) or (isinstance(value, QuerySet) and not value.exists()):
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, QuerySet | list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    choices = dict(getattr(field, "choices", []) or [])
    return str(choices.get(value, value))


@login_required
def draft_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers, each with a link back to its section; recording is
    refused, with each unfinished section named, until every one is complete."""
    user, draft, ctx = _draft(request, pk)
    full = ctx.form_class(_as_data(draft.answers), **ctx.form_kwargs)
    problems = _problems(user, draft, full)
    rows = _statuses(draft, full, problems, ctx)
    posted = request.method == "POST"
    record_form: forms.Form = (
        SendAnswerForm(request.POST if posted else None, request.FILES if posted else None)
        if draft.answering
        else RecordDraftForm(request.POST if posted else None)
    )
    unfinished = [row for row in rows if row["status"] != COMPLETED]
    if posted and record_form.is_valid():
        for row in unfinished:
            record_form.add_error(None, f"Complete the section: {row['title']}")
        if not unfinished:
            data = dict(full.cleaned_data)
            covers = data.pop("consent_covers", [])
            protected = data.pop("identities_protected", [])
            # A refusal at recording (a protected name in what the requester is
            # told, a gateway's rule) lands on the whole form, by field.
            with shows_refusal(request, full, denied=True) as refused:
                if draft.answering:
                    decision = services.draft_answer_send(
                        user=user,
                        draft=draft,
                        consent_covers=covers,
                        identities_protected=protected,
                        response_text=data.pop("response_text", ""),
                        response_status=data.pop("response_status", ""),
                        channel=data.pop("channel"),
                        files=record_form.cleaned_data["documents"],
                        names_checked=record_form.cleaned_data["names_checked"],
                        **data,
                    )
                else:
                    decision = services.draft_record(
                        user=user,
                        draft=draft,
                        consent_covers=covers,
                        identities_protected=protected,
                        **data,
                    )
            if not refused and draft.answering and ctx.info is not None:
                ctx.info.refresh_from_db()
                held = ctx.info.is_open  # a decline waiting for sign-off
                messages.success(
                    request, HELD_MESSAGE if held else "Decision recorded and answer sent."
                )
                return redirect(ctx.info)
            if not refused:
                messages.success(request, "Decision recorded.")
                return redirect(decision)
            if "names_checked" in full.errors and draft.answering:
                # The warning's tick box is on this page, not in a section.
                record_form.add_error("names_checked", full.errors.pop("names_checked"))
    summary = [
        {
            **row,
            "answers": [
                (
                    full.fields[name].label,
                    _shown_value(full.fields[name], full.cleaned_data.get(name)),
                )
                for name in row["names"]
                if _shown_value(full.fields[name], full.cleaned_data.get(name))
            ],
        }
        for row in rows
    ]
    errors: list[tuple[str | None, str]] = [
        (f"section-{row['slug']}", f"Complete the section: {row['title']}") for row in unfinished
    ]
    if record_form.is_bound and not unfinished:
        errors = [
            (f"id_{name}", str(message))
            for name, messages_ in record_form.errors.items()
            if name != "__all__"
            for message in messages_
        ]
        for name, messages_ in full.errors.items():
            slug = next((row["slug"] for row in rows if name in row["names"]), None)
            for message in messages_:
                record_form.add_error(None, message)
                errors.append((f"section-{slug}" if slug else None, str(message)))
    log_reads(request, AccessAction.VIEW, ctx.shown())
    return render(
        request,
        "decisions/draft_check.html",
        {
            "form": record_form,
            "draft": draft,
            "ctx": ctx,
            "summary": summary,
            "unfinished": unfinished,
            "answering": draft.answering,
            "record_errors": errors if record_form.is_bound else [],
        },
        status=400 if record_form.is_bound else 200,
    )
