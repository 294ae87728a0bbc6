"""A school safeguarding officer walks through the decision guide and answers
a request addressed to them by recording their decision (one path out, issue
15) through the task list, a section a page, then check your answers (issue
14); the unit that asked sees the answer and the decision behind it."""

import pytest

from requests.models import Status
from sharing.models import Decision
from tests.requests.factories import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_scpo_answers_by_recording_a_decision_and_the_unit_sees_both(
    live_server, page, sign_in, axe
):
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    sign_in(world.scpo_a)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox").click()
    page.get_by_role("link", name=request.reference).click()
    page.get_by_role("link", name="Answer the guide's questions first").click()
    for answer in ("Yes", "Yes", "Yes", "No", "Yes"):
        axe(page)
        page.get_by_label(answer, exact=True).check()
        page.get_by_role("button", name="Next question").click()
    page.get_by_role("heading", name="The guide suggests: share").wait_for()
    axe(page)
    page.get_by_role("link", name="Record your decision").click()

    # The answer as a task list: a start page, a page per section, check your answers.
    page.get_by_role("heading", name="Answer the request and record your decision").wait_for()
    axe(page)
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("link", name="What the requester is sent").wait_for()
    axe(page)

    # Sending before every section is complete is refused, with what is left listed.
    page.get_by_role("link", name="Check your answers").click()
    page.get_by_role("button", name="Record decision and send answer").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    left = "Complete the section: What the requester is sent"
    assert summary.get_by_role("link", name=left).count()
    assert page.title().startswith("Error: ")
    axe(page)
    page.get_by_role("link", name="Back to the sections").click()

    page.get_by_role("link", name="Outcome and reasons").click()
    decided = page.get_by_role("group", name="What have you decided?")
    decided.get_by_label("Share", exact=True).check()
    page.get_by_label("Why have you decided this?").fill(
        "Necessary for the practice review; attendance only."
    )
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="What the requester is sent").click()
    axe(page)
    page.get_by_label("Your answer").fill("Attendance this autumn: 92%, two late marks.")
    page.get_by_role(
        "group", name="Is your answer fact, opinion or historical information?"
    ).get_by_label("Fact", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="Lawful basis").click()
    page.get_by_role(
        "group", name="What is your lawful basis for sharing under UK GDPR?"
    ).get_by_label("6(1)(c) legal obligation").check()
    page.get_by_label("Why is sharing necessary and proportionate?").fill(
        "The review panel needs the autumn attendance only, nothing more."
    )
    page.get_by_label("Why is sharing in the public interest?").fill(
        "A child's death is under review; the risk to siblings outweighs confidentiality."
    )
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="Consent").click()
    page.get_by_role("group", name="Has the child or family agreed to the sharing?").get_by_label(
        "We did not ask them"
    ).check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("group", name="If you did not ask for consent, why not?").get_by_label(
        "It cannot be given"
    ).check()
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="Telling the child or family").click()
    page.get_by_role("group", name="If they have not been told, why not?").get_by_label(
        "Another reason"
    ).check()
    # Reasons with legal weight are stated in substance (seeds 001, 004).
    page.get_by_label("If it is another reason for not telling them, what is it?").fill(
        "The family has moved and cannot yet be reached safely."
    )
    page.get_by_role("button", name="Save and continue").click()
    for section in ("Identities to protect", "Advice", "Emergency"):
        link = page.get_by_role("link", name=section, exact=True)
        if link.count():
            link.click()
            page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="Check your answers").click()
    page.get_by_role("heading", name="Check your answers before sending your answer").wait_for()
    assert page.get_by_text("Attendance this autumn: 92%, two late marks.").is_visible()
    axe(page)
    page.get_by_role("button", name="Record decision and send answer").click()

    page.get_by_text("Decision recorded and answer sent.").wait_for()
    axe(page)
    decision = Decision.objects.get()
    assert decision.request == request and decision.guide_suggestion == "share"
    assert decision.made_by == world.scpo_a
    request.refresh_from_db()
    assert request.status == Status.ANSWERED
    # The SCPO's side: the decision is listed on the request, and what left under it
    # is listed on the decision.
    page.get_by_role("link", name=f"Decision {decision.pk}").click()
    page.get_by_role("heading", name=f"Sharing decision {decision.pk}: share").wait_for()
    page.get_by_text("Attendance this autumn: 92%, two late marks.").first.wait_for()
    axe(page)

    # The unit that asked sees the answer and the decision behind it.
    page.context.clear_cookies()
    sign_in(world.worker)
    page.goto(live_server.url + request.get_absolute_url())
    page.get_by_role("heading", name="Answer", exact=True).wait_for()
    assert page.get_by_text("Attendance this autumn: 92%, two late marks.").is_visible()
    decision_section = page.get_by_role("region", name="Decision", exact=True)
    assert "shared" in decision_section.inner_text()
    axe(page)


