"""A school safeguarding officer walks through the decision guide and answers
a request addressed to them by recording their decision (one path out, issue
15); the unit that asked sees the answer and the decision behind it."""

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

    # Submitted empty: the problem is listed at the top, linked to its question.
    page.get_by_role("button", name="Record decision and send answer").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    summary.get_by_role("link", name="Select whether you will share").click()
    assert page.evaluate("document.activeElement.id") == "id_outcome_1"
    assert page.title().startswith("Error: ")
    axe(page)

    decided = page.get_by_role("group", name="What have you decided?")
    decided.get_by_label("Share", exact=True).check()
    page.get_by_label("Why have you decided this?").fill(
        "Necessary for the practice review; attendance only."
    )
    page.get_by_role(
        "group", name="What is your lawful basis for sharing under UK GDPR?"
    ).get_by_label("6(1)(c) legal obligation").check()
    consent = page.get_by_role("group", name="Has the child or family agreed to the sharing?")
    consent.get_by_label("We did not ask them").check()
    page.get_by_role("group", name="If you did not ask for consent, why not?").get_by_label(
        "It cannot be given"
    ).check()
    page.get_by_role("group", name="If they have not been told, why not?").get_by_label(
        "Another reason"
    ).check()
    # Reasons with legal weight are stated in substance (seeds 001, 004).
    page.get_by_label("If it is another reason, what is it?").fill(
        "The family has moved and cannot yet be reached safely."
    )
    page.get_by_label("Why is sharing necessary and proportionate?").fill(
        "The review panel needs the autumn attendance only, nothing more."
    )
    page.get_by_label("Why is sharing in the public interest?").fill(
        "A child's death is under review; the risk to siblings outweighs confidentiality."
    )
    # The answer itself, marked, sent in the register.
    page.get_by_label("Your answer").fill("Attendance this autumn: 92%, two late marks.")
    page.get_by_role(
        "group", name="Is your answer fact, opinion or historical information?"
    ).get_by_label("Fact", exact=True).check()
    axe(page)
    page.get_by_role("button", name="Record decision and send answer").click()

    page.get_by_text("Your decision and your answer have been recorded.").wait_for()
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


def test_a_share_against_refused_consent_is_answered_once_signed_off(
    live_server, page, sign_in, axe
):
    from sharing.decisions import services
    from sharing.roles import Role
    from tests.sharing.decisions.builders import decision_fields
    from tests.sharing.factories import UserFactory

    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    decision = services.decision_record(
        user=world.scpo_a,
        request=request,
        **decision_fields(
            consent_status="refused",
            consent_not_sought_reason="",
            consent_override_rationale="A risk to the child's life outweighs the refusal.",
        ),
    )
    head = UserFactory(organisation=world.school_a, roles=[Role.MANAGER])
    services.decision_sign_off(user=head, decision=decision, approve=True, note="")
    sign_in(world.scpo_a)

    page.goto(live_server.url + request.get_absolute_url())
    page.get_by_role("link", name="Answer and record your decision").click()
    page.get_by_role("heading", name="Send your answer").wait_for()
    axe(page)
    page.get_by_label("Your answer").fill("Attendance this autumn: 92%.")
    page.get_by_role(
        "group", name="Is your answer fact, opinion or historical information?"
    ).get_by_label("Fact", exact=True).check()
    page.get_by_role("button", name="Send answer").click()

    page.get_by_text("Your answer has been sent under your decision.").wait_for()
    axe(page)
    request.refresh_from_db()
    assert request.status == Status.ANSWERED
    assert decision.disclosures.count() == 1
