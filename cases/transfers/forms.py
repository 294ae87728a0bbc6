"""Forms for moving a child's file. Every POST goes through one of these."""

from typing import Any

from django import forms

from sharing.models import Organisation, OrganisationKind, Team, User
from sharing.plumbing.fields import DateField, check_not_before

from .. import rules
from ..models import Case, Person
from .models import PasswordRoute, TransferKind, TransferRoute


class TransferForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of move is this?",
        choices=TransferKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of move this is."},
    )
    subject = forms.ModelChoiceField(
        label="Who the file is about",
        queryset=Person.objects.none(),
        error_messages={
            "required": "Choose who the file is about.",
            "invalid_choice": "Choose who the file is about.",
        },
    )
    receiving_organisation = forms.ModelChoiceField(
        label="Where it goes",
        help_text="The new school or college, or the receiving local authority.",
        queryset=Organisation.objects.none(),
        error_messages={
            "required": "Choose where the file goes.",
            "invalid_choice": "Choose where the file goes.",
        },
    )
    confirmed_on = DateField(
        what="date the new setting was confirmed",
        past=True,
        help_text="The 5 school days are counted from this date.",
    )
    summary = forms.CharField(
        label="Summary for the new setting",
        help_text="What they need to know to keep the child safe from the first day.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Write a summary of the concerns for the new setting."},
    )
    include_chronology = forms.BooleanField(
        label="Include the chronology", required=False, initial=True
    )
    include_people = forms.BooleanField(
        label="Include the people around the child (protected identities are masked)",
        required=False,
        initial=True,
    )
    include_documents = forms.BooleanField(
        label="Include the documents held on the case", required=False, initial=True
    )
    include_open_requests = forms.BooleanField(
        label="Include open information requests", required=False, initial=True
    )
    route = forms.ChoiceField(
        label="How it goes",
        choices=TransferRoute.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the file goes."},
    )
    receiving_user = forms.ModelChoiceField(
        label="Their safeguarding lead, if you know who it is (inside the register)",
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose their safeguarding lead from the list."},
    )
    receiving_contact = forms.CharField(
        label="Who the pack goes to (an encrypted pack)",
        help_text="A role and a secure address, for example: DSL, dsl@school.example.sch.uk",
        max_length=200,
        required=False,
    )
    password_route = forms.ChoiceField(
        label="How the password will reach them (an encrypted pack)",
        choices=[("", "Choose how"), *PasswordRoute.choices],
        required=False,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(participations__case=case).order_by("last_name", "pk")
        self.fields["subject"].queryset = people  # type: ignore[attr-defined]
        # Names a form shows are read through the masking rule.
        self.fields["subject"].label_from_instance = _participant_label(case)  # type: ignore[attr-defined]
        self.fields["receiving_organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            is_active=True,
            kind__in=[
                OrganisationKind.SCHOOL,
                OrganisationKind.LA_CHILDRENS_SOCIAL_CARE,
                OrganisationKind.SAFEGUARDING_PARTNERSHIP,
            ],
        ).exclude(pk=case.team.organisation_id)
        self.fields["receiving_user"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(
                is_active=True,
                organisation__kind__in=[
                    OrganisationKind.SCHOOL,
                    OrganisationKind.LA_CHILDRENS_SOCIAL_CARE,
                    OrganisationKind.SAFEGUARDING_PARTNERSHIP,
                ],
                groups__name__in=["School SCPO", "Safeguarding unit staff", "Manager"],
            )
            .exclude(organisation_id=case.team.organisation_id)
            .distinct()
            .order_by("last_name")
        )
        self.fields["receiving_user"].label_from_instance = (  # type: ignore[attr-defined]
            lambda user: f"{user.get_full_name() or user.get_username()}, {user.organisation}"
        )


def _participant_label(case: Case) -> Any:
    from ..models import CaseParticipant

    roles = dict(CaseParticipant.objects.filter(case=case).values_list("person_id", "role"))
    labels = dict(CaseParticipant._meta.get_field("role").choices or [])

    def label(person: Person) -> str:
        name = rules.display_name(person, viewer_context=rules.TEAM)
        return f"{name} ({labels.get(roles.get(person.pk, ''), '')})"

    return label


class ReceiveForm(forms.Form):
    """Confirm receipt in one action: add the file to a case, or open a new one."""

    case = forms.ModelChoiceField(
        label="Add it to one of your cases",
        queryset=Case.objects.none(),
        required=False,
        empty_label="Open a new case instead",
        error_messages={"invalid_choice": "Choose one of your cases from the list."},
    )
    team = forms.ModelChoiceField(
        label="Or open a new case for the child in",
        queryset=Team.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose one of your teams."},
    )
    not_a_duplicate = forms.BooleanField(
        label="None of the people listed is this child: open a new case",
        required=False,
    )

    def __init__(self, *args: Any, cases: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        if teams.count() == 1:
            self.fields["team"].initial = teams.first()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and data.get("case") is None and data.get("team") is None:
            self.add_error(
                "case", "Choose a case to add the file to, or a team to open a new case in."
            )
        if data.get("case") is not None:
            data["team"] = None
        return data


class ShareForm(forms.Form):
    colleague = forms.ModelChoiceField(
        label="Give the file to a colleague",
        help_text="Someone at your organisation who needs it, such as your deputy lead.",
        queryset=User.objects.none(),
        error_messages={
            "required": "Choose the colleague to give the file to.",
            "invalid_choice": "Choose a colleague from the list.",
        },
    )

    def __init__(self, *args: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = colleagues  # type: ignore[attr-defined]
        self.fields["colleague"].label_from_instance = (  # type: ignore[attr-defined]
            lambda user: user.get_full_name() or user.get_username()
        )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is the transfer cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        min_length=10,
        error_messages={
            "required": "Say why the transfer is cancelled.",
            "min_length": "Say why the transfer is cancelled, in a sentence.",
        },
    )


class ReceiptForm(forms.Form):
    """The one-time receipt link's form: who confirms."""

    name = forms.CharField(
        label="Your name", max_length=100, error_messages={"required": "Enter your name."}
    )
    role = forms.CharField(
        label="Your role",
        help_text="For example: designated safeguarding lead, Hill Primary School",
        max_length=100,
        error_messages={"required": "Enter your role."},
    )


class TermHolidayForm(forms.Form):
    name = forms.CharField(
        label="Name of the holiday",
        max_length=100,
        error_messages={
            "required": "Enter the name of the holiday, for example October half-term."
        },
    )
    starts_on = DateField(what="first day of the holiday")
    ends_on = DateField(what="last day of the holiday")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_not_before(
            self, "ends_on", "starts_on", "The last day must be the same as or after the first day"
        )
        return data


class TermHolidayRemoveForm(forms.Form):
    holiday = forms.IntegerField(min_value=1, max_value=2**62, widget=forms.HiddenInput)
