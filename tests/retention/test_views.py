"""The DPO's dashboard, reviews, holds and reports."""

import csv
import html
import io
import re
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases import services as case_services
from cases.models import Case
from retention.models import DisposalCertificate, LegalHold, RetentionState, Status
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
    assert "Due for disposal" in page and due_case.reference in page
    worker = UserFactory(roles=[Role.UNIT_STAFF])
    assert verified_client(worker).get(reverse("retention:dashboard")).status_code == 403


def test_the_dashboard_shows_no_case_narrative(verified_client, due_case, dpo):
    """The case's reference (which names no one) but not the child's name."""
    page = verified_client(dpo).get(reverse("retention:dashboard")).content.decode()
    assert "HYPERLINK" not in page and due_case.reference in page


def test_the_dpo_approves_a_batch(verified_client, due_case, dpo):
    state = RetentionState.objects.get(object_id=due_case.pk, record_type="case")
    data = {"state": [state.pk], "confirmed": "yes"}
    verified_client(dpo).post(reverse("retention:approve"), data)
    state.refresh_from_db()
    assert state.status == Status.APPROVED and state.approved_by == dpo


def test_approving_disposal_first_says_exactly_what_will_go(verified_client, due_case, dpo):
    """Disposal cannot be undone: the ticked records are listed, by reference,
    with what will be removed, and nothing changes until the DPO confirms."""
    state = RetentionState.objects.get(object_id=due_case.pk, record_type="case")
    response = verified_client(dpo).post(reverse("retention:approve"), {"state": [state.pk]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Approve disposal of 1 record" in page and "cannot be undone" in page
    assert due_case.reference in page and "HYPERLINK" not in page
    assert 'name="confirmed" value="yes"' in page
    state.refresh_from_db()
    assert state.status == Status.DUE_DISPOSAL


def test_the_dpo_places_and_lifts_a_hold_with_reasons(verified_client, due_case, dpo):
    dpo.first_name, dpo.last_name = "Alex", "Ward"
    dpo.save()
    client = verified_client(dpo)
    client.post(reverse("retention:hold"), {"reference": due_case.reference, "reason": "Inquiry"})
    legal_hold = LegalHold.objects.get()
    url = reverse("retention:lift", args=[legal_hold.pk])
    # The dashboard links to a page that says what lifting will do, before anything changes.
    assert url in client.get(reverse("retention:dashboard")).content.decode()
    confirm = html.unescape(client.get(url).content.decode())
    assert "Lift this hold?" in confirm and due_case.reference in confirm
    assert "What will happen" in confirm and "nothing is disposed of until you approve" in confirm
    legal_hold.refresh_from_db()
    assert legal_hold.lifted_at is None
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400 and "Say why the hold is lifted." in refused.content.decode()
    legal_hold.refresh_from_db()
    assert legal_hold.lifted_at is None  # a reason is needed
    lifted = _post(client, url, {"reason": "Inquiry closed"})
    assert f"Legal hold lifted: {due_case.reference}." in _messages(lifted)
    legal_hold.refresh_from_db()
    assert legal_hold.lifted_at is not None
    # Opened again from a page out of date: it says the hold is already lifted, and by whom.
    again = html.unescape(client.get(url).content.decode())
    assert "This hold has already been lifted" in again and "Lifted by Alex Ward," in again


def test_lifting_a_hold_lifted_a_moment_ago_says_who_lifted_it(verified_client, due_case, dpo):
    client = verified_client(dpo)
    client.post(reverse("retention:hold"), {"reference": due_case.reference, "reason": "Inquiry"})
    legal_hold = LegalHold.objects.get()
    url = reverse("retention:lift", args=[legal_hold.pk])
    other = UserFactory(roles=[Role.DPO], first_name="Robin", last_name="Other")
    verified_client(other).post(url, {"reason": "Inquiry closed"})
    response = client.post(url, {"reason": "Claim settled"})
    page = html.unescape(response.content.decode())
    assert response.status_code == 409
    assert "The hold was not lifted" in page and "This hold was lifted a moment ago." in page
    assert "Lifted by Robin Other" in page
    legal_hold.refresh_from_db()
    assert legal_hold.lifted_by == other and legal_hold.lift_reason == "Inquiry closed"


@pytest.mark.parametrize("value", ["=1+1", "+cmd", "-2", "@SUM(A1)", "\t=x"])
def test_csv_cells_cannot_run_as_formulas(value):
    assert neutralise(value).startswith("'")


def test_reports_download_as_csv_and_pdf(verified_client, due_case, dpo):
    client = verified_client(dpo)
    csv_text = client.get(reverse("retention:report_csv")).content.decode()
    assert "School-held secondary SCP case records" in csv_text and due_case.reference in csv_text
    pdf = client.get(reverse("retention:report_pdf"))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Retention report" in text and "Due for disposal" in text


def test_the_csv_names_the_record_by_reference_and_its_organisation_by_name(
    verified_client, due_case, dpo
):
    rows = list(
        csv.reader(
            io.StringIO(verified_client(dpo).get(reverse("retention:report_csv")).content.decode())
        )
    )
    assert rows[0][:3] == ["Record type", "Reference", "Organisation"]
    assert rows[1][:3] == ["Case", due_case.reference, "Riverside"]


def test_a_decision_an_attachment_and_an_agreement_are_named_by_reference_not_id(due_case):
    from retention.reports import record_label
    from retention.selectors import with_references
    from sharing.models import Agreement

    agreement = Agreement.objects.create(
        title="Northshire schools DSA",
        purpose="p",
        starts_on=date(2026, 1, 1),
        review_on=date(2027, 1, 1),
    )
    case_state = RetentionState.objects.get(object_id=due_case.pk, record_type="case")
    RetentionState.objects.create(
        content_type=ContentType.objects.get_for_model(Agreement),
        object_id=agreement.pk,
        record_type="agreement",
        rule=case_state.rule,
    )
    named = {s.record_type: record_label(s) for s in with_references(RetentionState.objects)}
    assert named == {"case": due_case.reference, "agreement": "Agreement: Northshire schools DSA"}
    # A decision or an attachment is named by the request (or case) it belongs to.
    for kind, words in (("decision", "Sharing decision on"), ("attachment", "Attachment to")):
        state = RetentionState(record_type=kind, object_id=7)
        state.reference = "IR-2026-000004"  # as with_references annotates it
        assert record_label(state) == f"{words} IR-2026-000004"
        state.reference = ""
        assert "7" not in record_label(state)


def test_a_hold_on_a_request_is_listed_by_its_reference(verified_client, dpo):
    from tests.requests.factories import World

    request = World().incoming_s47()
    LegalHold.objects.create(
        content_type=ContentType.objects.get_for_model(request),
        object_id=request.pk,
        reason="Inquiry",
        placed_by=dpo,
    )
    page = verified_client(dpo).get(reverse("retention:dashboard")).content.decode()
    assert f"<strong>{request.reference}</strong>, placed" in page


def test_the_dpo_is_told_how_many_records_became_due_and_nothing_more(due_case, dpo):
    mail.outbox.clear()
    assert notify_dpo().newly_due == 1
    message = mail.outbox[0]
    assert message.to == ["dpo@partnership.example"]
    assert "1 record newly due" in message.subject
    assert "HYPERLINK" not in message.body and Case.objects.get().reference not in message.body


# --- Every POST through a form; junk ends as a plain message ------------------


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def _post(client, url, data):
    return client.post(url, data, follow=True)


def _summary(response):
    """The GOV.UK error summary at the top of the page: (link, message) pairs."""
    page = html.unescape(response.content.decode())
    top = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert top and top.start() < page.index("<h1"), "no error summary at the top"
    assert page.index("<title>") < page.index("Error: ") < page.index("</title>")
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', top.group())


def test_a_long_retain_reason_is_kept_whole_and_its_history_summarised(
    verified_client, due_case, dpo
):
    state = RetentionState.objects.get(object_id=due_case.pk, record_type="case")
    reason = ("The sibling's care proceedings are still open; " * 12)[:500]
    response = _post(
        verified_client(dpo),
        reverse("retention:retain", args=[state.pk]),
        {"reason": reason, "next_review_on": timezone.localdate() + timedelta(days=180)},
    )
    assert response.status_code == 200, _messages(response)
    assert _messages(response) == ["Record retained until its next review."]
    state.refresh_from_db()
    assert (state.status, state.retain_reason) == (Status.RETAINED, reason.strip())
    summary = state.history.latest("history_id").history_change_reason
    assert len(summary) <= 100 and summary.startswith("Retained: The sibling")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "Sibling", "next_review_on": "2028-02-30"}, "must be a real date"),
        (
            {"reason": "Sibling", "next_review_on": ["2028-06-01", "x"]},
            "Next review date must be a real date",
        ),
        ({"reason": "", "next_review_on": "2028-06-01"}, "Say why the record is kept."),
        ({"reason": "Sib\x00ling", "next_review_on": "2028-06-01"}, "hidden characters"),
    ],
)
def test_a_refused_retain_changes_nothing_and_says_why(
    verified_client, due_case, dpo, data, message
):
    state = RetentionState.objects.get(object_id=due_case.pk, record_type="case")
    response = _post(verified_client(dpo), reverse("retention:retain", args=[state.pk]), data)
    # The dashboard again, the summary linking to the box in this record's row.
    assert response.status_code == 400
    links = _summary(response)
    assert any(message in m for _, m in links), links
    for anchor, _ in links:
        # A date's link goes to its first box (the day).
        assert anchor.startswith("retain-") and anchor.removesuffix("_0").endswith(f"-{state.pk}")
        assert f'id="{anchor}"' in response.content.decode()
    state.refresh_from_db()
    assert state.status == Status.DUE_DISPOSAL and state.retain_reason == ""


