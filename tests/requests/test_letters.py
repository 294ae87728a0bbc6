"""A request letter for a partner outside the register (issue 15): a printable
page and a PDF from an outgoing request, for the team that recorded it. It
says under which power the team asks and whether the recipient must comply,
the partnership function (s14B/s16H), what is asked and why, the due date, how
to answer securely and that the password never travels with the file (seed 000
§7); it names no one whose identity is protected."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from pypdf import PdfReader

from cases.rules import PROTECTED_IDENTITY
from sharing.models import AccessAction, AccessEvent
from tests.cases.factories import PersonFactory

from .factories import World, gateway

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def _letter(client, request):
    return client.get(reverse("requests:letter", args=[request.pk]))


def _pdf_text(client, request) -> tuple[object, str]:
    response = client.get(reverse("requests:letter_pdf", args=[request.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    return response, " ".join(text.split())


def test_the_letter_says_the_power_that_the_school_must_comply_the_function_and_the_due_date(
    verified_client, world
):
    request = world.s14b_to(world.school_a, world.scpo_a)
    client = verified_client(world.worker)
    body = _letter(client, request).content.decode()
    assert "Children Act 2004 s14B" in body
    assert "You must supply this information" in body
    assert "Child safeguarding practice review" in body
    assert "Attendance and safeguarding concerns" in body  # what is asked
    assert "The practice review panel needs attendance" in body  # why
    assert request.due_on.strftime("%-d %B %Y") in body
    assert world.team.name in body and str(request.requesting_organisation) in body

    response, text = _pdf_text(client, request)
    assert response["Content-Type"] == "application/pdf"
    assert "Children Act 2004 s14B" in text
    assert "You must supply this information" in text
    assert "Child safeguarding practice review" in text
    assert request.due_on.strftime("%d %B %Y") in text


def test_a_permissive_gateway_tells_the_recipient_they_decide(verified_client, world):
    request = world.s14b_to(
        world.school_a,
        world.scpo_a,
        gateway=gateway("ca2004-s10-s11"),
        scp_function="",
    )
    body = _letter(verified_client(world.worker), request).content.decode()
    assert "does not require you to" in body
    assert "You must supply this information" not in body


def test_the_letter_says_how_to_answer_securely_and_that_the_password_travels_apart(
    verified_client, world
):
    request = world.s14b_to(world.school_a, world.scpo_a)
    client = verified_client(world.worker)
    body = _letter(client, request).content.decode()
    assert "Secure e-mail" in body
    assert "Secure file transfer" in body
    assert "Never send the password with the file" in body
    # Not a route for a written answer.
    assert "By telephone in an emergency" not in body
    _, text = _pdf_text(client, request)
    assert "Secure e-mail" in text and "Never send the password with the file" in text


def test_a_protected_identity_is_masked_in_the_letter_and_its_pdf(verified_client, world):
    referrer = PersonFactory(
        owning_team=world.team,
        first_name="Pat",
        last_name="Neighbour",
        identity_protected=True,
        identity_protection_reason="Neighbour who reported; fears reprisal",
    )
    request = world.s14b_to(world.school_a, world.scpo_a, subjects=[world.child, referrer])
    client = verified_client(world.worker)
    body = _letter(client, request).content.decode()
    assert "Jamie Reed" in body
    assert "Neighbour" not in body and "Pat" not in body
    assert PROTECTED_IDENTITY in body
    _, text = _pdf_text(client, request)
    assert "Neighbour" not in text and PROTECTED_IDENTITY in text


def test_the_pdf_file_name_is_the_reference_only(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    response = verified_client(world.worker).get(reverse("requests:letter_pdf", args=[request.pk]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="{request.reference}-letter.pdf"'
    )


@pytest.mark.parametrize("name", ["requests:letter", "requests:letter_pdf"])
def test_another_team_and_the_school_officer_get_404(verified_client, world, outsider, name):
    request = world.s14b_to(world.school_a, world.scpo_a)
    for user in (outsider, world.scpo_a):
        response = verified_client(user).get(reverse(name, args=[request.pk]))
        assert response.status_code == 404


def test_an_incoming_request_has_no_letter(verified_client, world):
    request = world.incoming_s47()
    response = _letter(verified_client(world.worker), request)
    assert response.status_code == 404


def test_reading_the_letter_is_logged(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    client = verified_client(world.worker)
    _letter(client, request)
    client.get(reverse("requests:letter_pdf", args=[request.pk]))
    actions = set(
        AccessEvent.objects.filter(
            user=world.worker,
            object_id=request.pk,
            content_type=ContentType.objects.get_for_model(request),
        ).values_list("action", flat=True)
    )
    assert {AccessAction.VIEW, AccessAction.DOWNLOAD} <= actions


def test_the_request_page_links_to_the_letter_for_outgoing_requests_only(verified_client, world):
    client = verified_client(world.worker)
    outgoing = world.s14b_to(world.school_a, world.scpo_a)
    incoming = world.incoming_s47()
    assert (
        reverse("requests:letter", args=[outgoing.pk])
        in client.get(outgoing.get_absolute_url()).content.decode()
    )
    assert (
        f"requests/{incoming.pk}/letter"
        not in client.get(incoming.get_absolute_url()).content.decode()
    )
    # The school officer's side of the page has no link.
    page = verified_client(world.scpo_a).get(outgoing.get_absolute_url()).content.decode()
    assert reverse("requests:letter", args=[outgoing.pk]) not in page