def test_a_decline_waits_for_the_managers_sign_off_before_the_unit_sees_it(
    live_server, page, sign_in, axe
):
    from sharing.roles import Role
    from tests.sharing.factories import UserFactory

    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    head = UserFactory(organisation=world.school_a, roles=[Role.MANAGER])
    sign_in(world.scpo_a)

    # The SCPO declines, with the explanation the requester is to be given.
    page.goto(live_server.url + request.get_absolute_url())
    # The answer on a single page, as the request's page also offers.
    page.get_by_role("link", name="answer on a single page").click()
    decided = page.get_by_role("group", name="What have you decided?")
    decided.get_by_label("Do not share", exact=True).check()
    page.get_by_role(
        "group", name="If you decided not to share, what is the main reason?"
    ).get_by_label("It came from another organisation, which should be asked").check()
    page.get_by_label("Why have you decided this?").fill(
        "The pupil left in 2024; we hold nothing for this period."
    )
    page.get_by_label("What should the requester be told?").fill(
        "The pupil left us in 2024: please ask her current school."
    )
    consent = page.get_by_role("group", name="Has the child or family agreed to the sharing?")
    consent.get_by_label("We did not ask them").check()
    page.get_by_role("group", name="If you did not ask for consent, why not?").get_by_label(
        "It cannot be given"
    ).check()
    page.get_by_role("group", name="If they have not been told, why not?").get_by_label(
        "Another reason"
    ).check()
    page.get_by_label("If it is another reason for not telling them, what is it?").fill(
        "The family has moved and cannot yet be reached safely."
    )
    axe(page)
    page.get_by_role("button", name="Record decision and send answer").click()

    # Nothing is sent yet: the request says it waits for a manager's sign-off.
    page.get_by_text("your answer is sent only when they sign it off").wait_for()
    page.get_by_text("Your answer is waiting for a manager's sign-off.").wait_for()
    axe(page)
    request.refresh_from_db()
    assert request.status == Status.OPEN and request.outcome == ""
    decision = Decision.objects.get()

    # The unit that asked sees only that an answer waits.
    page.context.clear_cookies()
    sign_in(world.worker)
    page.goto(live_server.url + request.get_absolute_url())
    page.get_by_text("waiting for a manager's sign-off there").wait_for()
    assert not page.get_by_text("please ask her current school").count()
    axe(page)

    # The school's manager sees what waits with the decision and signs it off.
    page.context.clear_cookies()
    sign_in(head)
    page.goto(live_server.url + decision.get_absolute_url())
    page.get_by_text("If you sign it off, it is sent now").wait_for()
    axe(page)
    page.get_by_role("button", name="Sign off", exact=True).click()
    page.get_by_text("The answer that waited for it has been sent to the requester.").wait_for()
    axe(page)

    # Now the unit sees the answer and its explanation.
    page.context.clear_cookies()
    sign_in(world.worker)
    page.goto(live_server.url + request.get_absolute_url())
    page.get_by_role("heading", name="Answer", exact=True).wait_for()
    assert page.get_by_text("please ask her current school").first.is_visible()
    axe(page)
    request.refresh_from_db()
    assert request.status == Status.ANSWERED
