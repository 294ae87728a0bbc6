"""Small helpers every app's views share."""

from collections.abc import Iterable
from typing import Any

from axes.helpers import get_client_ip_address
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest

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