@pytest.mark.parametrize(
    ("field", "message"),
    [("reference", "hidden characters"), ("reason", "hidden characters")],
)
def test_a_nul_byte_in_a_hold_gives_a_message_not_a_database_error(
    verified_client, due_case, dpo, field, message
):
    """A NUL byte reached PostgreSQL raw and was a server error (DataError)."""
    data = {"reference": due_case.reference, "reason": "Inquiry"}
    data[field] = data[field][:3] + "\x00" + data[field][3:]
    response = _post(verified_client(dpo), reverse("retention:hold"), data)
    assert response.status_code == 400
    assert (f"hold-{field}", "Remove the hidden characters from what you typed.") in _summary(
        response
    )
    assert not LegalHold.objects.exists()


def test_a_nul_byte_in_a_lift_reason_is_shown_on_the_lift_page_and_the_hold_stands(
    verified_client, due_case, dpo
):
    client = verified_client(dpo)
    client.post(reverse("retention:hold"), {"reference": due_case.reference, "reason": "Inquiry"})
    legal_hold = LegalHold.objects.get()
    response = _post(client, reverse("retention:lift", args=[legal_hold.pk]), {"reason": "a\x00"})
    assert response.status_code == 400
    assert any("hidden characters" in message for _link, message in _summary(response))
    legal_hold.refresh_from_db()
    assert legal_hold.lifted_at is None


