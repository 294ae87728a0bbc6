"""Small helpers every app's views share."""

import secrets
from collections.abc import Iterable
from typing import Any

from axes.helpers import get_client_ip_address
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponseRedirect

from .models import User
from .services import access_record


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


SEARCHES_KEPT = 10


def kept_search(
    request: HttpRequest, fields: Iterable[str]
) -> tuple[dict[str, str] | None, HttpResponseRedirect | None]:
    """Search terms (names, dates of birth) kept out of URLs, where they would
    reach server logs, browser history and Referer headers.

    A search form posts its terms with ``search=1``: they are kept in the
    session under a random token and the page redirects to ``?s=<token>``, so
    the results can be reloaded, paged and bookmarked for the session without
    a name in the address. Returns (the terms of ``?s=``, or None; the
    redirect to send, or None). An unknown or expired token gives no terms."""
    if request.method == "POST" and request.POST.get("search"):
        token = secrets.token_urlsafe(9)
        searches: dict[str, dict[str, str]] = dict(request.session.get("searches", {}))
        searches[token] = {name: request.POST.get(name, "") for name in fields}
        while len(searches) > SEARCHES_KEPT:  # oldest first: dicts keep insertion order
            searches.pop(next(iter(searches)))
        request.session["searches"] = searches
        query = request.GET.copy()
        query.pop("page", None)
        query["s"] = token
        return None, HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
    kept = request.GET.get("s")
    if not kept:
        return None, None
    return request.session.get("searches", {}).get(kept), None
