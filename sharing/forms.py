from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with autocomplete hints for password managers."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        # No autofocus: it skips the page's heading and skip link for screen
        # reader and keyboard users.
        self.fields["username"].widget.attrs.pop("autofocus", None)


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code",
        max_length=16,
        help_text=(
            "The 6-digit code from your authenticator app, or one of your 8-digit backup codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        # People copy codes with spaces ("123 456"); the code is the digits.
        token: str = self.cleaned_data["token"].replace(" ", "").strip()
        if not token.isdigit():
            raise forms.ValidationError("Enter the code as digits only.")
        return token
