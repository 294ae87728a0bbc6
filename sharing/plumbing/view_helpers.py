"""Small helpers every app's views share."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from axes.helpers import get_client_ip_address
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone

from ..models import SavedSearch, User
from ..services import access_record
from ..services.searches import saved_search_keep


def acting_user(request: HttpRequest) -> User:
    """The signed-in user (views are behind login_required and the second factor)."""
    return request.user  # type: ignore[return-value]


def parse_id(value: str | None) -> int | None:
    """An id from a query string or form, or None: "abc" or "²" is not a 500."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


def apply_errors(form: Any, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, by field where it can."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class Refusal:
    """What ``shows_refusal`` caught: false while the service has not refused."""

    def __init__(self) -> None:
        self.error: ValidationError | PermissionDenied | None = None
        # True when the refusal was put on the form, so the page shows the form again.
        self.on_form = False

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def texts(self) -> list[str]:
        """What the service said, in its own plain words."""
        if isinstance(self.error, ValidationError):
            return list(self.error.messages)
        return [str(self.error)] if self.error is not None else []


@contextmanager
def shows_refusal(
    request: HttpRequest,
    form: Any = None,
    *,
    prefix: str = "",
    denied: bool = False,
    message_unless_field: bool = False,
    on_page: bool = False,
) -> Iterator[Refusal]:
    """Call a service inside this block; if it refuses (``ValidationError``),
    show why and carry on after the block, where the view reads ``if refused``.

    The refusal goes on ``form`` (by field where it names one), or, without a
    form, into a message (``prefix`` first) above the next page. With
    ``message_unless_field`` only errors naming a field go on the form; the
    rest become a message (``on_page``, below, is what the pages now use
    instead). With ``denied`` a
    ``PermissionDenied`` from the service is shown the same way instead of a
    403 page: the service re-checks what the page already let the user try,
    and a race (a grant removed a moment ago) deserves words, not an error page.
    With ``on_page`` nothing becomes a message: errors naming a field still go
    on ``form``; the rest mean someone else has just moved the record on and
    the form no longer applies, so the view shows ``refusal_page``, a page of
    its own, rather than a banner above the next page after a redirect.

    One place for what a dozen views each wrote as try/except/else, so every
    refusal reads alike."""
    refusal = Refusal()
    caught: tuple[type[Exception], ...] = (
        (ValidationError, PermissionDenied) if denied else (ValidationError,)
    )
    try:
        yield refusal
    except caught as error:
        refusal.error = error  # type: ignore[assignment]
        texts = error.messages if isinstance(error, ValidationError) else [str(error)]
        fielded = isinstance(error, ValidationError) and hasattr(error, "error_dict")
        if form is not None and (fielded or not (message_unless_field or on_page)):
            refusal.on_form = True
            if isinstance(error, ValidationError):
                apply_errors(form, error)
            else:
                form.add_error(None, " ".join(texts))
        elif not on_page:
            messages.error(request, prefix + " ".join(texts))


@dataclass(frozen=True)
class Happened:
    """What someone else did first, for the page that says so: "Signed off
    by Sam Patel, 1 December 2026 at 10:02". ``by`` only where the viewer may
    know who."""

    what: str
    at: datetime | None
    by: Any = None


def refusal_page(
    request: HttpRequest,
    refused: Refusal,
    *,
    heading: str,
    back_url: str,
    back_text: str,
    happened: Happened | None = None,
) -> HttpResponse:
    """The page shown when a change is refused because the record has moved on
    (someone acted first, a moment ago) or the user may no longer do it: what
    was not done, why in the service's words, who did what first and when if
    the viewer may know, and the way back. 409 for a conflict with the record
    as it now is, 403 for a permission gone. Nothing was changed, so nothing
    is saved to say."""
    status = 403 if isinstance(refused.error, PermissionDenied) else 409
    return render(
        request,
        "refused.html",
        {
            "heading": heading,
            "texts": refused.texts,
            "happened": happened,
            "back_url": back_url,
            "back_text": back_text,
        },
        status=status,
    )


def log_reads(request: HttpRequest, action: str, objects: Iterable[models.Model]) -> None:
    """Record that the user read these records (types and ids only)."""
    access_record(
        user=acting_user(request),
        action=action,
        objects=objects,
        ip_address=get_client_ip_address(request),
    )


F = TypeVar("F", bound=forms.Form)


def _storable(value: Any) -> Any:
    """A cleaned value as the form would take it back: JSON, no objects."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


def kept_search(
    request: HttpRequest, form_class: type[F], **form_kwargs: Any
) -> tuple[F, HttpResponseRedirect | None]:
    """Search terms (names, dates of birth) kept out of URLs, where they would
    reach server logs, browser history and Referer headers, and out of the
    session, which outlives the records it would name.

    A search form posts its terms with ``search=1``. They are checked by the
    page's own form; if they pass, they are kept as a saved search (this user's
    only, 30 minutes) under a random token and the page redirects to
    ``?s=<token>``, so the results can be reloaded and paged without a name in
    the address. Returns the search form (bound to the kept terms, or to a
    refused post with its messages, or unbound) and the redirect to send, if
    any. Another user's token, an expired one or an unknown one gives no terms."""
    # Sessions from before searches moved out of them still hold terms.
    if "searches" in request.session:
        del request.session["searches"]
    if request.method == "POST" and "search" in request.POST:
        posted = form_class(request.POST, **form_kwargs)
        if not posted.is_valid():
            return posted, None
        saved = saved_search_keep(
            user=acting_user(request),
            terms={name: _storable(value) for name, value in posted.cleaned_data.items()},
        )
        query = request.GET.copy()
        query.pop("page", None)
        query["s"] = saved.token
        return posted, HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
    token = request.GET.get("s")
    kept = (
        SavedSearch.objects.filter(
            user_id=request.user.pk, token=token, expires_at__gt=timezone.now()
        ).first()
        if token and request.user.is_authenticated
        else None
    )
    if kept is None:
        return form_class(None, **form_kwargs), None
    return form_class(kept.terms, **form_kwargs), None
