"""The decision pages' forms: every POST about a decision goes through one."""

from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Fieldset, Layout, Size
from django import forms

from requests.forms import MultipleFileField

from ..choices import ConsentStatus, DecisionOutcome, DeclineReason, NotToldReason, SecureChannel
from ..models import Decision, InformationStatus, Organisation
from ..plumbing.fields import DateField, RecordsField


class GuideForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect, label=""
    )


# The record's questions in plain words: (label, hint). The model keeps its own
# short names for the admin and the history; practitioners read these.
DECISION_QUESTIONS: dict[str, tuple[str, str]] = {
    "outcome": ("What have you decided?", ""),
    "decline_reason": (
        "If you decided not to share, what is the main reason?",
        "Choose the one that fits best. Your full reasons go below. Decisions not to share "
        "are counted by this reason in the partnership's statistics, without any details.",
    ),
    "decline_reason_other": (
        "If it is another reason for not sharing, what is it?",
        "In a sentence or more.",
    ),
    "rationale": (
        "Why have you decided this?",
        "Your reasons are kept on the record whatever you decide. "
        "Say what you weighed up, including any risk to the child.",
    ),
    "explanation_to_requester": (
        "What should the requester be told?",
        "Only if you are not sharing everything they asked for. "
        "They see this, not your reasons above.",
    ),
    "against_suggestion_reason": (
        "Why are you deciding differently from what the guide suggested?",
        "Only if your decision is not the one the guide suggested.",
    ),
    "new_information": (
        "What new information is there?",
        "You are reconsidering an earlier decision. Both decisions stay on record.",
    ),
    "purpose": (
        "What will the information be used for?",
        "For example, a strategy discussion or a child safeguarding practice review.",
    ),
    "recipient_organisation": ("Who will you share it with?", ""),
    "gateway": (
        "Which law allows the sharing?",
        "For example, Children Act 1989 section 47 enquiries.",
    ),
    "article6_basis": (
        "What is your lawful basis for sharing under UK GDPR?",
        "Public bodies sharing to protect a child usually rely on public task or "
        "legal obligation. Choose consent only if consent was given.",
    ),
    "special_category": (
        "The information includes health, ethnicity, religion, sex life or sexual "
        "orientation, or other special category information",
        "",
    ),
    "article9_condition": (
        "What is your condition for sharing special category information?",
        "Only if the information includes special category information (UK GDPR Article 9).",
    ),
    "schedule1_condition": (
        "Which Data Protection Act 2018 condition goes with it?",
        "Needed with conditions (b), (g) and (h). To protect a child, "
        "this is usually paragraph 18.",
    ),
    "schedule1_para18_reason": (
        "If you chose paragraph 18, why are you not relying on consent?",
        "Paragraph 18 applies only in one of these cases. It cannot be used when consent "
        "was given.",
    ),
    "law_enforcement_processing": (
        "The information is being shared for law enforcement, for example with the police "
        "to prevent or detect crime",
        "",
    ),
    "consent_status": ("Has the child or family agreed to the sharing?", ""),
    "consent_not_sought_reason": (
        "If you did not ask for consent, why not?",
        "",
    ),
    "consent_given_by": ("If consent was given, whose consent was it?", ""),
    "consent_how_recorded": (
        "If consent was given, how was it given and where is it recorded?",
        "For example, a signed form on the case file.",
    ),
    "consent_given_on": ("Date consent was given", "Only if consent was given."),
    "consent_covers": (
        "If consent was given, which organisations does it cover?",
        "Leave all unticked if it covers every organisation.",
    ),
    "consent_information": (
        "If consent was given, which information does it cover?",
        "For example, attendance and the concerns logged this term, but not health records.",
    ),
    "consent_review_on": (
        "Date to review the consent",
        "Only if consent was given. Consent can change: you will be reminded on that day.",
    ),
    "consent_override_rationale": (
        "Why is sharing proportionate even though consent was refused or withdrawn?",
        "Only if consent was refused or withdrawn and you are still sharing.",
    ),
    "public_interest": (
        "Why is sharing in the public interest?",
        "Needed when you share confidential information without consent. Say what the "
        "risk is, how serious it is, and why sharing outweighs keeping it confidential.",
    ),
    "necessity_proportionality": (
        "Why is sharing necessary and proportionate?",
        "Say why the recipient needs the information and why you are not sharing more "
        "than they need.",
    ),
    "subject_told": ("The child or family has been told about the sharing", ""),
    "not_told_reason": ("If they have not been told, why not?", ""),
    "not_told_explanation": (
        "If it is another reason for not telling them, what is it?",
        "Say why telling them would not be safe or right, in a sentence or more.",
    ),
    "tell_later": ("Tell them later, when it is safe to", ""),
    "tell_later_on": (
        "Date you will tell them",
        "Only if you will tell them later. You will be sent a reminder on that day.",
    ),
    "identities_protected": (
        "Whose details must the recipient not see?",
        "For example, the person who reported the concern. "
        "Their name is hidden from the recipient and from exports.",
    ),
    "advice_source": ("Who did you ask for advice?", ""),
    "advice_from": (
        "Name and role of the person who advised you",
        "Not needed if you asked without naming the child or family.",
    ),
    "advice_on": ("Date of the advice", ""),
    "advice_asked": (
        "What did you ask?",
        "Needed if you asked without naming the child or family. Do not name them here.",
    ),
    "advice_given": ("What was their advice?", ""),
    "emergency": (
        "This was an emergency: the information was shared before this record was made",
        "The record stays flagged until someone completes it with the full reasons.",
    ),
}

