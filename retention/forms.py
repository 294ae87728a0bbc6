"""The DPO's forms: every POST on the retention pages is read through one of
these, so junk (hidden characters, overlong text, impossible dates, a list
where one value belongs) ends as a plain message, never a server error."""

import re
from typing import Any

from django import forms
from django.db import models

from cases.models import Case, CaseCategoryKind
from cases.transfers.models import Transfer
from requests.models import InformationRequest
from sharing.models import Decision, Organisation
from sharing.plumbing.fields import DateField

from .models import HoldScope, RetentionRule
from .subject_access.models import SubjectAccessRequest

# A NUL byte cannot be stored in PostgreSQL text; Django's fields refuse it
# with this code, and the DPO is told in plain words.
NO_HIDDEN = {"null_characters_not_allowed": "Remove the hidden characters from what you typed."}


def _text(required: str, **kwargs: object) -> forms.CharField:
    return forms.CharField(
        error_messages={"required": required, **NO_HIDDEN},
        **kwargs,  # type: ignore[arg-type]
    )


class TickedBoxes(forms.MultipleHiddenInput):
    """The list's own checkboxes, read as a list of values. Not a hidden field,
    so a refusal's summary links to the first box to tick."""

    input_type = "checkbox"


class RecordIdsField(forms.Field):
    """Ids ticked in a list of checkboxes: whole numbers only. Whether each is
    a record the DPO may approve is the service's question (it locks and
    re-checks each one)."""

    widget = TickedBoxes

    def to_python(self, value: object) -> list[int]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        if not all(_is_id(each) for each in values):
            raise forms.ValidationError("Tick the records from the list.")
        return sorted({int(each) for each in values})


def _is_id(value: object) -> bool:
    text = str(value)
    return text.isascii() and text.isdigit() and 0 < len(text) <= 18


class ApproveForm(forms.Form):
    MAX_TICKED = 500

    state = RecordIdsField(error_messages={"required": "Tick the records to approve first."})
    # Set by the confirmation page: disposal cannot be undone, so the DPO sees
    # exactly what will be disposed of before approving it.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_state(self) -> list[int]:
        ids: list[int] = self.cleaned_data["state"]
        if len(ids) > self.MAX_TICKED:
            raise forms.ValidationError(f"Approve at most {self.MAX_TICKED} records at a time.")
        return ids


class RetainForm(forms.Form):
    # The reason is kept whole on the record, however long; its history row
    # gets a summary (sharing.history).
    reason = _text("Say why the record is kept.")
    # A review still to come: a date today or earlier would be due at once.
    next_review_on = DateField(what="next review date", future=True)


DECISION_NUMBER = re.compile(r"^(?:SHARING\s+)?DECISION\s+(\d{1,18})$")
NO_SUCH_RECORD = (
    "There is no case, request, decision, transfer or subject access request with that reference."
)


def record_by_reference(text: str) -> models.Model | None:
    """A case (SC-...), a request (IR-...), a transfer (TR-...), a subject
    access request (SAR-...) or a decision ("decision 12", as its page names
    it) by the reference the DPO types."""
    reference = " ".join(text.split()).upper()
    case = Case.objects.filter(reference=reference).first()
    if case is not None:
        return case
    request = InformationRequest.objects.filter(reference=reference).first()
    if request is not None:
        return request
    # A transfer of a child's file (TR-...) or a subject access request (SAR-...).
    for model in (Transfer, SubjectAccessRequest):
        found = model._default_manager.filter(reference=reference).first()
        if found is not None:
            return found
    number = DECISION_NUMBER.match(reference)
    if number is not None:
        return Decision.objects.filter(pk=int(number.group(1))).first()
    return None


class HoldForm(forms.Form):
    """A hold on one record by its reference (a case with everything in it),
    on every case of a category, or on an organisation."""

    scope = forms.ChoiceField(
        label="What to hold",
        choices=HoldScope.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose what to hold from the list."},
    )
    reference = forms.CharField(
        required=False,
        max_length=40,
        error_messages={"max_length": NO_SUCH_RECORD, **NO_HIDDEN},
    )
    category = forms.ChoiceField(
        required=False,
        choices=[("", "Choose a category"), *CaseCategoryKind.choices],
        error_messages={"invalid_choice": "Choose a category from the list."},
    )
    organisation = forms.ModelChoiceField(
        required=False,
        queryset=Organisation.objects.order_by("name"),
        error_messages={"invalid_choice": "Choose an organisation from the list."},
    )
    reason = _text("Say why the record is held (litigation, a review, an inquiry).")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scope = data.get("scope") or HoldScope.RECORD
        data["scope"] = scope
        if scope == HoldScope.RECORD and "reference" not in self.errors:
            text = data.get("reference", "")
            if not text.strip():
                self.add_error("reference", "Give the reference of the record to hold.")
            else:
                record = record_by_reference(text)
                if record is None:
                    self.add_error("reference", NO_SUCH_RECORD)
                data["record"] = record
        if (
            scope == HoldScope.CATEGORY
            and not data.get("category")
            and "category" not in self.errors
        ):
            self.add_error("category", "Choose the category to hold.")
        if (
            scope == HoldScope.ORGANISATION
            and not data.get("organisation")
            and "organisation" not in self.errors
        ):
            self.add_error("organisation", "Choose the organisation to hold.")
        return data


class RuleForm(forms.ModelForm):
    """What the DPO may change of a rule; who it applies to stays as seeded."""

    reason = _text("Say why the rule changes: it is kept in its history.", max_length=2000)
    source = _text("Say where the rule comes from.", widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = RetentionRule
        fields = [
            "period_months",
            "action",
            "disposal_method",
            "max_retain_months",
            "fallback_months",
            "inactivity_months",
            "died_before_18_months",
            "notice_days",
            "is_active",
            "source",
        ]
        labels = {
            "period_months": "Period in months",
            "action": "When due",
            "max_retain_months": "Longest time to the next review after keeping it (months)",
            "fallback_months": "If the trigger never comes, review after last activity (months)",
            "inactivity_months": "Also not before this many months without activity",
            "died_before_18_months": "If the child died before 18, months from the death",
            "notice_days": "Flag this many days before the due date",
            "is_active": "The rule is in use",
        }


class LiftForm(forms.Form):
    reason = _text(
        "Say why the hold is lifted.",
        label="Why are you lifting this hold?",
        help_text="For example, the inquiry has closed or the claim was settled.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
