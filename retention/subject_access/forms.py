"""The DPO's subject access forms: every POST is read through one of these,
so junk ends as a plain message, never a server error."""

from typing import Any

from django import forms

from sharing.choices import SubjectAccessExemption
from sharing.plumbing.fields import DateField

from ..models import ItemDecision, PasswordRoute, Requester

NO_HIDDEN = {"null_characters_not_allowed": "Remove the hidden characters from what you typed."}


def _text(
    label: str, required: str, *, rows: int = 3, optional: bool = False, **kwargs: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=not optional,
        max_length=kwargs.pop("max_length", 2000),
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(),
        error_messages={
            "required": required,
            "max_length": "Keep it to %(limit_value)d characters or fewer.",
            **NO_HIDDEN,
        },
        **kwargs,
    )


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="Name or identifier",
        max_length=100,
        required=False,
        help_text="A name, NHS number, unique pupil number or local authority ID.",
        error_messages={"max_length": "Search with fewer words.", **NO_HIDDEN},
    )
    date_of_birth = DateField(what="date of birth", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        empty = not (cleaned.get("q") or "").strip() and not cleaned.get("date_of_birth")
        if empty and not self.errors:
            self.add_error("q", "Enter a name or identifier, or a date of birth.")
        return cleaned


class LogForm(forms.Form):
    requester = _text(
        "Who asked",
        "Say who asked.",
        rows=0,
        max_length=200,
        help_text="Their name and how to reach them.",
    )
    requester_is = forms.ChoiceField(
        label="They are",
        choices=Requester.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say who they are.",
            "invalid_choice": "Say who they are.",
        },
    )
    received_on = DateField(what="date the request was received", past=True)
    identity_checked = forms.BooleanField(label="Their identity has been checked", required=False)
    identity_check = _text(
        "How their identity was checked",
        "Say how their identity was checked.",
        optional=True,
        help_text="For example: passport seen in person; or, for a parent, the child's birth "
        "certificate and their own photo identification.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("identity_checked") and not (cleaned.get("identity_check") or "").strip():
            self.add_error("identity_check", "Say how their identity was checked.")
        return cleaned


class IdentityForm(forms.Form):
    how = _text("How their identity was checked", "Say how their identity was checked.")


class ExtendForm(forms.Form):
    months = forms.TypedChoiceField(
        label="Extend by",
        choices=[("1", "One further month"), ("2", "Two further months")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how much longer.",
            "invalid_choice": "Select how much longer.",
        },
    )
    reason = _text(
        "Why more time is needed",
        "Say why more time is needed.",
        help_text="The request is complex, or they have made several.",
    )
    told_on = DateField(what="date they were told", past=True)


class BuildForm(forms.Form):
    """Nothing to fill in: building is one button, still posted through a form."""


class ItemReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Include this in the pack?",
        choices=[
            (ItemDecision.INCLUDE.value, "Include"),
            (ItemDecision.WITHHOLD.value, "Withhold"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select include or withhold.",
            "invalid_choice": "Select include or withhold.",
        },
    )
    exemption = forms.ChoiceField(
        label="Exemption",
        choices=[("", "Select the exemption"), *SubjectAccessExemption.choices],
        required=False,
        error_messages={"invalid_choice": "Select the exemption from the list."},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == ItemDecision.WITHHOLD and not cleaned.get("exemption"):
            self.add_error("exemption", "Select the exemption that applies.")
        return cleaned


class ReleaseForm(forms.Form):
    password_route = forms.ChoiceField(
        label="How will the password reach them?",
        choices=PasswordRoute.choices,
        widget=forms.RadioSelect,
        help_text="Never with the file.",
        error_messages={
            "required": "Say how the password will reach them.",
            "invalid_choice": "Say how the password will reach them.",
        },
    )
