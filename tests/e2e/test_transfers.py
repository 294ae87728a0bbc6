"""Moving a child's file in the browser: a school's safeguarding lead sends
the child protection file to the new school; its lead receives it and
confirms receipt; the sender sees the receipt."""

import pytest

from cases.models import Transfer, TransferStatus
from tests.cases.transfer_world import CHILD_LAST, Schools
from tests.e2e.conftest import fill_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_school_sends_a_file_the_new_school_confirms_receipt_the_sender_sees_it(
    live_server, page, sign_in, time_machine, axe
):
    time_machine.move_to("2026-11-09 09:00Z", tick=True)
    s = Schools()

    # The old school's lead sends the file from the child's case.
    sign_in(s.sender)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    page.get_by_role("link", name=s.case.reference).click()
    page.get_by_role("link", name="Move this child's file").click()
    page.get_by_role("heading", name="Move this child's file").wait_for()
    axe(page)
    page.get_by_label("Child protection file to a new school or college").check()
    page.get_by_label("Who the file is about").select_option(
        label="Kayden Marsh (Child or young person)"
    )
    page.get_by_label("Where it goes").select_option(label="Hill Primary")
    fill_date(page, "Date the new setting was confirmed", "2026-11-09")
    page.get_by_label("Inside the register: their safeguarding lead has an account").check()
    page.get_by_label(
        "Their safeguarding lead, if you know who it is (inside the register)"
    ).select_option(label=f"{s.receiver.get_full_name()}, Hill Primary")
    page.get_by_role("button", name="Send the file").click()
    transfer = Transfer.objects.get()
    page.get_by_text(
        f"{transfer.reference} sent to Hill Primary. Due by 16 November 2026."
    ).wait_for()
    axe(page)
    page.get_by_role("button", name="Sign out").click()

    # The new school's lead sees it waiting, reads it and confirms receipt.
    sign_in(s.receiver)
    assert page.locator('[data-count="transfers-to-receive"]').inner_text() == "1"
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Moving files").click()
    page.get_by_role("link", name=transfer.reference).click()
    page.get_by_role("heading", name=f"Kayden {CHILD_LAST}").wait_for()
    assert page.get_by_text("Came to school hungry, third time.").is_visible()
    axe(page)
    page.get_by_role("link", name="Confirm receipt").click()
    page.get_by_label("Or open a new case for the child in").select_option(
        label="Hill safeguarding (Hill Primary)"
    )
    axe(page)
    page.get_by_role("button", name="Confirm receipt").click()
    page.get_by_text(f"Receipt of {transfer.reference} confirmed.").wait_for()
    axe(page)
    page.get_by_role("button", name="Sign out").click()

    # The sender sees the receipt, and no longer the file.
    sign_in(s.sender)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Moving files").click()
    axe(page)
    page.get_by_role("link", name=transfer.reference).click()
    receipt = page.locator("[data-receipt]")
    assert receipt.inner_text().startswith(f"Confirmed by {s.receiver.get_full_name()}")
    assert not page.get_by_text("Came to school hungry").count()
    axe(page)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.RECEIVED


def test_a_file_sent_as_an_encrypted_pack_is_confirmed_by_its_one_time_link(
    live_server, page, sign_in, time_machine, axe
):
    time_machine.move_to("2026-11-09 09:00Z", tick=True)
    s = Schools()
    sign_in(s.sender)
    # The school keeps its own term dates: the files it sends skip its holidays.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Term dates").click()
    axe(page)
    page.get_by_label("Name of the holiday").fill("Christmas holiday")
    fill_date(page, "First day of the holiday", "2026-12-19")
    fill_date(page, "Last day of the holiday", "2027-01-04")
    page.get_by_role("button", name="Add the holiday").click()
    page.get_by_text("Christmas holiday added.").wait_for()
    axe(page)
    page.goto(live_server.url + f"/transfers/new/?case={s.case.pk}")
    page.get_by_label("Child protection file to a new school or college").check()
    page.get_by_label("Who the file is about").select_option(
        label="Kayden Marsh (Child or young person)"
    )
    page.get_by_label("Where it goes").select_option(label="Lakeside School")
    fill_date(page, "Date the new setting was confirmed", "2026-11-09")
    page.get_by_label("Encrypted pack, password by another route").check()
    page.get_by_label("Who the pack goes to (an encrypted pack)").fill("DSL, dsl@lakeside.example")
    page.get_by_label("How the password will reach them (an encrypted pack)").select_option("phone")
    page.get_by_role("button", name="Send the file").click()
    page.get_by_role("heading", name="Encrypted pack ready").wait_for()
    axe(page)
    receipt_url = page.locator(".app-receipt-link").inner_text()
    page.get_by_role("button", name="Sign out").click()

    # The receiver, with no account, confirms once.
    page.goto(receipt_url)
    page.get_by_role("heading", name="Confirm you have received the file").wait_for()
    axe(page)
    page.get_by_label("Your name").fill("Jo Patel")
    page.get_by_label("Your role").fill("DSL, Lakeside School")
    page.get_by_role("button", name="Confirm receipt").click()
    page.get_by_role("heading", name="Receipt confirmed").wait_for()
    axe(page)
    page.goto(receipt_url)
    page.get_by_role("heading", name="This receipt link no longer works").wait_for()
    axe(page)

    transfer = Transfer.objects.get()
    assert transfer.status == TransferStatus.RECEIVED
    assert transfer.received_by_name == "Jo Patel, DSL, Lakeside School"
