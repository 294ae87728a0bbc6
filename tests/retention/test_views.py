"""The DPO's dashboard, reviews, holds and reports."""

import io
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from cases import services as case_services
from cases.models import Case
from retention.models import LegalHold, RetentionState, Status
from retention.reports import neutralise
from retention.services import notify_dpo, retention_sweep
from sharing.roles import Role
from tests.cases.factories import PersonFactory, make_team, team_member
from tests.sharing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_case():
    team = make_team(organisation=OrganisationFactory(kind="school", name="Riverside"))
    user = team_member(team)
    child = PersonFactory(
        owning_team=team, first_name="=HYPERLINK(evil)", date_of_birth=date(2001, 8, 31)
    )
    case = case_services.case_open(
        user=user, team=team, child=child, summary="s", reason="r", opened_on=date(2015, 1, 5)
    )
    retention_sweep(date(2027, 9, 1))
    return case


@pytest.fixture
def dpo():
    return UserFactory(roles=[Role.DPO], email="dpo@partnership.example")


def test_the_dashboard_is_for_the_dpo_only(verified_client, due_case, dpo):
    page = verified_client(dpo).get(reverse("retention:dashboard")).content.decode()
    assert "Due for disposal" in page and f"Case {due_case.pk}" in page
    worker = UserFactory(roles=[Role.UNIT_STAFF])
    assert verified_client(worker).get(reverse("retention:dashboard")).status_code == 403


def test_the_dashboard_shows_no_case_narrative(verified_client, due_case, dpo):
    page = verified_client(dpo).get(reverse("retention:dashboard")).content.decode()
    assert "HYPERLINK" not in page and due_case.reference not in page


def test_the_dpo_approves_a_batch(verified_client, due_case, dpo):
    state = RetentionState.objects.get(object_id=due_case.pk, record_type="case")
    verified_client(dpo).post(reverse("retention:approve"), {"state": [state.pk]})
    state.refresh_from_db()
    assert state.status == Status.APPROVED and state.approved_by == dpo


def test_the_dpo_places_and_lifts_a_hold_with_reasons(verified_client, due_case, dpo):
    client = verified_client(dpo)
    client.post(reverse("retention:hold"), {"reference": due_case.reference, "reason": "Inquiry"})
    legal_hold = LegalHold.objects.get()
    client.post(reverse("retention:lift", args=[legal_hold.pk]), {"reason": ""})
    legal_hold.refresh_from_db()
    assert legal_hold.lifted_at is None  # a reason is needed
    client.post(reverse("retention:lift", args=[legal_hold.pk]), {"reason": "Inquiry closed"})
    legal_hold.refresh_from_db()
    assert legal_hold.lifted_at is not None


@pytest.mark.parametrize("value", ["=1+1", "+cmd", "-2", "@SUM(A1)", "\t=x"])
def test_csv_cells_cannot_run_as_formulas(value):
    assert neutralise(value).startswith("'")


def test_reports_download_as_csv_and_pdf(verified_client, due_case, dpo):
    client = verified_client(dpo)
    csv_text = client.get(reverse("retention:report_csv")).content.decode()
    assert "School-held secondary SCP case records" in csv_text and str(due_case.pk) in csv_text
    pdf = client.get(reverse("retention:report_pdf"))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Retention report" in text and "Due for disposal" in text


def test_the_dpo_is_told_how_many_records_became_due_and_nothing_more(due_case, dpo):
    mail.outbox.clear()
    assert notify_dpo().newly_due == 1
    message = mail.outbox[0]
    assert message.to == ["dpo@partnership.example"]
    assert "1 record newly due" in message.subject
    assert "HYPERLINK" not in message.body and Case.objects.get().reference not in message.body