# Answers worded as replies to the form's questions (the stored values and the
# labels shown elsewhere stay as sharing.choices has them).
PLAIN_ANSWERS: dict[str, dict[str, str]] = {
    "consent_status": {
        ConsentStatus.NOT_SOUGHT: "We did not ask them",
        ConsentStatus.GIVEN: "Yes, they agreed",
        ConsentStatus.REFUSED: "No, they refused",
        ConsentStatus.WITHDRAWN: "They agreed but have since withdrawn their consent",
    },
    "not_told_reason": {
        NotToldReason.OTHER: "Another reason (say what it is below)",
    },
}

# The record's sections, as the task list will have them (one page each).
DECISION_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Outcome and reasons",
        (
            "outcome",
            "decline_reason",
            "decline_reason_other",
            "rationale",
            "explanation_to_requester",
            "names_checked",
            "against_suggestion_reason",
            "new_information",
            "recipient_organisation",
            "purpose",
        ),
    ),
    (
        "Lawful basis",
        (
            "gateway",
            "article6_basis",
            "special_category",
            "article9_condition",
            "schedule1_condition",
            "schedule1_para18_reason",
            "law_enforcement_processing",
            "public_interest",
            "necessity_proportionality",
        ),
    ),
    # Each follow-up says which answer it goes with. Not GOV.UK's conditional reveal:
    # its radios carry aria-expanded, which axe-core reports as a WCAG failure
    # (alphagov/govuk-frontend#979); the consent page of the task list asks them
    # one answer at a time instead.
    (
        "Consent",
        (
            "consent_status",
            "consent_not_sought_reason",
            "consent_given_by",
            "consent_how_recorded",
            "consent_given_on",
            "consent_covers",
            "consent_information",
            "consent_review_on",
            "consent_override_rationale",
        ),
    ),
    (
        "Telling the child or family",
        ("subject_told", "not_told_reason", "not_told_explanation", "tell_later", "tell_later_on"),
    ),
    ("Identities to protect", ("identities_protected",)),
    ("Advice", ("advice_source", "advice_from", "advice_on", "advice_asked", "advice_given")),
    ("Emergency", ("emergency",)),
)


