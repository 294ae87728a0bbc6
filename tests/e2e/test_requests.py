"""Information requests in the browser: the unit logs an incoming request; a
school safeguarding officer answers one with a file."""

from datetime import date

import pytest

from requests.models import InformationRequest, Status
from tests.e2e.conftest import fill_date
from tests.requests.factories import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_unit_logs_an_incoming_request(live_server, page, sign_in, time_machine, axe):
    time_machine.move_to("2026-12-24 09:00Z", tick=True)
    world = World()
    sign_in(world.worker)

    # Search before recording: the child is found, and the request starts from them.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    page.get_by_label("Name or identifier").fill("Reed")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Jamie Reed").wait_for()
    axe(page)
    page.get_by_role("link", name="Jamie Reed").click()
    page.get_by_role("link", name="Log an incoming request").click()
    page.get_by_label("Requesting organisation").select_option(label="Kent Police")
    page.get_by_label("Requester (name and role)").fill("DC Smith, MASH")
    page.get_by_label("Gateway").select_option(label="Children Act 1989 s17 / s47")
    page.get_by_label("Children Act 1989 section").select_option("s47")
    page.get_by_label("Information sought").fill("Known concerns about the family.")
    page.get_by_label("Purpose").fill("Strategy discussion today.")
    page.get_by_label("Urgency").select_option("urgent")
    fill_date(page, "Received or sent on", "2026-12-24")
    assert page.get_by_role("checkbox", name="Jamie Reed").is_checked()
    axe(page)
    page.get_by_role("button", name="Save").click()

    request = InformationRequest.objects.get()
    page.get_by_role("heading", name=f"Request {request.reference}").wait_for()
    assert page.get_by_text("Tuesday 29 December 2026").is_visible()
    axe(page)
    assert request.requesting_organisation == world.police
    assert list(request.subjects.all()) == [world.child]


def test_the_scpo_answers_a_request_with_a_file(live_server, page, sign_in, tmp_path, axe):
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a, started_on=date(2026, 11, 16))
    document = tmp_path / "attendance.pdf"
    document.write_bytes(b"%PDF-1.4 attendance record")
    sign_in(world.scpo_a)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox").click()
    page.get_by_role("link", name=request.reference).wait_for()
    axe(page)
    page.get_by_role("link", name=request.reference).click()
    # Answering is recording the decision behind the answer (one path out); here
    # on a single page, as the request's page offers beside the task list.
    page.get_by_role("link", name="answer on a single page").click()
    axe(page)
    page.get_by_role("group", name="What have you decided?").get_by_label(
        "Share", exact=True
    ).check()
    page.get_by_label("Why have you decided this?").fill(
        "The review panel requires it under section 14B; attendance only."
    )
    page.get_by_role(
        "group", name="What is your lawful basis for sharing under UK GDPR?"
    ).get_by_label("6(1)(c) legal obligation").check()
    page.get_by_role("group", name="Has the child or family agreed to the sharing?").get_by_label(
        "We did not ask them"
    ).check()
    page.get_by_role("group", name="If you did not ask for consent, why not?").get_by_label(
        "It cannot be given"
    ).check()
    page.get_by_label("The child or family has been told about the sharing").check()
    page.get_by_label("Why is sharing necessary and proportionate?").fill(
        "The review panel needs the autumn attendance only, nothing more."
    )
    page.get_by_label("Why is sharing in the public interest?").fill(
        "A child's death is under review; the risk to siblings outweighs confidentiality."
    )
    page.get_by_label("Your answer").fill("Attendance for the autumn term attached.")
    page.get_by_role(
        "group", name="Is your answer fact, opinion or historical information?"
    ).get_by_label("Fact", exact=True).check()
    page.get_by_label("Documents").set_input_files(str(document))
    page.get_by_role("button", name="Record decision and send answer").click()

    page.get_by_text("Your decision and your answer have been recorded.").wait_for()
    axe(page)
    request.refresh_from_db()
    assert request.status == Status.ANSWERED
    attachment = request.attachments.get()
    assert attachment.file.read() == b"%PDF-1.4 attendance record"
    assert page.get_by_role("link", name="attendance.pdf").is_visible()
