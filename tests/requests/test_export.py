"""Secure export: an AES-256 ZIP whose password is shown once and stored nowhere."""

import io

import pytest
import pyzipper
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from requests import services
from requests.models import Outcome, SecureExport
from tests.cases.factories import PersonFactory

from .factories import World, answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered():
    world = World()
    referrer = PersonFactory(
        owning_team=world.team,
        first_name="Pat",
        last_name="Neighbour",
        identity_protected=True,
        identity_protection_reason="Neighbour who reported; fears reprisal",
    )
    request = world.s14b_to(world.school_a, world.scpo_a, subjects=[world.child, referrer])
    answer(
        user=world.scpo_a,
        request=request,
        outcome=Outcome.SHARED,
        response_status="fact",
        response_text="Attendance attached.",
        files=[SimpleUploadedFile("Jamie Reed attendance.pdf", b"%PDF-1.4 attendance")],
    )
    return world, request


def _open(export, password):
    with export.file.open("rb") as handle:
        archive = pyzipper.AESZipFile(io.BytesIO(handle.read()))
    archive.setpassword(password.encode())
    return archive


def test_the_export_opens_only_with_its_password_and_holds_the_answer(answered):
    world, request = answered
    export, password = services.request_export(
        user=world.worker, request=request, issued_to="Review panel chair", password_route="phone"
    )
    archive = _open(export, password)

    names = archive.namelist()
    summary = archive.read("request.txt").decode()
    assert "Attendance attached." in summary and request.reference in summary
    assert archive.read(names[1]) == b"%PDF-1.4 attendance"
    assert all("Jamie" not in name for name in names)  # no personal data in file names

    wrong = _open(export, "not-the-password")
    with pytest.raises(RuntimeError):
        wrong.read("request.txt")


def test_protected_identities_are_masked_in_the_export(answered):
    world, request = answered
    export, password = services.request_export(
        user=world.worker, request=request, issued_to="Panel", password_route="phone"
    )
    summary = _open(export, password).read("request.txt").decode()
    assert "Neighbour" not in summary
    assert "A person whose identity is protected" in summary
    assert "Jamie" in summary


def test_the_register_records_the_export_but_never_the_password(answered):
    world, request = answered
    _export, password = services.request_export(
        user=world.worker, request=request, issued_to="Panel chair", password_route="in_person"
    )
    stored = str(list(SecureExport.objects.values())) + str(list(request.events.values()))
    assert "Panel chair" in stored and "in_person" in stored
    assert password not in stored
    assert len(password) == 29  # five groups of five, with dashes


def test_the_password_is_shown_once_on_the_page_and_the_scpo_cannot_export(
    verified_client, answered
):
    world, request = answered
    client = verified_client(world.worker)
    response = client.post(
        reverse("requests:export", args=[request.pk]),
        {"issued_to": "Panel", "password_route": "phone"},
    )
    assert response.status_code == 200 and "shown only now" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    export = SecureExport.objects.get()
    download = client.get(reverse("requests:export_download", args=[export.pk]))
    assert download.status_code == 200 and "Jamie" not in download["Content-Disposition"]

    scpo = verified_client(world.scpo_a)
    assert scpo.get(reverse("requests:export", args=[request.pk])).status_code == 404
    assert scpo.get(reverse("requests:export_download", args=[export.pk])).status_code == 404


def test_the_scpo_does_not_see_a_protected_identity(verified_client, answered):
    world, request = answered
    page = verified_client(world.scpo_a).get(reverse("requests:request_detail", args=[request.pk]))
    text = page.content.decode()
    assert "Neighbour" not in text and "A person whose identity is protected" in text