class DecisionForm(forms.ModelForm):
    # Both are recorded after the event: consent given and advice taken are never dated
    # tomorrow. (Labels and hints come from DECISION_QUESTIONS.)
    consent_given_on = DateField(what="date consent was given", past=True, required=False)
    advice_on = DateField(what="date of the advice", past=True, required=False)
    tell_later_on = DateField(what="date to tell them", required=False)
    consent_review_on = DateField(what="date to review the consent", required=False)
    # Golden rule 5: the explanation leaves the register; if it may name someone
    # protected, the register asks the person to check it and say so.
    names_checked = forms.BooleanField(
        label="I have checked: what the requester is told does not identify anyone whose "
        "identity is protected",
        required=False,
        help_text="Only needed if the register warns that the text may name them.",
    )

    class Meta:
        model = Decision
        fields = [
            "outcome",
            "decline_reason",
            "decline_reason_other",
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
            "schedule1_para18_reason",
            "law_enforcement_processing",
            "consent_status",
            "consent_not_sought_reason",
            "consent_given_by",
            "consent_how_recorded",
            "consent_given_on",
            "consent_covers",
            "consent_information",
            "consent_review_on",
            "consent_override_rationale",
            "subject_told",
            "not_told_reason",
            "not_told_explanation",
            "tell_later",
            "tell_later_on",
            "public_interest",
            "necessity_proportionality",
            "identities_protected",
            "advice_source",
            "advice_from",
            "advice_on",
            "advice_asked",
            "advice_given",
            "emergency",
        ]
        field_classes = {"identities_protected": RecordsField, "consent_covers": RecordsField}
        widgets = {
            "outcome": forms.RadioSelect,
            "decline_reason": forms.RadioSelect,
            "decline_reason_other": forms.Textarea(attrs={"rows": 3}),
            "rationale": forms.Textarea(attrs={"rows": 4}),
            "explanation_to_requester": forms.Textarea(attrs={"rows": 3}),
            "against_suggestion_reason": forms.Textarea(attrs={"rows": 3}),
            "new_information": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "article6_basis": forms.RadioSelect,
            "article9_condition": forms.RadioSelect,
            "schedule1_condition": forms.RadioSelect,
            "schedule1_para18_reason": forms.RadioSelect,
            "not_told_explanation": forms.Textarea(attrs={"rows": 3}),
            "advice_asked": forms.Textarea(attrs={"rows": 3}),
            "consent_status": forms.RadioSelect,
            "consent_not_sought_reason": forms.RadioSelect,
            "consent_given_by": forms.RadioSelect,
            "consent_information": forms.Textarea(attrs={"rows": 3}),
            "consent_override_rationale": forms.Textarea(attrs={"rows": 3}),
            "public_interest": forms.Textarea(attrs={"rows": 3}),
            "necessity_proportionality": forms.Textarea(attrs={"rows": 3}),
            "not_told_reason": forms.RadioSelect,
            "advice_source": forms.RadioSelect,
            "advice_given": forms.Textarea(attrs={"rows": 3}),
            "consent_covers": forms.CheckboxSelectMultiple,
            "identities_protected": forms.CheckboxSelectMultiple,
        }

    def __init__(
        self, *args: object, people: object = None, reconsidering: bool = False, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # The record's own rules (sharing/decisions/rules/) report what is missing, all at
        # once and in the guidance's words, rather than the form stopping early.
        for name in ("rationale", "consent_status"):
            self.fields[name].required = False
        self.fields["outcome"].error_messages["required"] = (
            "Select whether you will share, share in part or not share."
        )
        active = Organisation.objects.filter(is_active=True)
        self.fields["recipient_organisation"].queryset = active  # type: ignore[attr-defined]
        self.fields["recipient_organisation"].empty_label = "Choose an organisation"  # type: ignore[attr-defined]
        self.fields["gateway"].empty_label = "Choose the law"  # type: ignore[attr-defined]
        self.fields["consent_covers"].queryset = active  # type: ignore[attr-defined]
        if people is None:
            del self.fields["identities_protected"]
        else:
            self.fields["identities_protected"].queryset = people  # type: ignore[attr-defined]
        if not reconsidering:
            del self.fields["new_information"]
        for name, field in self.fields.items():
            if name not in DECISION_QUESTIONS:
                continue  # a subclass's own question, with its own label
            field.label, field.help_text = DECISION_QUESTIONS[name]
            if isinstance(field.widget, forms.RadioSelect) and name != "advice_source":
                # A radio button reading "---------" says nothing: an optional question
                # is left unselected instead. (Advice's empty choice reads "No advice
                # sought".)
                plain = PLAIN_ANSWERS.get(name, {})
                choices = field.choices  # type: ignore[attr-defined]
                field.choices = [(v, plain.get(v, label)) for v, label in choices if v != ""]  # type: ignore[attr-defined]
        if "decline_reason" in self.fields:
            # The reasons a person may choose, each with a hint; "not recorded"
            # is only for decisions made before the question was asked.
            self.fields["decline_reason"].choices = [  # type: ignore[attr-defined]
                Choice(reason.value, reason.label, hint=DeclineReason.hint(reason))
                for reason in DeclineReason.offered()
            ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's <form> has its token
        # Questions in bold, below their section's heading (GOV.UK's small labels).
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(*self._sections())

    SECTIONS = DECISION_SECTIONS

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # A reason for not sharing goes only with a decision not to share: one
        # ticked before the outcome changed is dropped (a radio cannot be unticked).
        if "outcome" in cleaned and cleaned.get("outcome") != DecisionOutcome.DO_NOT_SHARE:
            cleaned["decline_reason"] = ""
            cleaned["decline_reason_other"] = ""
        return cleaned

    def _sections(self) -> list[Fieldset]:
        return [
            Fieldset(
                *[name for name in names if name in self.fields],
                legend=legend,
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            )
            for legend, names in self.SECTIONS
        ]


# The task list: each section of the record a page of its own (address, title, fields).
TASK_SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    (slug, title, names)
    for slug, (title, names) in zip(
        ("outcome", "lawful-basis", "consent", "telling", "identities", "advice", "emergency"),
        DECISION_SECTIONS,
        strict=True,
    )
)


class DecisionSectionForm(DecisionForm):
    """One section of the record, on its own page: the same fields, labels and
    cleaning as the whole record (the rules are checked over the whole draft)."""

    def __init__(self, *args: object, section: tuple[str, ...], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in list(self.fields):
            if name not in section:
                del self.fields[name]
        self.helper.layout = Layout(*[name for name in section if name in self.fields])


class StartDraftForm(forms.Form):
    """Start writing a decision (the page's address says what it is about)."""


class RecordDraftForm(forms.Form):
    """Record the decision the draft holds, once its answers are checked."""


class AnswerByDecisionForm(DecisionForm):
    """Answering a request is recording one's sharing decision (one path out,
    issue 15): the decision's questions, checked by the same rules
    (sharing/decisions/rules/), with the answer itself as one more section.
    Who it goes to is whoever asked, so that question is not asked."""

    response_text = forms.CharField(
        label="Your answer",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="What you are sharing, in words or in the documents below. If you are not "
        "sharing, leave this empty: the requester is told what you wrote above.",
    )
    response_status = forms.ChoiceField(
        label="Is your answer fact, opinion or historical information?",
        choices=InformationStatus.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="The requester needs to know which it is. If your answer mixes them, "
        "say which part is which in the answer and choose the least certain.",
    )
    channel = forms.ChoiceField(
        label="How is the answer sent?",
        choices=SecureChannel.choices,
        initial=SecureChannel.REGISTER,
        error_messages={"required": "Select how the answer is sent."},
    )
    documents = MultipleFileField(required=False, label="Documents")
    names_checked = forms.BooleanField(
        label="I have checked: my answer, what the requester is told and the names of the "
        "files I attach do not identify anyone whose identity is protected",
        required=False,
        help_text="Only needed if the register warns that the text or a file name may name them.",
    )

    SECTIONS = (
        (
            DECISION_SECTIONS[0][0],
            tuple(name for name in DECISION_SECTIONS[0][1] if name != "names_checked"),
        ),
        (
            "What the requester is sent",
            ("response_text", "response_status", "channel", "documents", "names_checked"),
        ),
        *DECISION_SECTIONS[1:],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        del self.fields["recipient_organisation"]
        self.helper.layout = Layout(*self._sections())


class DisclosureForm(forms.Form):
    recipient_organisation = forms.ModelChoiceField(
        label="Who did you share it with?",
        queryset=Organisation.objects.filter(is_active=True),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose who you shared the information with."},
    )
    shared_on = DateField(
        what="date the information was shared",
        label="Date it was shared",
        past=True,
    )
    channel = forms.ChoiceField(
        label="How was it shared?",
        widget=forms.RadioSelect,
        choices=SecureChannel.choices,
        help_text="Only secure ways are listed. If you shared it in person or by telephone, "
        "you will be asked to confirm it in writing.",
        error_messages={"required": "Select how the information was shared."},
    )
    items = forms.CharField(
        label="What did you share?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Write one item per line. Start each line with FACT:, OPINION: or "
        "HISTORICAL: so the recipient can tell which is which.",
        error_messages={"required": "Enter what you shared, one item per line."},
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

    names_checked = forms.BooleanField(
        label="I have checked: what I shared does not identify anyone whose identity is protected",
        required=False,
        help_text="Only needed if the register warns that the text may name them.",
    )


class ConfirmInWritingForm(forms.Form):
    confirmed_on = DateField(what="date it was confirmed in writing", past=True)
    how = forms.CharField(
        label="How was it confirmed?",
        max_length=300,
        help_text="For example, a secure e-mail to the police's referral unit.",
        error_messages={
            "required": "Say how it was confirmed in writing.",
            "max_length": "Say how it was confirmed in 300 characters or fewer.",
        },
    )


class WithdrawalToldForm(forms.Form):
    told_on = DateField(
        what="date they were told consent was withdrawn",
        label="Date they were told",
        past=True,
    )


class SignOffForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="If you return the decision, say what more is needed.",
    )
    # Set by the button pressed: "Sign off" or "Return for more work".
    approve = forms.TypedChoiceField(
        choices=[("1", "Sign off"), ("0", "Return for more work")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
        error_messages={"required": "Choose to sign off or to return the decision."},
    )


class CompleteForm(forms.Form):
    rationale = forms.CharField(
        label="Why was the information shared?",
        help_text="Now the emergency has passed, give the full reasons. "
        "What was written at the time stays on the record.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Record the reasons, now that the emergency has passed."},
    )


class ConsentWithdrawnForm(forms.Form):
    withdrawn_on = DateField(what="date consent was withdrawn", past=True)


class DecisionAccessForm(forms.Form):
    reason = forms.CharField(
        label="Why you need to read this decision",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example a consent-withdrawn review or a subject access request. "
        "Your access lasts an hour, is logged and is listed for review.",
        error_messages={"required": "Say why you need to read this decision."},
    )


# The answering draft's extra section (sharing.decisions.task_list), after the
# outcome: what the requester is sent. Documents and the names check go with
# the sending, on check your answers (a draft keeps no uploaded file).
ANSWER_TASK: tuple[str, str, tuple[str, ...]] = (
    "answer",
    "What the requester is sent",
    ("response_text", "response_status", "channel"),
)


class AnswerDraftForm(AnswerByDecisionForm):
    """An answering draft's whole record: the answer page's questions, but for
    the documents and the names check, which are asked when it is sent."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["documents"]
        del self.fields["names_checked"]


class AnswerSectionForm(AnswerDraftForm):
    """One section of an answering draft, on its own page."""

    def __init__(self, *args: object, section: tuple[str, ...], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in section:
                del self.fields[name]
        self.helper.layout = Layout(*[name for name in section if name in self.fields])


class SendAnswerForm(forms.Form):
    """Sending the answer the draft holds: its documents, and the check that
    nothing leaving names a protected person (asked only when the register
    warns)."""

    documents = MultipleFileField(
        required=False,
        label="Documents to send with your answer (optional)",
        help_text="Each is checked by what it contains. Its file name reaches the requester.",
    )
    names_checked = forms.BooleanField(
        label="I have checked: my answer, what the requester is told and the names of the "
        "files I attach do not identify anyone whose identity is protected",
        required=False,
        help_text="Only needed if the register warns that the text or a file name may name them.",
    )

