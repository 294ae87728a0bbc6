"""shows_refusal: a service's refusal shown on the form, as a message, or on a
page of its own (refusal_page), the view carrying on after the block."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import timezone

from sharing.plumbing.view_helpers import Happened, refusal_page, shows_refusal
from tests.sharing.factories import UserFactory


class ReasonForm(forms.Form):
    reason = forms.CharField()


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _bound_form():
    form = ReasonForm({"reason": "because"})
    assert form.is_valid()
    return form


def _messages(request):
    return [str(message) for message in get_messages(request)]


def test_nothing_refused_is_false_and_runs_the_whole_block():
    request, form, ran = _request(), _bound_form(), []
    with shows_refusal(request, form) as refused:
        ran.append(True)
    assert not refused
    assert ran == [True]
    assert form.errors == {}
    assert _messages(request) == []


def test_a_refusal_naming_a_field_goes_on_that_field():
    request, form = _request(), _bound_form()
    with shows_refusal(request, form) as refused:
        raise ValidationError({"reason": "Say more."})
    assert refused
    assert refused.on_form
    assert form.errors == {"reason": ["Say more."]}
    assert _messages(request) == []


def test_a_refusal_naming_no_field_goes_on_the_form_as_a_whole():
    request, form = _request(), _bound_form()
    with shows_refusal(request, form) as refused:
        raise ValidationError("This case was closed a moment ago.")
    assert refused.on_form
    assert form.non_field_errors() == ["This case was closed a moment ago."]


def test_without_a_form_the_refusal_is_a_message_after_its_prefix():
    request = _request()
    with shows_refusal(request, prefix="Not retained: ") as refused:
        raise ValidationError(["First.", "Second."])
    assert refused
    assert not refused.on_form
    assert _messages(request) == ["Not retained: First. Second."]


def test_message_unless_field_sends_the_rest_to_a_message():
    request, form = _request(), _bound_form()
    with shows_refusal(request, form, message_unless_field=True) as refused:
        raise ValidationError("Someone answered it a moment ago.")
    assert refused and not refused.on_form
    assert form.errors == {}
    assert _messages(request) == ["Someone answered it a moment ago."]


def test_on_page_keeps_field_errors_on_the_form_and_sends_no_message():
    request, form = _request(), _bound_form()
    with shows_refusal(request, form, on_page=True) as refused:
        raise ValidationError("Someone answered it a moment ago.")
    assert refused and not refused.on_form
    assert refused.texts == ["Someone answered it a moment ago."]
    assert form.errors == {} and _messages(request) == []
    request, form = _request(), _bound_form()
    with shows_refusal(request, form, on_page=True) as refused:
        raise ValidationError({"reason": "Say more."})
    assert refused.on_form
    assert form.errors == {"reason": ["Say more."]}


def test_the_refusal_page_says_what_was_not_done_why_and_who_acted_first(db):
    request = _request()
    request.user = UserFactory()
    first = UserFactory(first_name="Sam", last_name="Patel")
    with shows_refusal(request, on_page=True) as refused:
        raise ValidationError("This hold was lifted a moment ago.")
    response = refusal_page(
        request,
        refused,
        heading="The hold was not lifted",
        back_url="/retention/",
        back_text="Go back to retention and disposal",
        happened=Happened(what="Lifted", at=timezone.now(), by=first),
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert '<h1 class="govuk-heading-l">The hold was not lifted</h1>' in page
    assert "This hold was lifted a moment ago." in page and "Lifted by Sam Patel, " in page
    assert '<a class="govuk-link" href="/retention/">Go back to retention and disposal</a>' in page


def test_a_permission_gone_a_moment_ago_is_a_403_page(db):
    request = _request()
    request.user = UserFactory()
    with shows_refusal(request, denied=True, on_page=True) as refused:
        raise PermissionDenied("Only a manager of the deciding organisation signs decisions off.")
    response = refusal_page(
        request, refused, heading="Your sign-off was not recorded", back_url="/", back_text="Back"
    )
    assert response.status_code == 403
    assert "Only a manager of the deciding organisation" in response.content.decode()


def test_permission_denied_is_shown_only_when_asked():
    request, form = _request(), _bound_form()
    with shows_refusal(request, form, denied=True) as refused:
        raise PermissionDenied("You cannot remove your own access.")
    assert refused
    assert form.non_field_errors() == ["You cannot remove your own access."]
    with pytest.raises(PermissionDenied), shows_refusal(_request(), _bound_form()):
        raise PermissionDenied("Still a 403.")


def test_other_errors_pass_through():
    with pytest.raises(KeyError), shows_refusal(_request(), _bound_form()):
        raise KeyError("not a refusal")
