from django import forms

from sharing.history import HISTORY_REASON_LENGTH
from sharing.models import Organisation, OrganisationKind, Team, User
from sharing.plumbing.fields import DateField

from .models import (
    AllegationOutcome,
    Case,
    CaseCategoryKind,
    CaseParticipant,
    CaseStatus,
    ChronologyEntry,
    ParticipantRole,
    Person,
)


class ReasonMixin(forms.Form):
    # A change reason lives in the case history, whose column holds 100
    # characters: a longer reason is refused here with a message rather than
    # cut short there.
    reason = forms.CharField(
        label="Reason for this change",
        max_length=HISTORY_REASON_LENGTH,
        help_text="Kept in the case history with your name.",
    )


# Search terms are checked like any other input before they are kept or used.
SEARCH_TEXT_LENGTH = 100


class CaseSearchForm(forms.Form):
    q = forms.CharField(label="Reference or name", required=False, max_length=SEARCH_TEXT_LENGTH)
    date_of_birth = DateField(what="date of birth", required=False)
    status = forms.ChoiceField(choices=[("", "Any status"), *CaseStatus.choices], required=False)
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, empty_label="Any team"
    )

    def __init__(self, *args: object, teams: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if teams is not None:
            self.fields["team"].queryset = teams  # type: ignore[attr-defined]


class PersonSearchForm(forms.Form):
    q = forms.CharField(label="Name or identifier", required=False, max_length=SEARCH_TEXT_LENGTH)
    date_of_birth = DateField(what="date of birth", required=False)


class PersonForm(ReasonMixin, forms.ModelForm):
    # Longer than the stored 10 digits: people type it as printed, "943 476 5919".
    nhs_number = forms.CharField(label="NHS number", max_length=12, required=False)
    # A person is recorded once born: an unborn child has no date of birth yet.
    date_of_birth = DateField(what="date of birth", past=True, required=False)
    # Only for how long records are kept (a looked-after child who died before 18).
    date_of_death = DateField(
        what="date of death",
        past=True,
        required=False,
        help_text="Only if the person has died.",
    )

    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "other_names",
            "date_of_birth",
            "date_of_death",
            "gender",
            "address",
            "nhs_number",
            "upn",
            "la_identifier",
            "identity_protected",
            "identity_protection_reason",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "identity_protection_reason": forms.Textarea(attrs={"rows": 2}),
        }

    field_order = [*Meta.fields, "reason"]

    def clean_nhs_number(self) -> str:
        return str(self.cleaned_data["nhs_number"]).replace(" ", "")

    def clean_upn(self) -> str:
        return str(self.cleaned_data["upn"]).strip().upper()


class PersonCreateForm(PersonForm):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label="Recorded by team")

    def __init__(
        self, *args: object, teams: object = None, offer_confirm: bool = False, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.initial.setdefault("reason", "New person recorded")
        if offer_confirm:
            self.offer_confirm()

    def offer_confirm(self) -> None:
        """Shown only once possible matches have been found."""
        self.fields["confirm_not_duplicate"] = forms.BooleanField(
            required=False,
            label="I have checked the possible matches above: this is a different person.",
        )


class CaseForm(ReasonMixin, forms.ModelForm):
    class Meta:
        model = Case
        fields = [
            "summary",
            "lead_practitioner",
            "responsible_authority",
            "moving_between_authorities",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(
        self, *args: object, organisation: Organisation | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        practitioners = User.objects.filter(is_active=True)
        if organisation is not None:
            practitioners = practitioners.filter(organisation=organisation)
        self.fields["lead_practitioner"].queryset = practitioners  # type: ignore[attr-defined]
        self.fields["responsible_authority"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            kind=OrganisationKind.LA_CHILDRENS_SOCIAL_CARE, is_active=True
        )


class CaseOpenForm(CaseForm):
    team = forms.ModelChoiceField(queryset=Team.objects.none())
    opened_on = DateField(what="date the case was opened", past=True)

    field_order = ["team", "opened_on", "summary", "lead_practitioner", "responsible_authority"]

    def __init__(self, *args: object, teams: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.initial.setdefault("reason", "Case opened")


class CaseCloseForm(ReasonMixin):
    closed_on = DateField(what="date the case was closed", past=True)


class ParticipantAddForm(ReasonMixin):
    role = forms.ChoiceField(choices=ParticipantRole.choices)


class ParticipantAddPersonForm(forms.Form):
    """Which person to add: one the user may carry into this case."""

    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        error_messages={
            "required": "Choose the person to add.",
            "invalid_choice": "Choose the person to add.",
        },
    )

    def __init__(self, *args: object, people: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if people is not None:
            self.fields["person"].queryset = people  # type: ignore[attr-defined]


class ParticipantRoleForm(ReasonMixin, forms.ModelForm):
    class Meta:
        model = CaseParticipant
        fields = ["role"]


class ChronologyEntryForm(ReasonMixin, forms.ModelForm):
    # What the chronology records has happened: none of it is dated tomorrow.
    occurred_on = DateField(what="date it happened", label="Date", past=True)

    class Meta:
        model = ChronologyEntry
        fields = ["occurred_on", "kind", "information_status", "source_organisation", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "information_status": "Keep fact apart from opinion; mark old information as "
            "historical.",
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["information_status"].widget = forms.RadioSelect(
            choices=self.fields["information_status"].choices  # type: ignore[attr-defined]
        )


class CaseGrantForm(ReasonMixin):
    practitioner = forms.ModelChoiceField(queryset=User.objects.none())
    can_change = forms.BooleanField(
        required=False, label="May also change the case (otherwise view only)"
    )

    def __init__(self, *args: object, practitioners: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["practitioner"].queryset = practitioners  # type: ignore[attr-defined]


class CaseRevokeForm(ReasonMixin):
    """Taking one named practitioner's access away (a button per row)."""

    revoke = forms.ModelChoiceField(
        queryset=User.objects.none(),
        error_messages={
            "required": "Choose whose access to remove.",
            "invalid_choice": "Choose whose access to remove.",
        },
    )

    def __init__(self, *args: object, practitioners: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["revoke"].queryset = practitioners  # type: ignore[attr-defined]
        self.fields["reason"].label = "Reason for removing access"


class BreakGlassForm(forms.Form):
    reference = forms.CharField(max_length=20, help_text="For example SC-2026-000123.")
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why you need this case now. Your access is logged and reviewed.",
    )


OUTCOME_CHOICES = [("", "No outcome (not an allegation)"), *AllegationOutcome.choices]


class CaseCategoryForm(ReasonMixin):
    """A category the case is of, from a date. Retention follows the
    longest-kept category the case has had."""

    category = forms.ChoiceField(
        choices=CaseCategoryKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the category.",
            "invalid_choice": "Choose a category from the list.",
        },
    )
    allegation_outcome = forms.ChoiceField(
        label="Outcome of the allegation",
        choices=OUTCOME_CHOICES,
        required=False,
        help_text="Only for an allegation against a person who works with children.",
        error_messages={"invalid_choice": "Choose an outcome from the list."},
    )
    started_on = DateField(what="date the category started", past=True)


class CaseCategoryChangeForm(ReasonMixin):
    """End a category (it stays on the case's record), or record an allegation's outcome."""

    ended_on = DateField(
        what="date the category ended", past=True, required=False
    )
    allegation_outcome = forms.ChoiceField(
        label="Outcome of the allegation",
        choices=OUTCOME_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Choose an outcome from the list."},
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not self.errors and not data.get("ended_on") and not data.get("allegation_outcome"):
            self.add_error("ended_on", "Give the date the category ended, or an outcome.")
        return data
