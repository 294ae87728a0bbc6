"""Form fields shared by every app's forms."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# Ids are 64-bit signed integers in every database the register runs on.
LARGEST_ID = 2**63 - 1


class RecordsField(forms.ModelMultipleChoiceField):
    """Several records chosen by id. An id no database could hold is refused
    with the field's own message: SQLite raises OverflowError for it inside
    ``pk__in`` (PostgreSQL finds nothing), which would be a server error."""

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            text = str(pk).strip()
            if text.isascii() and text.isdigit() and int(text) > LARGEST_ID:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text},
                )
        return super().clean(value)
