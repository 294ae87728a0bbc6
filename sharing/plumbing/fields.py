"""Form fields shared by every app's forms."""

import re
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


class DateInput(forms.MultiWidget):
    """GOV.UK's date input: day, month and year in three boxes.

    The boxes post ``<name>_0``, ``_1`` and ``_2``. A date may also arrive
    whole, as one ISO date under ``<name>``: a kept search is bound again from
    the terms it stored (``sharing.plumbing.view_helpers.kept_search``), and
    scripts post dates that way. Whichever shape came, the field checks it the
    same way."""

    template_name = "gds/widgets/date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        def box(label: str, width: int) -> forms.TextInput:
            return forms.TextInput(
                attrs={
                    "class": f"govuk-input govuk-date-input__input govuk-input--width-{width}",
                    "label": label,
                    "inputmode": "numeric",
                }
            )

        super().__init__([box("Day", 2), box("Month", 2), box("Year", 4)], attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        parts = super().value_from_datadict(data, files, name)
        whole = data.get(name)
        if not any(parts) and whole:
            found = re.fullmatch(r"\s*(\d+)-(\d+)-(\d+)\s*", str(whole))
            if found:
                year, month, day = found.groups()
                return [day, month, year]
            # Not a date at all: every box holds it, so the field says it
            # must be a real date (not that parts are missing).
            return [str(whole)] * 3
        return parts

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)


class DateField(forms.MultiValueField):
    """A date in GOV.UK's day, month and year boxes, checked the GOV.UK way
    with messages naming what the date is.

    ``what`` is the date in lower case ("date of birth", "date the case was
    opened"): "Enter the date of birth", "Date of birth must include a month",
    "Date of birth must be a real date", "Date of birth must be today or in the
    past". ``past`` refuses a date after today (nothing is recorded as having
    happened tomorrow); ``future`` refuses today and earlier (a review still to
    come). No date is before 1 January 1900."""

    widget = DateInput

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
        kwargs.pop("widget", None)  # always the three boxes
        messages = {"required": f"Enter the {what}", "incomplete": f"Enter the {what}"}
        kwargs["error_messages"] = {**messages, **kwargs.get("error_messages", {})}
        kwargs.setdefault("label", what[:1].upper() + what[1:])
        parts = [forms.CharField(required=False) for _ in range(3)]
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    @property
    def _what(self) -> str:
        return self.what[:1].upper() + self.what[1:]

    def _mark(self, *indexes: int) -> None:
        """Which boxes get GOV.UK's error style (crispy-forms-gds reads these)."""
        for index in indexes:
            self.fields[index].widget.errors = ["error"]

    def clean(self, value: Any) -> date | None:
        for part in self.fields:
            part.widget.errors = []
        if not isinstance(value, list | tuple):
            value = DateInput().decompress(value)
        day, month, year = (str(v).strip() if v not in (None, "") else "" for v in value[:3])
        if not (day or month or year):
            if self.required:
                self._mark(0, 1, 2)
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        missing = [i for i, v in enumerate((day, month, year)) if not v]
        if missing:
            self._mark(*missing)
            names = [("a day", "a month", "a year")[i] for i in missing]
            raise ValidationError(
                f"{self._what} must include {' and '.join(names)}", code="incomplete"
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            self._mark(0, 1, 2)
            raise ValidationError(f"{self._what} must be a real date", code="invalid")
        try:
            value = self.compress([day, month, year])
        except ValueError:
            self._mark(0, 1, 2)
            raise ValidationError(f"{self._what} must be a real date", code="invalid") from None
        self.validate(value)
        self.run_validators(value)
        return value

    def compress(self, data_list: list[Any]) -> date | None:
        """The date from its checked day, month and year (ValueError if there
        is no such day); None when all three are empty."""
        day, month, year = data_list
        if not (day or month or year):
            return None
        return date(int(year), int(month), int(day))

    def validate(self, value: Any) -> None:
        if value in self.empty_values:
            return
        today = timezone.localdate()
        if value < self.earliest:
            raise ValidationError(
                f"{self._what} must be the same as or after {long_date(self.earliest)}",
                code="too_early",
            )
        if self.past and value > today:
            raise ValidationError(f"{self._what} must be today or in the past", code="future")
        if self.future and value <= today:
            raise ValidationError(f"{self._what} must be in the future", code="past")


def long_date(value: date) -> str:
    """1 January 1900: GOV.UK's date format, with no leading zero."""
    return f"{value.day} {value:%B %Y}"


def check_not_before(form: forms.BaseForm, later: str, earlier: str, message: str) -> None:
    """A date that cannot come before another on the same form (a due date and
    the day the request started): the error goes on the later date's field."""
    start, end = form.cleaned_data.get(earlier), form.cleaned_data.get(later)
    if start is not None and end is not None and end < start:
        form.add_error(later, message)
