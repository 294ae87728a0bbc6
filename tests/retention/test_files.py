"""Private storage holds only files a record points to: the weekly check
counts any other (no names), tells the DPO and logs the count."""

import logging

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from requests.models import Outcome
from retention.models import FileDeletion
from retention.tasks import check_private_storage_task
from sharing.roles import Role
from tests.requests.factories import World, answer
from tests.sharing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_weekly_check_counts_files_no_record_points_to_and_names_none(caplog):
    UserFactory(roles=[Role.DPO], email="dpo@partnership.example")
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    answer(
        user=world.scpo_a,
        request=request,
        outcome=Outcome.SHARED,
        response_status="fact",
        response_text="Attached.",
        files=[SimpleUploadedFile("attendance.pdf", b"%PDF attendance")],
    )
    # The storage is shared by the whole test run: count what this test adds.
    before = check_private_storage_task()
    mail.outbox.clear()
    storage = storages["private"]
    stray = storage.save("requests/stray-left-by-a-crash", ContentFile(b"x"))
    waiting = storage.save("requests/waiting-for-deletion", ContentFile(b"y"))
    FileDeletion.objects.create(storage="private", name=waiting)

    with caplog.at_level(logging.INFO, logger="retention.services.files"):
        after = check_private_storage_task()

    assert after["files"] == before["files"] + 2
    assert after["orphaned"] == before["orphaned"] + 1  # the attachment's file is pointed to
    message = mail.outbox[0]
    assert message.to == ["dpo@partnership.example"]
    assert f"{after['orphaned']} file" in message.body
    for name in (stray, waiting, request.attachments.get().file.name, "attendance"):
        assert name not in message.body and name not in caplog.text
    assert f"{after['orphaned']} pointed to by no record" in caplog.text


def test_the_check_counts_deletions_that_keep_failing():
    UserFactory(roles=[Role.DPO], email="dpo@partnership.example")
    FileDeletion.objects.create(storage="private", name="requests/gone", attempts=3)
    result = check_private_storage_task()
    assert result["retrying"] == 1
    assert "1 file deletion after disposal failed" in mail.outbox[-1].body
