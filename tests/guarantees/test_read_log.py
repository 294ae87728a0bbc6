"""Every read of personal data is logged: each page of the register is walked
as someone allowed to see it, and wherever it shows a person of the case (or
is a download of their record), a read-log row names the viewer. A new page
must be added to one of the two tables below, or this test fails."""

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from sharing.models import AccessEvent
from tests.guarantees.world import decision_draft, sent_transfer

pytestmark = pytest.mark.django_db

# url name: (who looks, the url's ids, query string, a download of a record)
WALK: dict[str, tuple[str, Any, str, bool]] = {
    "cases:case_list": ("worker", lambda r: [], "", False),
    "cases:case_detail": ("worker", lambda r: [r.case.pk], "", False),
    "cases:case_edit": ("worker", lambda r: [r.case.pk], "", False),
    "cases:case_close": ("worker", lambda r: [r.case.pk], "", False),
    "cases:case_history": ("worker", lambda r: [r.case.pk], "", False),
    "cases:case_access": ("worker", lambda r: [r.case.pk], "", False),
    "cases:participant_add": ("worker", lambda r: [r.case.pk], "", False),
    "cases:participant_edit": (
        "worker",
        lambda r: [r.case.pk, r.case.participants.first().pk],
        "",
        False,
    ),
    "cases:chronology_add": ("worker", lambda r: [r.case.pk], "", False),
    "cases:case_categories": ("worker", lambda r: [r.case.pk], "", False),
    "cases:case_category_change": ("worker", lambda r: [r.case.pk, r.category.pk], "", False),
    "cases:chronology_edit": ("worker", lambda r: [r.case.pk, r.entry.pk], "", False),
    "cases:chronology_not_for_subject": ("worker", lambda r: [r.case.pk, r.entry.pk], "", False),
    "cases:person_search": ("worker", lambda r: [], "", False),
    "cases:person_detail": ("worker", lambda r: [r.child.pk], "", False),
    "cases:person_edit": ("worker", lambda r: [r.child.pk], "", False),
    "requests:dashboard": ("worker", lambda r: [], "", False),
    "requests:inbox": ("scpo_a", lambda r: [], "", False),
    "requests:log_incoming": ("worker", lambda r: [], "case={case}", False),
    "requests:send_outgoing": ("worker", lambda r: [], "case={case}", False),
    "requests:request_detail": ("scpo_a", lambda r: [r.request.pk], "", False),
    # An action's address opened directly shows the request's page with its form.
    "requests:not_held": ("scpo_a", lambda r: [r.request.pk], "", False),
    # Answering is recording one's decision: the page names the request's people.
    "decisions:answer_request": ("scpo_a", lambda r: [r.request.pk], "", False),
    "requests:clarify": ("scpo_a", lambda r: [r.request.pk], "", False),
    "requests:close": ("worker", lambda r: [r.answered.pk], "", False),
    "requests:withdraw": ("worker", lambda r: [r.request.pk], "", False),
    "requests:change_due": ("worker", lambda r: [r.request.pk], "", False),
    "requests:export": ("worker", lambda r: [r.answered.pk], "", False),
    "requests:export_download": ("worker", lambda r: [r.export.pk], "", True),
    "requests:letter": ("worker", lambda r: [r.request.pk], "", False),
    "requests:letter_pdf": ("worker", lambda r: [r.request.pk], "", True),
    "requests:attachment_download": ("worker", lambda r: [r.attachment.pk], "", True),
    # The document's name may name a child: its page logs the read.
    "requests:attachment_not_for_subject": ("worker", lambda r: [r.attachment.pk], "", True),
    "decisions:decision_list": ("worker", lambda r: [], "", False),
    # Staff accounts, logged as read like any record of a person.
    "access_changes": ("manager", lambda r: [], "", True),
    # The decision as a task list: each page names the case or request it is about,
    # and a section may name the people to protect.
    "decisions:draft_start": ("worker", lambda r: [], "request={incoming}", False),
    "decisions:draft_tasks": ("worker", lambda r: [decision_draft(r).pk], "", False),
    "decisions:draft_section": (
        "worker",
        lambda r: [decision_draft(r).pk, "identities"],
        "",
        False,
    ),
    "decisions:draft_check": ("worker", lambda r: [decision_draft(r).pk], "", False),
    "decisions:decision_detail": ("worker", lambda r: [r.decision.pk], "", False),
    "decisions:decision_pdf": ("worker", lambda r: [r.decision.pk], "", True),
    "decisions:disclosure_new": ("worker", lambda r: [r.decision.pk], "", False),
    # Subject access: the person found, the request and its pack, the release.
    "subject_access:new": ("dpo", lambda r: [], "", False),
    "subject_access:new_about": ("dpo", lambda r: [r.child.pk], "", False),
    "subject_access:detail": ("dpo", lambda r: [r.sar.pk], "", False),
    "subject_access:item": ("dpo", lambda r: [r.sar.pk, r.sar_item.pk], "", False),
    "subject_access:release": ("dpo", lambda r: [r.sar.pk], "", False),
    "subject_access:download": ("dpo", lambda r: [r.released_sar.pk], "", True),
    "decisions:item_not_for_subject": (
        "worker",
        lambda r: [r.decision.pk, r.disclosure.items.get().pk],
        "",
        True,
    ),
    # Moving a child's file: the sender's pages while it waits, the receiver's.
    "cases:transfer_list": ("worker", lambda r: sent_transfer(r) and [], "", False),
    "cases:transfer_new": ("worker", lambda r: [], "case={case}", False),
    "cases:transfer_detail": ("worker", lambda r: [sent_transfer(r).pk], "", False),
    "cases:transfer_receive": ("scpo_a", lambda r: [sent_transfer(r).pk], "", False),
    "cases:transfer_cancel": ("worker", lambda r: [sent_transfer(r).pk], "", False),
    "cases:transfer_pack": ("worker", lambda r: [sent_transfer(r, route="pack").pk], "", True),
    "cases:transfer_document": (
        "scpo_a",
        lambda r: (lambda t: [t.pk, t.items.get(kind="document").pk])(sent_transfer(r)),
        "",
        True,
    ),
    "retention:record": ("dpo", lambda r: [r.state.pk], "", False),
}

