"""The error summary and the "Error: " page title come from any form on the page
that failed validation, with a link to each field's first control."""

import pytest
from django import forms
from django.template import Context, Template


class _Form(forms.Form):
    name = forms.CharField(error_messages={"required": "Enter a name"})
    outcome = forms.ChoiceField(
        choices=[("share", "Share"), ("not", "Do not share")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to share"},
    )
    born = forms.SplitDateTimeField(error_messages={"required": "Enter the date and time"})

    def clean(self):
        raise forms.ValidationError("Nothing was saved")


def _render(source: str, **context: object) -> str:
    return Template("{% load govuk %}" + source).render(Context(context))


def test_the_summary_links_each_error_to_its_field():
    html = _render("{% error_summary %}", form=_Form(data={}))
    assert "There is a problem" in html
    assert '<a href="#id_name">Enter a name</a>' in html
    # Radios: the first radio; a date in parts: its first part.
    assert '<a href="#id_outcome_1">Select whether to share</a>' in html
    assert '<a href="#id_born_0">Enter the date and time</a>' in html
    # A message about the whole form goes to its first field.
    assert '<a href="#id_name">Nothing was saved</a>' in html


@pytest.mark.parametrize(
    "context",
    [{}, {"form": _Form()}, {"form": _Form(data={"name": "x"}).__class__()}],
)
def test_no_summary_and_no_error_title_without_a_failed_form(context):
    assert "govuk-error-summary" not in _render("{% error_summary %}", **context)
    assert _render("{% page_has_errors %}", **context) == "False"


def test_a_failed_formset_counts():
    formset = forms.formset_factory(_Form)(
        data={"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-outcome": "share"}
    )
    assert _render("{% page_has_errors %}", formset=formset) == "True"
    assert "#id_form-0-name" in _render("{% error_summary %}", formset=formset)


@pytest.mark.django_db
def test_a_refused_sign_in_has_error_in_its_title_and_a_summary(client):
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    body = response.content.decode()
    assert "<title>Error: Sign in" in body
    assert 'class="govuk-error-summary"' in body
    assert body.count('class="govuk-error-summary"') == 1


@pytest.mark.django_db
def test_changing_a_password_speaks_plainly(verified_client):
    from tests.sharing.factories import UserFactory

    response = verified_client(UserFactory()).post("/accounts/password/", {})
    body = response.content.decode()
    assert "<title>Error: Change your password" in body
    assert '<a href="#id_old_password">Enter your current password</a>' in body
    assert '<a href="#id_new_password1">Enter a new password</a>' in body
    assert "autofocus" not in body
