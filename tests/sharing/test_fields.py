"""The shared form fields. Ids posted for several records: one no database could
hold is refused with the field's message, never a server error (SQLite overflows
inside IN). Dates: checked the GOV.UK way on every form that has one."""

from datetime import timedelta

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone

from cases import forms as case_forms
from cases.models import Person
from requests import forms as request_forms
from retention import forms as retention_forms
from sharing.decisions import forms as decision_forms
from sharing.models import Team
from sharing.plumbing.fields import LARGEST_ID, DateField, RecordsField
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


# Dates: GOV.UK's messages, naming the date, from one field every form uses.


class BirthForm(forms.Form):
    date_of_birth = DateField(what="date of birth", past=True)


class ReviewForm(forms.Form):
    next_review_on = DateField(what="next review date", future=True)


def _days(n: int) -> str:
    return (timezone.localdate() + timedelta(days=n)).isoformat()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter the date of birth"),
        ("2014-02-30", "Date of birth must be a real date"),
        ("2015-02-29", "Date of birth must be a real date"),
        ("99999-01-01", "Date of birth must be a real date"),
        ("1899-12-31", "Date of birth must be the same as or after 1 January 1900"),
        (_days(1), "Date of birth must be today or in the past"),
    ],
)
def test_a_date_of_birth_is_checked_with_govuk_messages(value, message):
    form = BirthForm({"date_of_birth": value})
    assert form.errors["date_of_birth"] == [message]


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the date of birth"),
        ("17", "", "2014", "Date of birth must include a month"),
        ("", "", "2014", "Date of birth must include a day and a month"),
        ("17", "5", "", "Date of birth must include a year"),
        ("31", "4", "2014", "Date of birth must be a real date"),
        ("17", "May", "2014", "Date of birth must be a real date"),
        ("17", "5", "14", "Date of birth must be a real date"),
        ("17", "5", "1899", "Date of birth must be the same as or after 1 January 1900"),
    ],
)
def test_the_three_boxes_are_checked_with_govuk_messages(day, month, year, message):
    form = BirthForm(
        {"date_of_birth_0": day, "date_of_birth_1": month, "date_of_birth_2": year}
    )
    assert form.errors["date_of_birth"] == [message]


def test_the_three_boxes_make_a_date_and_show_it_again():
    form = BirthForm({"date_of_birth_0": " 7 ", "date_of_birth_1": "05", "date_of_birth_2": "2014"})
    assert form.is_valid() and form.cleaned_data["date_of_birth"].isoformat() == "2014-05-07"
    unbound = BirthForm(initial={"date_of_birth": form.cleaned_data["date_of_birth"]})
    html = str(unbound["date_of_birth"])
    assert 'name="date_of_birth_0" value="7"' in html
    assert 'name="date_of_birth_2" value="2014"' in html


def test_only_the_boxes_left_empty_are_marked_as_in_error():
    form = BirthForm({"date_of_birth_0": "17", "date_of_birth_1": "", "date_of_birth_2": "2014"})
    assert not form.is_valid()
    html = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))
    assert html.count("govuk-input--error") == 1
    assert 'id="id_date_of_birth_1"' in html.split("govuk-input--error")[1].split(">")[0]


@pytest.mark.parametrize("value", ["1900-01-01", "2016-02-29", _days(0)])
def test_a_real_date_of_birth_from_1900_to_today_is_taken(value):
    assert BirthForm({"date_of_birth": value}).is_valid()


def test_a_date_still_to_come_must_be_after_today():
    assert ReviewForm({"next_review_on": _days(0)}).errors["next_review_on"] == [
        "Next review date must be in the future"
    ]
    assert ReviewForm({"next_review_on": _days(1)}).is_valid()


# Every form with a date that cannot be after today: (form, its arguments, field,
# the message). What is recorded has happened; nothing is dated tomorrow.
PAST_ONLY = [
    (
        case_forms.PersonCreateForm,
        {"teams": Team.objects.none()},
        "date_of_birth",
        "Date of birth must be today or in the past",
    ),
    (case_forms.PersonForm, {}, "date_of_birth", "Date of birth must be today or in the past"),
    (
        case_forms.CaseOpenForm,
        {"teams": Team.objects.none()},
        "opened_on",
        "Date the case was opened must be today or in the past",
    ),
    (
        case_forms.CaseCloseForm,
        {},
        "closed_on",
        "Date the case was closed must be today or in the past",
    ),
    (
        case_forms.ChronologyEntryForm,
        {},
        "occurred_on",
        "Date it happened must be today or in the past",
    ),
    (
        request_forms.IncomingRequestForm,
        {"teams": Team.objects.none()},
        "started_on",
        "Date the request was received or sent must be today or in the past",
    ),
    (
        request_forms.OutgoingRequestForm,
        {"teams": Team.objects.none()},
        "started_on",
        "Date the request was received or sent must be today or in the past",
    ),
    (
        decision_forms.DecisionForm,
        {},
        "consent_given_on",
        "Date consent was given must be today or in the past",
    ),
    (
        decision_forms.DecisionForm,
        {},
        "advice_on",
        "Date of the advice must be today or in the past",
    ),
    (
        decision_forms.DisclosureForm,
        {},
        "shared_on",
        "Date the information was shared must be today or in the past",
    ),
    (
        decision_forms.ConsentWithdrawnForm,
        {},
        "withdrawn_on",
        "Date consent was withdrawn must be today or in the past",
    ),
]


@pytest.mark.parametrize(("form_class", "kwargs", "field", "message"), PAST_ONLY)
def test_no_form_records_as_happened_a_date_after_today(form_class, kwargs, field, message):
    form = form_class({field: _days(1)}, **kwargs)
    assert message in form.errors[field]
    form = form_class({field: "1066-10-14"}, **kwargs)
    assert any("after 1 January 1900" in error for error in form.errors[field])


@pytest.mark.parametrize(
    "form_class", [request_forms.IncomingRequestForm, request_forms.OutgoingRequestForm]
)
def test_a_request_is_not_due_before_it_was_received_or_sent(form_class):
    form = form_class({"started_on": _days(-3), "due_on": _days(-4)}, teams=Team.objects.none())
    assert form.errors["due_on"] == [
        "The due date must be the same as or after the date the request was received or sent"
    ]
    form = form_class({"started_on": _days(-3), "due_on": _days(-3)}, teams=Team.objects.none())
    assert "due_on" not in form.errors


def test_a_next_review_date_today_or_earlier_is_refused():
    form = retention_forms.RetainForm({"reason": "Sibling still open", "next_review_on": _days(0)})
    assert form.errors["next_review_on"] == ["Next review date must be in the future"]
