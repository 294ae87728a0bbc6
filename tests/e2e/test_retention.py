"""The DPO's retention dashboard and reports, in the browser."""

from datetime import date

import pytest

from cases import services as case_services
from cases.models import Case
from retention.models import RetentionState, Status
from retention.services import retention_sweep
from sharing.roles import Role
from tests.cases.factories import PersonFactory, make_team, team_member
from tests.e2e.conftest import fill_date
from tests.retention.factories import ensure_rules
from tests.sharing.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dpo_reviews_due_records_and_downloads_reports(live_server, page, sign_in, axe):
    ensure_rules()
    team = make_team(organisation=OrganisationFactory(kind="school", name="Riverside"))
    worker = team_member(team)
    for born in (date(2001, 8, 31), date(2001, 8, 30)):
        child = PersonFactory(owning_team=team, date_of_birth=born)
        case_services.case_open(
            user=worker, team=team, child=child, summary="s", reason="r", opened_on=date(2015, 1, 5)
        )
    retention_sweep(date(2027, 9, 1))
    first, second = RetentionState.objects.order_by("pk")
    # The DPO works by reference (SC-...), which names no one.
    first_ref, second_ref = (Case.objects.get(pk=s.object_id).reference for s in (first, second))
    dpo = UserFactory(roles=[Role.DPO], first_name="Alex")
    sign_in(dpo)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Retention").click()
    page.get_by_role("heading", name="Retention and disposal").wait_for()
    assert page.get_by_text("Due for disposal").first.is_visible()
    axe(page)

    page.get_by_label(f"Reason to retain {second_ref}").fill("Sibling's case still open")
    fill_date(page, f"Next review of {second_ref}", "2027-06-01")
    page.get_by_role("row", name=second_ref).get_by_role("button", name="Retain").click()
    page.get_by_text("Record retained until its next review.").wait_for()
    axe(page)

    page.get_by_label(f"Select {first_ref}").check()
    page.get_by_role("button", name="Approve disposal of the selected records").click()
    page.get_by_role("heading", name="Approve disposal of 1 record").wait_for()
    assert page.get_by_role("row", name=first_ref).is_visible()
    axe(page)
    page.get_by_role("button", name="Approve disposal", exact=True).click()
    page.get_by_text("Disposal approved for 1 record.").wait_for()

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV report").click()
    assert csv_download.value.suggested_filename.startswith("retention-")
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="PDF report").click()
    assert pdf_download.value.suggested_filename.endswith(".pdf")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.APPROVED, Status.RETAINED)


def test_a_worker_records_a_cases_category_and_the_dpo_sees_what_the_record_is(
    live_server, page, sign_in, axe
):
    """Categories on the case, then the DPO's record page, rule change and a
    hold on a category, in the browser."""
    ensure_rules()
    team = make_team(organisation=OrganisationFactory(name="Northshire Partnership"))
    worker = team_member(team, roles=[Role.UNIT_STAFF])
    child = PersonFactory(owning_team=team, date_of_birth=date(2010, 5, 4))
    case = case_services.case_open(
        user=worker, team=team, child=child, summary="s", reason="r", opened_on=date(2020, 1, 6)
    )
    sign_in(worker)
    page.goto(live_server.url + f"/cases/{case.pk}/")
    page.get_by_role("link", name="Change categories").click()
    page.get_by_role("heading", name="Categories").wait_for()
    axe(page)
    page.get_by_role("button", name="Add category").click()  # nothing chosen
    page.get_by_role("heading", name="There is a problem").wait_for()
    axe(page)
    page.get_by_label("Child protection (section 47 enquiry or plan)").check()
    fill_date(page, "Date the category started", "2020-01-06")
    page.get_by_label("Reason for this change").fill("Section 47 enquiry")
    page.get_by_role("button", name="Add category").click()
    page.get_by_text("Child protection (section 47 enquiry or plan) added to the case.").wait_for()

    retention_sweep(date(2026, 12, 1))
    state = RetentionState.objects.get(record_type="case", object_id=case.pk)
    page.context.clear_cookies()
    sign_in(UserFactory(roles=[Role.DPO]))
    page.goto(live_server.url + f"/retention/records/{state.pk}/")
    page.get_by_role("heading", name=case.reference).wait_for()
    assert page.get_by_text("Child protection: 35 years after last contact").is_visible()
    axe(page)

    page.goto(live_server.url + "/retention/rules/")
    axe(page)
    page.get_by_role("link", name="Change Child protection: 35 years after last contact").click()
    page.get_by_label("Period in months").fill("480")
    page.get_by_label("Reason").fill("Local schedule changed to 40 years")
    page.get_by_role("button", name="Save the rule").click()
    page.get_by_text("Rule changed: Child protection").wait_for()

    page.goto(live_server.url + "/retention/")
    page.get_by_label("Every case of a category, and everything in them").check()
    page.get_by_label("Category", exact=True).select_option("child_protection")
    page.get_by_label("Reason", exact=True).fill("IICSA moratorium on destruction")
    page.get_by_role("button", name="Place legal hold").click()
    page.get_by_text("Legal hold placed on every case that has been").wait_for()
    axe(page)
