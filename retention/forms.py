"""The DPO's forms: every POST on the retention pages is read through one of
these, so junk (hidden characters, overlong text, impossible dates, a list
where one value belongs) ends as a plain message, never a server error."""

from django import forms

from cases.models import Case
from sharing.plumbing.fields import DateField

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


class HoldForm(forms.Form):
    reference = forms.CharField(
        max_length=Case._meta.get_field("reference").max_length,
        error_messages={
            "required": "Give the case reference.",
            "max_length": "There is no case with that reference.",
            **NO_HIDDEN,
        },
    )
    reason = _text("Say why the record is held (litigation, a review, an inquiry).")

    def clean_reference(self) -> Case:
        reference = self.cleaned_data["reference"].strip().upper()
        case = Case.objects.filter(reference=reference).first()
        if case is None:
            raise forms.ValidationError("There is no case with that reference.")
        return case


class LiftForm(forms.Form):
    reason = _text("Say why the hold is lifted.")
