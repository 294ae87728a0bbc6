"""A subject access request in the browser: the DPO logs it, builds the pack,
reviews it item by item and releases it, every page checked by axe-core."""

import pytest

from cases import services as case_services
from retention.models import ItemDecision, SarStatus, SubjectAccessRequest
from sharing.choices import SubjectAccessExemption
from tests.retention.subject_access.factories import Family

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dpo_logs_builds_reviews_and_releases_a_subject_access_request(
    live_server, page, sign_in, axe
):
    family = Family()
    case_services.chronology_not_for_subject(
        user=family.worker,
        entry=family.police_note,
        not_for_subject=True,
        exemption=SubjectAccessExemption.CRIME.value,
        reason="Open police investigation",
    )
    sign_in(family.dpo)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Subject access").click()
    page.get_by_role("heading", name="Subject access requests").wait_for()
    axe(page)
    page.get_by_role("link", name="Log a subject access request").click()
    page.get_by_label("Name or identifier").fill("Reed")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Log a request about Jamie Reed").click()
    page.get_by_role("heading", name="Log a subject access request").wait_for()
    axe(page)
    page.get_by_label("Who asked").fill("Jamie Reed, by letter")
    page.get_by_label("The person themselves").check()
    page.get_by_label("Their identity has been checked").check()
    page.get_by_label("How their identity was checked").fill("Passport seen in person")
    page.get_by_role("button", name="Log the request").click()
    page.get_by_text("logged.").wait_for()
    axe(page)

    page.get_by_role("button", name="Build the draft pack").click()
    page.get_by_text("The draft pack is ready to review.").wait_for()
    assert page.get_by_text("Marked not to be disclosed").is_visible()
    axe(page)
    page.get_by_role("link", name="Review the items").click()
    first = True
    while page.get_by_role("button", name="Save and continue").count():
        if first:
            axe(page)
            first = False
        page.get_by_label("Include", exact=True).check()
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_load_state()
    page.get_by_text("Every item is reviewed").wait_for()

    page.get_by_role("link", name="Check and release the pack").click()
    page.get_by_role("heading", name="Check and release the pack").wait_for()
    assert page.get_by_text("Crime: disclosure would be likely").is_visible()
    axe(page)
    page.get_by_label("Read out by phone").check()
    page.get_by_role("button", name="Release the pack").click()
    page.get_by_role("heading", name="Pack released").wait_for()
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the encrypted pack").click()
    sar = SubjectAccessRequest.objects.get()
    assert download.value.suggested_filename == f"{sar.reference}-pack.zip"
    assert sar.status == SarStatus.RELEASED
    assert sar.items.get(object_id=family.police_note.pk, kind="chronology").decision == (
        ItemDecision.WITHHOLD
    )


def test_a_worker_marks_a_chronology_entry_not_to_be_disclosed_to_its_subject(
    live_server, page, sign_in, axe
):
    family = Family()
    sign_in(family.worker)
    page.goto(live_server.url + family.case.get_absolute_url())
    page.get_by_role(
        "link", name="Disclosure to the person it is about (entry of 3 October 2026)"
    ).click()
    page.get_by_role("heading", name="Disclosure to the person it is about").wait_for()
    axe(page)
    page.get_by_label("No, it is not to be disclosed to them").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    axe(page)
    page.get_by_label("Exemption relied on").select_option(SubjectAccessExemption.CRIME.value)
    page.get_by_label("Why").fill("The police investigation is still open.")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Chronology entry marked for subject access requests.").wait_for()
    assert page.get_by_text("Not to be disclosed to the person it is about").is_visible()
    family.police_note.refresh_from_db()
    assert family.police_note.not_for_subject_exemption == SubjectAccessExemption.CRIME.value
