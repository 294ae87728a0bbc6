"""Small helpers every app's views share."""

from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from axes.helpers import get_client_ip_address
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponseRedirect
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