@pytest.mark.parametrize("ticked", [[], ["abc"], ["1e3"], ["-1"], ["99999999999999999999999"]])
def test_approving_junk_ids_approves_nothing_and_says_so(verified_client, due_case, dpo, ticked):
    response = _post(verified_client(dpo), reverse("retention:approve"), {"state": ticked})
    # The summary links to the first box to tick.
    assert response.status_code == 400
    [(anchor, _message)] = _summary(response)
    assert f'id="{anchor}" aria-describedby' in response.content.decode()
    assert "Disposal approved for" not in response.content.decode()
    assert not RetentionState.objects.filter(status=Status.APPROVED).exists()


def test_approving_a_record_approved_a_moment_ago_tells_the_second_dpo(
    verified_client, due_case, dpo
):
    state = RetentionState.objects.get(object_id=due_case.pk, record_type="case")
    confirmed = {"state": [state.pk], "confirmed": "yes"}
    dpo.first_name, dpo.last_name = "Alex", "Ward"
    dpo.save()
    verified_client(dpo).post(reverse("retention:approve"), confirmed)
    other = UserFactory(roles=[Role.DPO])
    response = _post(verified_client(other), reverse("retention:approve"), confirmed)
    # A page of its own, not a banner after a redirect: what was not done, why,
    # who approved it first and when, and the way back.
    page = html.unescape(response.content.decode())
    assert response.status_code == 409 and response.redirect_chain == []
    assert "Nothing was approved" in page and "approved for disposal a moment ago" in page
    assert f"Disposal of {due_case.reference} approved by Alex Ward," in page
    assert reverse("retention:dashboard") in page
    state.refresh_from_db()
    assert state.approved_by == dpo


