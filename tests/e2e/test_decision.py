"""A school safeguarding officer walks through the decision guide and records
a decision about a request addressed to them."""

import pytest

from sharing.models import Decision
from tests.requests.factories import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_scpo_walks_the_guide_and_records_a_decision(live_server, page, sign_in, axe):
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    sign_in(world.scpo_a)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox").click()
    page.get_by_role("link", name=request.reference).click()
    page.get_by_role("link", name="Record the sharing decision behind your answer").click()
    for answer in ("Yes", "Yes", "Yes", "No", "Yes"):
        axe(page)
        page.get_by_label(answer, exact=True).check()
        page.get_by_role("button", name="Next question").click()
    page.get_by_role("heading", name="The guide suggests: share").wait_for()
    axe(page)
    page.get_by_role("link", name="Record your decision").click()

    # Submitted empty: the problem is listed at the top, linked to its question.
    page.get_by_role("button", name="Record decision").click()
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
    axe(page)
    page.get_by_role("button", name="Record decision").click()

    page.get_by_role("heading", name="Sharing decision").wait_for()
    decision = Decision.objects.get()
    page.get_by_role("heading", name=f"Sharing decision {decision.pk}: share").wait_for()
    axe(page)
    assert decision.request == request and decision.guide_suggestion == "share"
    assert decision.made_by == world.scpo_a
