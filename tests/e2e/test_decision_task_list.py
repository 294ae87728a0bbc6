"""A unit worker records a sharing decision through the task list (issue 14):
the guide's answers, a page per section, check your answers with a Change link
back to a section, then the decision recorded. axe-core on every page."""

from datetime import date, timedelta

import pytest

from sharing.models import Decision, DecisionDraft
from tests.e2e.conftest import fill_date
from tests.requests.factories import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_worker_records_a_decision_through_the_task_list(live_server, page, sign_in, axe):
    world = World()
    sign_in(world.worker)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Decisions").click()
    page.get_by_role("link", name="Record a decision").click()
    for answer in ("Yes", "Yes", "Yes", "Yes"):
        axe(page)
        page.get_by_label(answer, exact=True).check()
        page.get_by_role("button", name="Next question").click()
    page.get_by_role("heading", name="The guide suggests: share").wait_for()
    page.get_by_role("link", name="Record your decision").click()
    page.get_by_role("heading", name="Record a sharing decision").wait_for()
    axe(page)
    page.get_by_role("button", name="Start now").click()

    tasks = page.get_by_role("list").filter(has_text="Outcome and reasons")
    tasks.get_by_text("Not yet started").first.wait_for()
    axe(page)

    # Recording is refused, and says what is left, until every section is complete.
    page.get_by_role("link", name="Check your answers").click()
    page.get_by_role("button", name="Record decision").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    assert summary.get_by_role("link", name="Complete the section: Outcome and reasons").count()
    assert page.title().startswith("Error: ")
    axe(page)
    page.get_by_role("link", name="Back to the sections").click()

    page.get_by_role("link", name="Outcome and reasons").click()
    axe(page)
    # Saved empty: the error summary at the top, linked to the question.
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("alert").filter(has_text="There is a problem").wait_for()
    axe(page)
    page.get_by_role("group", name="What have you decided?").get_by_label(
        "Share", exact=True
    ).check()
    page.get_by_label("Why have you decided this?").fill(
        "The police need the attendance pattern for their section 47 enquiry."
    )
    page.get_by_label("Who will you share it with?").select_option(label=str(world.police))
    page.get_by_label("What will the information be used for?").fill("A section 47 enquiry.")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="Lawful basis").click()
    axe(page)
    page.get_by_role(
        "group", name="What is your lawful basis for sharing under UK GDPR?"
    ).get_by_label("6(1)(e) public task").check()
    page.get_by_label("Why is sharing necessary and proportionate?").fill(
        "The enquiry needs this term's attendance only, nothing more."
    )
    page.get_by_role("button", name="Save and continue").click()

    # The guide's "yes" to consent is carried: consent given is already chosen.
    page.get_by_role("link", name="Consent").click()
    axe(page)
    consent = page.get_by_role("group", name="Has the child or family agreed to the sharing?")
    assert consent.get_by_label("Yes, they agreed").is_checked()
    page.get_by_role("group", name="If consent was given, whose consent was it?").get_by_label(
        "A person with parental responsibility"
    ).check()
    page.get_by_label("If consent was given, how was it given and where is it recorded?").fill(
        "A signed form on the case file."
    )
    fill_date(page, "Date consent was given", (date.today() - timedelta(days=2)).isoformat())
    page.get_by_label("If consent was given, which information does it cover?").fill(
        "Attendance this term."
    )
    fill_date(page, "Date to review the consent", (date.today() + timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="Telling the child or family").click()
    axe(page)
    page.get_by_label("The child or family has been told about the sharing").check()
    page.get_by_role("button", name="Save and continue").click()
    for section in ("Advice", "Emergency"):
        page.get_by_role("link", name=section, exact=True).click()
        axe(page)
        page.get_by_role("button", name="Save and continue").click()

    page.get_by_text("You have completed 6 of 6 sections.").wait_for()
    axe(page)
    page.get_by_role("link", name="Check your answers").click()
    page.get_by_role("heading", name="Check your answers before recording your decision").wait_for()
    assert page.get_by_text("A signed form on the case file.").is_visible()
    axe(page)
    # Change returns to the section with what was entered kept.
    page.get_by_role("link", name="Change why have you decided this?").click()
    assert (
        page.get_by_label("Why have you decided this?")
        .input_value()
        .startswith("The police need the attendance pattern")
    )
    page.get_by_label("Why have you decided this?").fill(
        "The police need the attendance pattern for their enquiry; the family agreed."
    )
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Check your answers").click()
    assert page.get_by_text("the family agreed.").is_visible()
    page.get_by_role("button", name="Record decision").click()

    page.get_by_text("Decision recorded.").wait_for()
    axe(page)
    decision = Decision.objects.get()
    assert decision.made_by == world.worker and decision.outcome == "share"
    assert decision.consent_status == "given" and decision.subject_told
    assert decision.rationale.endswith("the family agreed.")
    assert not DecisionDraft.objects.exists()
