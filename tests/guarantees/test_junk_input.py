"""Junk never reaches the database raw. Every form endpoint is posted junk by
someone allowed to use it: overlong text, NUL and control characters,
right-to-left and combining characters, impossible dates, ids of records
elsewhere, several values where one is expected. The register never answers
with a server error, and a refused post changes no row."""

import re
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.transfers import forms as transfer_forms
from requests import forms as request_forms
from retention import forms as retention_forms
from retention.subject_access import forms as sar_forms
from sharing import forms as sharing_forms
from sharing.decisions import forms as decision_forms
from tests.guarantees.world import (
    answering_draft,
    decision_draft,
    receipt_token,
    sent_transfer,
    standing_hold,
)

pytestmark = pytest.mark.django_db

# Rows a refused post may still write: the read log (the page was shown
# again), sign-in bookkeeping, kept searches and sessions.
BOOKKEEPING = {"accessevent", "savedsearch", "session", "accessattempt", "accesslog",
               "accessfailurelog"}

junk_text = st.one_of(
    st.text(min_size=0, max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12).map(
        lambda s: s + "\x00" + s
    ),
    st.sampled_from(["\u202egnp.exe", "e\u0301\u0301\u0301", "\x01\x02\x1b[31m", " ", ""]),
    st.integers(min_value=101, max_value=20_000).map(lambda n: "x" * n),
)
junk_date = st.sampled_from(["2026-02-30", "2025-13-01", "0000-00-00", "99999-01-01", "31/02"])
junk_id = st.one_of(
    st.sampled_from(["-1", "0", "99999999", "1e3", "²", "9" * 30]),
    st.integers(min_value=1, max_value=60).map(str),
)
junk_value = st.one_of(junk_text, junk_date, junk_id, st.lists(junk_text, min_size=2, max_size=3))