# Pages that show no one's record: forms that start from nothing, the signed-in
# user's own account, the DPO's pages (references and counts only), actions
# that only accept a posted form.
NO_PERSONAL_DATA = {
    "home", "login", "logout", "two_factor", "two_factor_setup", "account",
    "backup_codes_renew", "password_change", "password_change_done", "healthz",
    "accessibility",
    "cases:case_open", "cases:person_create", "cases:break_glass",
    "cases:break_glass_review", "cases:case_access_log",
    "decisions:guide",
    "retention:dashboard", "retention:hold", "retention:report_csv", "retention:report_pdf",
    "retention:rules", "retention:rule_edit",
    # A hold's confirmation page: its reference, reason and dates, as the dashboard shows.
    "retention:lift",
    # Reasons given for access to a record, with the record's number only.
    "decisions:decision_accesses", "decisions:dpo_access",
    # Organisations' health or social care status: organisations and staff, no one's record.
    "status_changes", "status_change_decide",
    # The partnership's statistics: protected counts, never a record.
    "reports:overview", "reports:figures_csv", "reports:figures_pdf",
    # Subject access requests by reference, dates and status: no one named.
    "subject_access:list",
    # Logging a request about someone the register holds nothing about.
    "subject_access:new_not_held",
    # A school's holidays; the one-time receipt link (a reference and the
    # sending organisation, for someone with no account) and its thank-you.
    "cases:term_dates", "transfer_receipt", "transfer_receipt_done",
}

# Actions posted from a record's page (which is walked above): no page of their
# own. (who, the url's ids)
POSTED_ONLY: dict[str, tuple[str, Any]] = {
    "requests:start": ("scpo_a", lambda r: [r.request.pk]),
    "decisions:consent_withdrawn": ("worker", lambda r: [r.decision.pk]),
    "decisions:sign_off": ("manager", lambda r: [r.decision.pk]),
    "decisions:complete": ("worker", lambda r: [r.decision.pk]),
    "decisions:disclosure_confirm": ("worker", lambda r: [r.decision.pk, r.disclosure.pk]),
    "decisions:disclosure_withdrawal_told": (
        "worker",
        lambda r: [r.consented.pk, r.relied_on.pk],
    ),
    "retention:approve": ("dpo", lambda r: []),
    "retention:retain": ("dpo", lambda r: [r.state.pk]),
    "subject_access:identity": ("dpo", lambda r: [r.sar.pk]),
    "subject_access:extend": ("dpo", lambda r: [r.sar.pk]),
    "subject_access:build": ("dpo", lambda r: [r.sar.pk]),
    "cases:term_date_remove": ("scpo_a", lambda r: []),
    "cases:transfer_share": ("scpo_a", lambda r: [sent_transfer(r).pk]),
}


def _names(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            names |= _names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_page_is_either_walked_or_shows_no_personal_data():
    names = _names(get_resolver().url_patterns)
    classified = WALK.keys() | NO_PERSONAL_DATA | POSTED_ONLY.keys()
    assert names - classified == set(), "classify the new pages"
    assert classified - names == set(), "pages that are gone"


@pytest.mark.parametrize("name", sorted(POSTED_ONLY))
def test_an_action_posted_from_a_record_page_renders_nothing_of_its_own(name, register):
    actor, ids = POSTED_ONLY[name]
    response = register.client_for(actor).get(reverse(name, args=ids(register)))
    assert response.status_code == 405


@pytest.mark.parametrize("name", sorted(WALK))
def test_a_page_showing_personal_data_logs_the_read(name, register):
    actor, ids, query, download = WALK[name]
    user = getattr(register, actor)
    url = reverse(name, args=ids(register))
    if query:
        url += "?" + query.format(case=register.case.pk, incoming=register.incoming.pk)
    since = timezone.now()
    response = register.client_for(actor).get(url)
    assert response.status_code == 200, f"{name} as {actor}: {response.status_code}"
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content).decode("latin-1")
    else:
        body = response.content.decode("utf-8", "replace")
    shows_someone = download or any(s in body for s in ("Jamie", "Reed", "Neighbourly"))
    logged = AccessEvent.objects.filter(user=user, at__gte=since).exists()
    if shows_someone:
        assert logged, f"{name} shows personal data to {actor} without logging the read"
