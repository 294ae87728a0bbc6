from typing import Any

from django import forms

from cases.models import Case, Person
from sharing.models import Gateway, Organisation, Team
from sharing.plumbing.fields import DateField, RecordsField, check_not_before

from .models import FeedbackRoute, InformationRequest, PasswordRoute
from .permissions import eligible_recipients

COMMON_FIELDS = [
    "gateway",
    "ca1989_section",
    "scp_function",
    "scp_function_other",
    "for_svd_functions",
    "includes_patient_information",
    "information_sought",
    "purpose",
    "necessity",
    "urgency",
    "started_on",
]


class RequestForm(forms.ModelForm):
    team = forms.ModelChoiceField(queryset=Team.objects.none())
    subjects = RecordsField(
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The people the request is about.",
    )
    # A request is logged once received or sent: never dated tomorrow.
    started_on = DateField(
        what="date the request was received or sent",
        label="Received or sent on",
        past=True,
    )
    due_on = DateField(
        what="due date",
        required=False,
        help_text="Leave empty for the gateway's default response time in working days.",
    )
    due_override_reason = forms.CharField(
        required=False, max_length=300, label="Why a different due date"
    )

    class Meta:
        model = InformationRequest
        fields = COMMON_FIELDS
        widgets = {
            "information_sought": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "necessity": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        *args: object,
        teams: object = None,
        people: list[Person] | None = None,
        cases: list[Case] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["gateway"].queryset = Gateway.objects.filter(is_active=True)  # type: ignore[attr-defined]
        # People and cases are offered from where the request starts (a person's
        # or a case's page): a handful, never everyone the user may see, which
        # was tens of thousands of names and dates of birth in one page.
        subjects = self.fields["subjects"]
        case = forms.ModelChoiceField(queryset=Case.objects.none(), required=False)
        if people is None:
            subjects.widget = forms.MultipleHiddenInput()
            case.widget = forms.HiddenInput()
        # The offered records are already read: the choices are shown from them
        # (a queryset's choices cost a count and a read again on rendering),
        # and what is posted is checked against the same ids.
        _offer(subjects, Person, people)  # type: ignore[arg-type]
        _offer(case, Case, cases)
        self.fields["case"] = case

    def clean(self) -> dict[str, Any]:
        super().clean()
        check_not_before(
            self,
            "due_on",
            "started_on",
            "The due date must be the same as or after the date the request was received or sent",
        )
        return self.cleaned_data


def _offer(field: forms.ModelChoiceField, model: Any, offered: list[Any] | None) -> None:
    """Offer these records, already read, as the field's only choices."""
    records = offered or []
    field.queryset = model.objects.filter(pk__in=[r.pk for r in records])
    field.choices = [(r.pk, field.label_from_instance(r)) for r in records]


class IncomingRequestForm(RequestForm):
    class Meta(RequestForm.Meta):
        fields = ["requesting_organisation", "requester_contact", *COMMON_FIELDS]


class SeparateRequestForm(forms.Form):
    """Offered beside the request form only when the requester already has an
    open request about the same person."""

    confirm_not_duplicate = forms.BooleanField(required=False, label="This is a separate request")


class OutgoingRequestForm(RequestForm):
    recipient = forms.ModelChoiceField(
        # Only school safeguarding officers answer in the register; other
        # partners answer by their secure channel.
        queryset=eligible_recipients().select_related("organisation"),
        required=False,
        help_text="For a school: its safeguarding officer, who will answer in the register.",
    )

    class Meta(RequestForm.Meta):
        fields = ["receiving_organisation", *COMMON_FIELDS]

    def __init__(self, *args: object, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["receiving_organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several documents in one field (the pattern in Django's documentation)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self, data: object, initial: object = None) -> list[object]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class NotHeldForm(forms.Form):
    """The information asked for is not held. (An answer that shares or
    declines is recorded with a sharing decision: sharing.decisions.forms.
    AnswerByDecisionForm.)"""

    note = forms.CharField(
        label="What should the requester be told?",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, that the school has no record of the child.",
        error_messages={"required": "Say what the requester should be told."},
    )


class TextForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class ClarifyForm(TextForm):
    """A question about a request (either side), or the answer to one (the
    side that recorded it)."""

    ASK = "ask"
    ANSWER = "answer"

    action = forms.ChoiceField(
        choices=[(ASK, "Ask a question"), (ANSWER, "Answer the question")], required=False
    )

    def clean_action(self) -> str:
        return self.cleaned_data.get("action") or self.ASK


class WithdrawForm(forms.Form):
    # No length limit: the reason is kept whole on the request's record.
    reason = forms.CharField(
        label="Reason for withdrawing", widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    feedback = forms.CharField(
        label="Feedback to the sharer",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What difference their information made (close the loop).",
    )
    # For a request that came in: what happened with it, and how the requester
    # was told (or why not).
    used_for = forms.CharField(
        label="What was the information used for?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For a request you received: what the information shared with you, "
        "or by you, made possible.",
    )
    feedback_route = forms.ChoiceField(
        label="How did you give the requester feedback?",
        required=False,
        choices=[("", "Choose how"), *FeedbackRoute.choices],
    )
    no_feedback_reason = forms.CharField(
        label="If you gave no feedback, why not?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Feedback is given unless there is a sound reason not to.",
    )

    def __init__(self, *args: Any, incoming: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if incoming:
            self.fields["feedback"].label = "What did you tell the requester?"
            self.fields["feedback"].help_text = "Leave empty if you gave no feedback."
        else:
            # An outgoing request's sharer is the partner who answered; the
            # feedback is read by them in the register.
            for name in ("used_for", "feedback_route", "no_feedback_reason"):
                del self.fields[name]


class DueForm(forms.Form):
    due_on = DateField(what="due date")
    reason = forms.CharField(max_length=300)


class ExportForm(forms.Form):
    issued_to = forms.CharField(
        max_length=200, label="For", help_text="Role and organisation, e.g. DSL, Riverside Academy."
    )
    password_route = forms.ChoiceField(
        choices=PasswordRoute.choices,
        label="How the password will reach them",
        help_text="Never in the same message as the file.",
    )