# url name: (who posts, the url's ids, query string, where its fields come
# from: None reads them from the page's own form; a form class for the actions
# posted from another page (a request's or decision's page))
ENDPOINTS: dict[str, tuple[str, Any, str, Any]] = {
    "cases:case_list": ("worker", lambda r: [], "", None),
    "cases:case_open": ("worker", lambda r: [], "child={child}", None),
    "cases:case_edit": ("worker", lambda r: [r.case.pk], "", None),
    "cases:case_close": ("worker", lambda r: [r.case.pk], "", None),
    "cases:case_access": ("worker", lambda r: [r.case.pk], "", None),
    "cases:participant_add": ("worker", lambda r: [r.case.pk], "", None),
    "cases:chronology_add": ("worker", lambda r: [r.case.pk], "", None),
    "cases:case_categories": ("worker", lambda r: [r.case.pk], "", None),
    "cases:case_category_change": ("worker", lambda r: [r.case.pk, r.category.pk], "", None),
    "cases:chronology_edit": ("worker", lambda r: [r.case.pk, r.entry.pk], "", None),
    "cases:chronology_not_for_subject": ("worker", lambda r: [r.case.pk, r.entry.pk], "", None),
    "cases:person_create": ("worker", lambda r: [], "", None),
    "cases:person_edit": ("worker", lambda r: [r.child.pk], "", None),
    "cases:person_search": ("worker", lambda r: [], "", None),
    "cases:break_glass": ("manager", lambda r: [], "", None),
    "requests:log_incoming": ("worker", lambda r: [], "case={case}", None),
    "requests:send_outgoing": ("worker", lambda r: [], "case={case}", None),
    "requests:not_held": ("scpo_a", lambda r: [r.request.pk], "", request_forms.NotHeldForm),
    "decisions:answer_request": ("scpo_a", lambda r: [r.request.pk], "", None),
    "requests:clarify": ("scpo_a", lambda r: [r.request.pk], "", request_forms.ClarifyForm),
    "requests:close": ("worker", lambda r: [r.answered.pk], "", request_forms.CloseForm),
    "requests:withdraw": ("worker", lambda r: [r.request.pk], "", request_forms.WithdrawForm),
    "requests:change_due": ("worker", lambda r: [r.request.pk], "", request_forms.DueForm),
    "requests:export": ("worker", lambda r: [r.answered.pk], "", request_forms.ExportForm),
    "requests:attachment_not_for_subject": ("worker", lambda r: [r.attachment.pk], "", None),
    # A section of the decision's task list (consent: choices, text and dates).
    "decisions:draft_section": (
        "worker",
        lambda r: [decision_draft(r).pk, "consent"],
        "",
        None,
    ),
    # An answer's check your answers: its documents and the names check.
    "decisions:draft_check": (
        "scpo_a",
        lambda r: [answering_draft(r).pk],
        "",
        decision_forms.SendAnswerForm,
    ),
    "decisions:disclosure_new": ("worker", lambda r: [r.decision.pk], "", None),
    "decisions:item_not_for_subject": (
        "worker",
        lambda r: [r.decision.pk, r.disclosure.items.get().pk],
        "",
        None,
    ),
    "decisions:complete": ("worker", lambda r: [r.emergency.pk], "", decision_forms.CompleteForm),
    "decisions:disclosure_confirm": (
        "worker",
        lambda r: [r.emergency.pk, r.spoken.pk],
        "",
        decision_forms.ConfirmInWritingForm,
    ),
    "decisions:disclosure_withdrawal_told": (
        "worker",
        lambda r: [r.consented.pk, r.relied_on.pk],
        "",
        decision_forms.WithdrawalToldForm,
    ),
    "decisions:dpo_access": (
        "dpo",
        lambda r: [r.decision.pk],
        "",
        decision_forms.DecisionAccessForm,
    ),
    "retention:retain": ("dpo", lambda r: [r.state.pk], "", retention_forms.RetainForm),
    "retention:approve": ("dpo", lambda r: [], "", retention_forms.ApproveForm),
    "retention:hold": ("dpo", lambda r: [], "", retention_forms.HoldForm),
    # Lifting a hold: its confirmation page's reason.
    "retention:lift": ("dpo", lambda r: [standing_hold(r).pk], "", None),
    "subject_access:new": ("dpo", lambda r: [], "", None),
    "subject_access:new_about": ("dpo", lambda r: [r.child.pk], "", None),
    "subject_access:new_not_held": ("dpo", lambda r: [], "", None),
    "subject_access:identity": ("dpo", lambda r: [r.sar.pk], "", sar_forms.IdentityForm),
    "subject_access:extend": ("dpo", lambda r: [r.sar.pk], "", sar_forms.ExtendForm),
    "subject_access:item": ("dpo", lambda r: [r.sar.pk, r.sar_item.pk], "", None),
    "subject_access:release": ("dpo", lambda r: [r.sar.pk], "", None),
    "retention:rule_edit": ("dpo", lambda r: [r.state.rule.pk], "", None),
    "status_change_decide": (
        "dpo",
        lambda r: [r.status_change.pk],
        "",
        sharing_forms.StatusChangeDecisionForm,
    ),
    # The period the partnership's statistics cover.
    "reports:overview": ("business_manager", lambda r: [], "", None),
    # Moving a child's file: sending, receiving, cancelling, term dates, and
    # the one-time receipt link (no account).
    "cases:transfer_new": ("worker", lambda r: [], "case={case}", None),
    "cases:transfer_receive": ("scpo_a", lambda r: [sent_transfer(r).pk], "", None),
    "cases:transfer_cancel": ("worker", lambda r: [sent_transfer(r).pk], "", None),
    "cases:term_dates": ("scpo_a", lambda r: [], "", None),
    "cases:transfer_share": (
        "scpo_a", lambda r: [sent_transfer(r).pk], "", transfer_forms.ShareForm
    ),
    "transfer_receipt": ("anonymous", lambda r: [receipt_token(r)], "", None),
}

FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"')


def _snapshot() -> dict[str, int]:
    """Rows per table, history tables included (an update writes a history row)."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.model_name not in BOOKKEEPING
    }


def _fields(client: Any, url: str, form: Any) -> list[str]:
    if form is not None:
        return sorted(form.base_fields)
    page = client.get(url)
    assert page.status_code == 200, f"{url}: {page.status_code}"
    return sorted(set(FIELD.findall(page.content.decode())) - {"csrfmiddlewaretoken"})


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_junk_posted_to_a_form_is_refused_plainly_and_changes_nothing(name, register):
    actor, ids, query, form = ENDPOINTS[name]
    url = reverse(name, args=ids(register))
    if query:
        url += "?" + query.format(
            case=register.case.pk, child=register.child.pk, incoming=register.incoming.pk
        )
    client = register.client_for(actor)
    fields = _fields(client, url, form)
    assert fields, f"{name}: no form fields found"

    @settings(
        max_examples=12,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries({}, optional=dict.fromkeys(fields, junk_value)))
    def post_junk(data: dict[str, Any]) -> None:
        before = _snapshot()
        response = client.post(url, data)
        assert response.status_code < 500, f"{name}: server error for {data!r}"
        if response.status_code != 302:
            assert _snapshot() == before, f"{name}: a refused post changed rows: {data!r}"

    post_junk()
