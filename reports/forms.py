"""The period the figures cover: two dates, checked the GOV.UK way."""

from datetime import date
from typing import Any

from django import forms

from sharing.plumbing.fields import DateField

from .rules import Period

LONGEST_YEARS = 5


class PeriodForm(forms.Form):
    start = DateField(what="first day of the period")
    end = DateField(what="last day of the period")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if isinstance(start, date) and isinstance(end, date):
            if end < start:
                self.add_error(
                    "end", "The last day of the period must be on or after the first day"
                )
            elif (end - start).days > 366 * LONGEST_YEARS:
                self.add_error("end", f"Choose a period of {LONGEST_YEARS} years or less")
        return cleaned

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])
