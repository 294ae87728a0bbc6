"""Form fields shared by every app's forms."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

# Ids are 64-bit signed integers in every database the register runs on.
LARGEST_ID = 2**63 - 1


class RecordsField(forms.ModelMultipleChoiceField):
    """Several records chosen by id. An id no database could hold is refused
    with the field's own message: SQLite raises OverflowError for it inside
    ``pk__in`` (PostgreSQL finds nothing), which would be a server error."""

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            text = str(pk).strip()
            if text.isascii() and text.isdigit() and int(text) > LARGEST_ID:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text},
                )
        return super().clean(value)


# No record in the register is dated before this: a date of birth or an event
# earlier than 1900 is a typing slip (GOV.UK's date input guidance).
EARLIEST_DATE = date(1900, 1, 1)


class DateField(forms.DateField):
    """A date checked the GOV.UK way, its messages naming what the date is.

    ``what`` is the date in lower case ("date of birth", "date the case was
    opened"): "Enter a real date of birth", "Date of birth must be today or in
    the past". ``past`` refuses a date after today (nothing is recorded as
    having happened tomorrow); ``future`` refuses today and earlier (a review
    still to come). No date is before 1 January 1900."""

    def __init__(
        self,
        *,
        what: str,
        past: bool = False,
        future: bool = False,
        earliest: date = EARLIEST_DATE,
        **kwargs: Any,
    ) -> None:
        self.what, self.past, self.future, self.earliest = what, past, future, earliest
        messages = {"required": f"Enter the {what}", "invalid": f"Enter a real {what}"}
        kwargs["error_messages"] = {**messages, **kwargs.get("error_messages", {})}
        kwargs.setdefault("label", what[:1].upper() + what[1:])
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        what = self.what[:1].upper() + self.what[1:]
        today = timezone.localdate()
        if value < self.earliest:
            raise ValidationError(
                f"{what} must be the same as or after {long_date(self.earliest)}",
                code="too_early",
            )
        if self.past and value > today:
            raise ValidationError(f"{what} must be today or in the past", code="future")
        if self.future and value <= today:
            raise ValidationError(f"{what} must be in the future", code="past")


def long_date(value: date) -> str:
    """1 January 1900: GOV.UK's date format, with no leading zero."""
    return f"{value.day} {value:%B %Y}"


def check_not_before(form: forms.BaseForm, later: str, earlier: str, message: str) -> None:
    """A date that cannot come before another on the same form (a due date and
    the day the request started): the error goes on the later date's field."""
    start, end = form.cleaned_data.get(earlier), form.cleaned_data.get(later)
    if start is not None and end is not None and end < start:
        form.add_error(later, message)
