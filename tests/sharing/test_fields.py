"""Ids posted for several records: one no database could hold is refused with
the field's message, never a server error (SQLite overflows inside IN)."""

import pytest
from django import forms

from cases.models import Person
from sharing.plumbing.fields import LARGEST_ID, RecordsField
from tests.cases.factories import PersonFactory, make_team

pytestmark = pytest.mark.django_db


class PeopleForm(forms.Form):
    people = RecordsField(queryset=Person.objects.all())


@pytest.mark.parametrize("value", [str(LARGEST_ID + 1), "9" * 30])
def test_an_id_too_large_for_any_database_is_a_message(value):
    form = PeopleForm({"people": [value]})
    assert not form.is_valid()
    assert "not one of the available choices" in form.errors["people"][0]


def test_real_ids_are_still_chosen():
    person = PersonFactory(owning_team=make_team())
    form = PeopleForm({"people": [str(person.pk)]})
    assert form.is_valid() and list(form.cleaned_data["people"]) == [person]