@pytest.mark.parametrize("role", [Role.UNIT_STAFF, Role.MANAGER, Role.SCPO, Role.ADMINISTRATOR])
def test_only_the_dpo_may_post_any_retention_decision(verified_client, due_case, dpo, role):
    state = RetentionState.objects.get(object_id=due_case.pk, record_type="case")
    legal_hold = LegalHold.objects.create(
        content_type=state.content_type, object_id=due_case.pk, reason="Inquiry", placed_by=dpo
    )
    client = verified_client(UserFactory(roles=[role]))
    posts = [
        (reverse("retention:approve"), {"state": [state.pk], "confirmed": "yes"}),
        (
            reverse("retention:retain", args=[state.pk]),
            {"reason": "x", "next_review_on": "2028-01-01"},
        ),
        (reverse("retention:hold"), {"reference": due_case.reference, "reason": "x"}),
        (reverse("retention:lift", args=[legal_hold.pk]), {"reason": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    state.refresh_from_db()
    legal_hold.refresh_from_db()
    assert state.status == Status.DUE_DISPOSAL and legal_hold.lifted_at is None
    assert LegalHold.objects.count() == 1


def test_the_services_refuse_whoever_the_pages_refuse(due_case, dpo):
    from django.core.exceptions import PermissionDenied

    from retention.services import review

    worker = UserFactory(roles=[Role.UNIT_STAFF])
    state = RetentionState.objects.get(object_id=due_case.pk, record_type="case")
    legal_hold = review.hold_place(user=dpo, record=due_case, reason="Inquiry")
    for call in (
        lambda: review.states_approve_disposal(user=worker, states=[state]),
        lambda: review.state_retain(
            user=worker, state=state, reason="x", next_review_on=date(2028, 1, 1)
        ),
        lambda: review.hold_place(user=worker, record=due_case, reason="x"),
        lambda: review.hold_lift(user=worker, hold=legal_hold, reason="x"),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_the_dpos_home_page_says_what_is_due(verified_client, due_case, dpo):
    page = verified_client(dpo).get(reverse("home")).content.decode()
    assert "1 record due for disposal and 0 due for review" in page
    assert "HYPERLINK" not in page


def test_a_certificate_is_listed_by_its_number_not_the_disposed_records_id(
    verified_client, due_case, dpo
):
    # The certificate keeps no reference (it names no record a person could be
    # traced through); its own number is what the DPO quotes.
    DisposalCertificate.objects.create(
        number="DC-2026-000042",
        record_type="case",
        object_id=987654,
        rule_name="Child protection",
        approved_by=dpo,
        approved_at=timezone.now(),
        method="cross_cut_shredding",
    )
    page = verified_client(dpo).get(reverse("retention:dashboard")).content.decode()
    assert "<strong>DC-2026-000042</strong>: Case, Child protection" in page
    assert "987654" not in page


def test_approving_a_held_record_is_refused_naming_it_by_reference(due_case, dpo):
    from django.core.exceptions import ValidationError

    from retention.services import review

    state = RetentionState.objects.get(object_id=due_case.pk, record_type="case")
    LegalHold.objects.create(
        content_type=state.content_type, object_id=due_case.pk, reason="Inquiry", placed_by=dpo
    )
    with pytest.raises(ValidationError) as refused:
        review.states_approve_disposal(user=dpo, states=[state])
    assert refused.value.messages == [f"{due_case.reference} is under legal hold."]


def _more_due_cases(how_many):
    team = make_team(organisation=OrganisationFactory(kind="school", name="Hillside"))
    user = team_member(team)
    for _ in range(how_many):
        child = PersonFactory(owning_team=team, date_of_birth=date(2001, 8, 31))
        case_services.case_open(
            user=user, team=team, child=child, summary="s", reason="r", opened_on=date(2015, 1, 5)
        )
    retention_sweep(date(2027, 9, 1))


def test_the_dashboard_counts_once_and_its_list_says_how_many_it_holds(
    verified_client, due_case, dpo, django_assert_max_num_queries
):
    """The summary's counts are read together and the list's count is taken
    from them: the same statements however many records are due."""
    client = verified_client(dpo)
    with django_assert_max_num_queries(11) as few:
        client.get(reverse("retention:dashboard"))
    _more_due_cases(6)
    with django_assert_max_num_queries(11) as many:
        page = client.get(reverse("retention:dashboard"), {"type": "case"}).content.decode()
    assert len(few.captured_queries) == len(many.captured_queries)
    due = RetentionState.objects.filter(record_type="case", status=Status.DUE_DISPOSAL).count()
    assert due >= 7
    # The list shows every due case, as the summary counts them.
    assert len(set(re.findall(r"SC-\d{4}-\d{6}", page))) >= 7
    assert f'<span class="register-figure__number">{due}</span>' in page
