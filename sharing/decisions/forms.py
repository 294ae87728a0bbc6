"""The decision pages' forms: every POST about a decision goes through one."""

from datetime import date

from django import forms
from django.utils import timezone

from ..models import Decision, InformationStatus, Organisation

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GuideForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect, label=""
    )


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "outcome",
            "rationale",
            "explanation_to_requester",
            "against_suggestion_reason",
            "new_information",
            "purpose",
            "recipient_organisation",
            "gateway",
            "article6_basis",
            "special_category",
            "article9_condition",
            "schedule1_condition",
            "law_enforcement_processing",
            "consent_status",
            "consent_not_sought_reason",
            "consent_how_recorded",
            "consent_given_on",
            "consent_covers",
            "consent_override_rationale",
            "subject_told",
            "not_told_reason",
            "tell_later",
            "public_interest",
            "necessity_proportionality",
            "identities_protected",
            "advice_source",
            "advice_from",
            "advice_on",
            "advice_given",
            "emergency",
        ]
        widgets = {
            "outcome": forms.RadioSelect,
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "explanation_to_requester": forms.Textarea(attrs={"rows": 2}),
            "against_suggestion_reason": forms.Textarea(attrs={"rows": 2}),
            "new_information": forms.Textarea(attrs={"rows": 2}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "consent_given_on": DATE_WIDGET,
            "advice_on": DATE_WIDGET,
            "consent_override_rationale": forms.Textarea(attrs={"rows": 2}),
            "public_interest": forms.Textarea(attrs={"rows": 2}),
            "necessity_proportionality": forms.Textarea(attrs={"rows": 2}),
            "advice_given": forms.Textarea(attrs={"rows": 2}),
            "consent_covers": forms.CheckboxSelectMultiple,
            "identities_protected": forms.CheckboxSelectMultiple,
        }

    def __init__(
        self, *args: object, people: object = None, reconsidering: bool = False, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # The record's own rules (sharing/decisions/rules.py) report what is missing, all at
        # once and in the guidance's words, rather than the form stopping early.
        for name in ("rationale", "consent_status"):
            self.fields[name].required = False
        active = Organisation.objects.filter(is_active=True)
        self.fields["recipient_organisation"].queryset = active  # type: ignore[attr-defined]
        self.fields["consent_covers"].queryset = active  # type: ignore[attr-defined]
        if people is None:
            del self.fields["identities_protected"]
        else:
            self.fields["identities_protected"].queryset = people  # type: ignore[attr-defined]
        if not reconsidering:
            del self.fields["new_information"]


class DisclosureForm(forms.Form):
    recipient_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(is_active=True)
    )
    shared_on = forms.DateField(widget=DATE_WIDGET)
    channel = forms.ChoiceField(
        choices=[
            ("register", "In the register"),
            ("secure_email", "Secure e-mail"),
            ("moveit", "MoveIT"),
            ("encrypted_document", "Encrypted document, password sent separately"),
            ("verbal", "Verbal (phone or meeting), confirmed in writing"),
        ]
    )
    items = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One item per line, each starting with FACT:, OPINION: or HISTORICAL:",
    )

    def clean_items(self) -> list[tuple[str, str]]:
        parsed: list[tuple[str, str]] = []
        for number, line in enumerate(self.cleaned_data["items"].splitlines(), start=1):
            if not line.strip():
                continue
            marker, _, text = line.partition(":")
            # The markers are the statuses' names: FACT, OPINION, HISTORICAL.
            status = InformationStatus.__members__.get(marker.strip().upper())
            if status is None or not text.strip():
                raise forms.ValidationError(
                    f"Line {number}: start with FACT:, OPINION: or HISTORICAL: and then the item."
                )
            parsed.append((text.strip(), status))
        return parsed


class SignOffForm(forms.Form):
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # Set by the button pressed: "Sign off" or "Return for more work".
    approve = forms.TypedChoiceField(
        choices=[("1", "Sign off"), ("0", "Return for more work")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
        error_messages={"required": "Choose to sign off or to return the decision."},
    )


class CompleteForm(forms.Form):
    rationale = forms.CharField(
        label="Full reasons",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Record the reasons, now that the emergency has passed."},
    )


class ConsentWithdrawnForm(forms.Form):
    withdrawn_on = forms.DateField(
        label="Date consent was withdrawn",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Enter the date consent was withdrawn.",
            "invalid": "Enter a real date, for example 20/11/2026.",
        },
    )

    def clean_withdrawn_on(self) -> date:
        withdrawn_on: date = self.cleaned_data["withdrawn_on"]
        if withdrawn_on > timezone.localdate():
            raise forms.ValidationError("The date consent was withdrawn cannot be in the future.")
        return withdrawn_on


class DecisionAccessForm(forms.Form):
    reason = forms.CharField(
        label="Why you need to read this decision",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example a consent-withdrawn review or a subject access request. "
        "Your access lasts an hour, is logged and is listed for review.",
        error_messages={"required": "Say why you need to read this decision."},
    )
