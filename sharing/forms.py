from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, UserChangeForm


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
