"""Helpers the case pages share."""

from collections.abc import Iterable
from typing import Any

from axes.helpers import get_client_ip_address
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest

from sharing.models import User
from sharing.services import access_record

from .. import selectors

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _log(request: HttpRequest, action: str, objects: Iterable[models.Model]) -> None:
    access_record(
        user=_user(request),
        action=action,
        objects=objects,
        ip_address=get_client_ip_address(request),
    )


def _id(value: str | None) -> int | None:
    """An id from a query string or form, or None: "abc" or "²" is not a 500."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


def _changeable_person(user: User, value: str | None) -> Any:
    pk = _id(value)
    if pk is None:
        return None
    return selectors.people_changeable_by(user).filter(pk=pk).first()


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
