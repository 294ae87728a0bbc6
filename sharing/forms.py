from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, UserChangeForm

from .choices import SubjectAccessExemption
from .models import Organisation
from .services import status_change_problem


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with autocomplete hints for password managers."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        # No autofocus: it skips the page's heading and skip link for screen
        # reader and keyboard users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        # Each message says what to do (GOV.UK error messages).
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class RegisterPasswordChangeForm(PasswordChangeForm):
    """Django's password change form in plain words, without autofocus."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        names = ("old_password", "new_password1", "new_password2")
        old, new, again = (self.fields[name] for name in names)
        old.label, new.label, again.label = "Current password", "New password", "New password again"
        old.widget.attrs.pop("autofocus", None)
        old.error_messages["required"] = "Enter your current password"
        new.error_messages["required"] = "Enter a new password"
        again.error_messages["required"] = "Enter your new password again"
        again.help_text = "Type it again, to be sure there is no mistake."


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code",
        max_length=16,
        help_text=(
            "The 6-digit code from your authenticator app, or one of your 8-digit backup codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "Enter the code from your authenticator app or a backup code"},
    )

    def clean_token(self) -> str:
        # People copy codes with spaces ("123 456"); the code is the digits.
        token: str = self.cleaned_data["token"].replace(" ", "").strip()
        if not token.isdigit():
            raise forms.ValidationError("Enter the code as digits only")
        return token


REASON_HELP = (
    "Why this change is being made. It is kept with the change and shown to the "
    "managers who review access."
)


class AdminUserChangeForm(UserChangeForm):
    """The admin's account form. Teams and roles change through the accounts
    service, which records who, whom, when and why: so a reason is asked for."""

    reason = forms.CharField(
        label="Reason for this change",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )


class SecondFactorRevokeForm(forms.Form):
    reason = forms.CharField(
        label="Why reset this account's second factor?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "For example: a lost or replaced phone. The account holder is e-mailed that "
            "their second factor was reset; the reason is kept with the record."
        ),
    )


class OrganisationAdminForm(forms.ModelForm):
    """The admin's organisation form, with the reason a change to the health or
    social care status needs (the DPO reads it before confirming)."""

    status_change_reason = forms.CharField(
        label="Why the health or social care status changes",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you change the status. The change waits for the data "
        "protection officer to confirm it; until then the old status applies.",
    )

    class Meta:
        model = Organisation
        fields = (
            "name",
            "kind",
            "police_force_area",
            "is_active",
            "secure_channel",
            "secure_contact",
            "svd_specified_override",
            "health_or_social_care_override",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "health_or_social_care_override" not in cleaned:
            return cleaned
        asked = cleaned["health_or_social_care_override"]
        current = self.instance.health_or_social_care_override if self.instance.pk else None
        if asked != current:
            problem = status_change_problem(
                self.instance if self.instance.pk else None,
                cleaned.get("status_change_reason", ""),
            )
            if problem:
                self.add_error("status_change_reason", problem)
        return cleaned


class StatusChangeDecisionForm(forms.Form):
    """The DPO confirms a change to an organisation's health or social care
    status, or says why not."""

    decision = forms.ChoiceField(
        label="Do you confirm this change?",
        choices=[("confirm", "Yes, confirm it"), ("decline", "No, do not make this change")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you confirm the change."},
    )
    note = forms.CharField(
        label="Why you are not confirming it",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if you do not confirm the change.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "decline" and not cleaned.get("note", "").strip():
            self.add_error("note", "Say why you are not confirming the change.")
        return cleaned


class NotForSubjectForm(forms.Form):
    """Whether a chronology entry, document or disclosed item may go to the
    person it is about when they ask for their records, and if not, why."""

    not_for_subject = forms.TypedChoiceField(
        label="Can this be disclosed to the person it is about if they ask for their records?",
        choices=[
            ("no", "No, it is not to be disclosed to them"),
            ("yes", "Yes, it can be disclosed"),
        ],
        coerce=lambda value: value == "no",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether it can be disclosed to the person it is about.",
            "invalid_choice": "Select whether it can be disclosed to the person it is about.",
        },
    )
    exemption = forms.ChoiceField(
        label="Exemption relied on",
        choices=[("", "Select the exemption"), *SubjectAccessExemption.choices],
        required=False,
        help_text="Needed when it is not to be disclosed.",
        error_messages={"invalid_choice": "Select the exemption from the list."},
    )
    reason = forms.CharField(
        label="Why",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the record and its history; the DPO reads it when the person asks.",
        error_messages={
            "required": "Say why.",
            "max_length": "Keep the reason to 2,000 characters or fewer.",
            "null_characters_not_allowed": "Remove the hidden characters from what you typed.",
        },
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("not_for_subject") and not cleaned.get("exemption"):
            self.add_error("exemption", "Select the exemption that applies.")
        return cleaned
