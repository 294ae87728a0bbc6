"""A school safeguarding officer walks through the decision guide and records
a decision about a request addressed to them."""

import pytest

from sharing.models import Decision
from tests.requests.factories import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_scpo_walks_the_guide_and_records_a_decision(live_server, page, sign_in):
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    sign_in(world.scpo_a)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox").click()
    page.get_by_role("link", name=request.reference).click()
    page.get_by_role("link", name="Record the sharing decision behind your answer").click()
    for answer in ("Yes", "Yes", "Yes", "No", "Yes"):
        page.get_by_label(answer, exact=True).check()
        page.get_by_role("button", name="Next question").click()
    page.get_by_text("The guide suggests: share").wait_for()
    page.get_by_role("link", name="Record your decision").click()

    page.get_by_label("Share", exact=True).check()
    page.get_by_label("Reasons for the decision").fill(
        "Necessary for the practice review; attendance only."
    )
    page.get_by_label("UK GDPR Article 6 basis").select_option("6_1_c")
    page.get_by_label("Consent", exact=True).select_option("not_sought")
    page.get_by_label("Why consent was not sought").select_option("cannot_be_given")
    page.get_by_label("Why they were not told").select_option("other")
    page.get_by_role("button", name="Record decision").click()

    decision = Decision.objects.get()
    page.get_by_role("heading", name=f"Sharing decision {decision.pk}: share").wait_for()
    assert decision.request == request and decision.guide_suggestion == "share"
    assert decision.made_by == world.scpo_a
