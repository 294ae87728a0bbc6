"""Need-to-know, object by object: every kind of record, tried by every kind of
actor, for each thing one can do to it. Expected: the allowed actors get the
page (or the change is made); everyone else gets "not found" (or "forbidden"),
is sent to sign in, or to the second factor, and never sees the child's name,
the protected neighbour, the decision's rationale or what was disclosed."""

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

from retention.models import LegalHold
from tests.guarantees.world import ACTORS, ITEM, Register, sent_transfer

pytestmark = pytest.mark.django_db

DENIED = {403, 404}
STAFF_OF_THE_CASE = frozenset({"worker", "named", "manager_bg"})
STATISTICS = frozenset({"manager", "manager_bg", "manager_other", "dpo", "business_manager"})


@dataclass(frozen=True)
class Action:
    name: str
    url: Any  # (Register) -> str
    allowed: frozenset[str]
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)
    # Those who get the page without the narrative: metadata only.
    metadata_only: frozenset[str] = frozenset()
    # What a permitted actor may see of the secrets (the SCPO answering sees
    # the child the request is about, never a protected identity).
    may_see: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _u(name: str, *attrs: str) -> Any:
    return lambda r: reverse(name, args=[getattr(r, a).pk for a in attrs])


ACTIONS = [
    Action("case: read", _u("cases:case_detail", "case"), STAFF_OF_THE_CASE),
    Action("case: change", _u("cases:case_edit", "case"), frozenset({"worker"})),
    Action("case categories: change", _u("cases:case_categories", "case"), frozenset({"worker"})),
    Action("person: read", _u("cases:person_detail", "child"), STAFF_OF_THE_CASE),
    Action("person: change", _u("cases:person_edit", "child"), frozenset({"worker"})),
    Action(
        "chronology entry: change",
        lambda r: reverse("cases:chronology_edit", args=[r.case.pk, r.entry.pk]),
        frozenset({"worker"}),
    ),
    Action(
        "request: read",
        _u("requests:request_detail", "request"),
        frozenset({"worker", "scpo_a"}),
        may_see={"scpo_a": ("Jamie", "Reed")},
    ),
    Action(
        "request: answer (recording the decision)",
        _u("decisions:answer_request", "request"),
        frozenset({"scpo_a"}),
        method="post",
        data={"outcome": ""},
        may_see={"scpo_a": ("Jamie", "Reed")},
    ),
    Action(
        "request: change due date",
        _u("requests:change_due", "request"),
        frozenset({"worker"}),
        method="post",
        data={"due_on": "2027-01-04", "reason": "The school is closed for a week."},
    ),
    Action("request: export", _u("requests:export", "answered"), frozenset({"worker"})),
    Action(
        "attachment: download",
        _u("requests:attachment_download", "attachment"),
        frozenset({"worker", "scpo_a"}),
    ),
    Action("export: download", _u("requests:export_download", "export"), frozenset({"worker"})),
    Action(
        "decision: read",
        _u("decisions:decision_detail", "decision"),
        STAFF_OF_THE_CASE,
        # Oversight without the narrative: outcome, dates, gateway, basis.
        metadata_only=frozenset({"dpo", "manager"}),
    ),
    Action("decision: download", _u("decisions:decision_pdf", "decision"), STAFF_OF_THE_CASE),
    Action(
        "disclosure: record",
        _u("decisions:disclosure_new", "decision"),
        frozenset({"worker"}),
    ),
    Action("retention state, hold, certificate: read", lambda r: reverse("retention:dashboard"),
           frozenset({"dpo"})),
    Action(
        "retention state: change",
        _u("retention:retain", "state"),
        frozenset({"dpo"}),
        method="post",
        data={"reason": "Practice review pending.", "next_review_on": "2028-01-01"},
    ),
    Action(
        "hold: place",
        lambda r: reverse("retention:hold"),
        frozenset({"dpo"}),
        method="post",
        data={"reference": "{case_reference}", "reason": "Inquiry into the family court case."},
    ),
    # Counts only, for the partnership's annual report: no record and no one's
    # details, so every manager, the DPO and the business manager.
    Action(
        "statistics: read",
        lambda r: reverse("reports:overview"),
        STATISTICS,
    ),
    Action(
        "statistics: download the CSV",
        lambda r: reverse("reports:figures_csv"),
        STATISTICS,
    ),
    Action(
        "statistics: download the PDF",
        lambda r: reverse("reports:figures_pdf"),
        STATISTICS,
    ),
    Action(
        "chronology entry: mark not to be disclosed to its subject",
        lambda r: reverse("cases:chronology_not_for_subject", args=[r.case.pk, r.entry.pk]),
        frozenset({"worker"}),
    ),
    Action(
        "attachment: mark not to be disclosed to its subject",
        _u("requests:attachment_not_for_subject", "attachment"),
        # The team that recorded the request, and the school that answered with it.
        frozenset({"worker", "scpo_a"}),
        may_see={"scpo_a": ("Jamie", "Reed")},
    ),
    Action(
        "disclosure item: mark not to be disclosed to its subject",
        lambda r: reverse(
            "decisions:item_not_for_subject", args=[r.decision.pk, r.disclosure.items.get().pk]
        ),
        frozenset({"worker"}),
    ),
    Action("subject access request: read", _u("subject_access:detail", "sar"), frozenset({"dpo"})),
    Action(
        "subject access pack: review an item",
        lambda r: reverse("subject_access:item", args=[r.sar.pk, r.sar_item.pk]),
        frozenset({"dpo"}),
        method="post",
        data={"decision": "include"},
    ),
    Action(
        "subject access pack: download",
        _u("subject_access:download", "released_sar"),
        frozenset({"dpo"}),
    ),
    # Moving a child's file: the sending team and the receiving lead, nobody else.
    Action(
        "transfer: read the file",
        lambda r: reverse("cases:transfer_detail", args=[sent_transfer(r).pk]),
        frozenset({"worker", "scpo_a"}),
        # The file carries the case's chronology, which records what was
        # shared (the disclosed item); never the protected neighbour.
        may_see={"scpo_a": ("Jamie", "Reed", ITEM)},
    ),
    Action(
        "transfer: confirm receipt",
        lambda r: reverse("cases:transfer_receive", args=[sent_transfer(r).pk]),
        frozenset({"scpo_a"}),
        method="post",
        data={"team": ""},
        may_see={"scpo_a": ("Jamie", "Reed")},
    ),
    Action(
        "transfer: cancel",
        lambda r: reverse("cases:transfer_cancel", args=[sent_transfer(r).pk]),
        frozenset({"worker"}),
    ),
]


def _expected_denial(actor: str, status: int, response: Any) -> bool:
    if actor in {"anonymous", "inactive"}:
        return status == 302 and "/accounts/login/" in response["Location"]
    if actor == "unverified":
        return status == 302 and "two-factor" in response["Location"]
    return status in DENIED


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode("utf-8", "replace")


def _state(register: Register) -> tuple[Any, ...]:
    register.state.refresh_from_db()
    register.request.refresh_from_db()
    return (
        register.state.status,
        register.state.retain_reason,
        LegalHold.objects.count(),
        register.request.status,
        register.request.due_on,
        register.request.events.count(),
    )


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_each_actor_gets_only_what_they_need_to_know(action, register):
    url = action.url(register)
    data = {
        key: value.format(case_reference=register.case.reference)
        for key, value in action.data.items()
    }
    problems = []
    # Permitted actors last: their change must not hide a denied actor's.
    for actor in sorted(ACTORS, key=lambda a: a in action.allowed):
        client = register.client_for(actor)
        before = _state(register)
        response = getattr(client, action.method)(url, data) if data else getattr(
            client, action.method
        )(url)
        body = _body(response)
        allowed = actor in action.allowed or actor in action.metadata_only
        if allowed:
            # A permitted post is made (302) or shown again with its messages
            # (200, or 400 where the page says the form was refused).
            ok = response.status_code in ({200, 302, 400} if action.method == "post" else {200})
        else:
            ok = _expected_denial(actor, response.status_code, response)
            if action.method == "post" and _state(register) != before:
                problems.append(f"{actor}: was refused but the record changed")
        if not ok:
            problems.append(f"{actor}: got {response.status_code}")
        shown = [
            secret
            for secret in Register.SECRETS
            if secret in body and secret not in action.may_see.get(actor, ())
        ]
        if shown and (not allowed or actor in action.metadata_only or actor in action.may_see):
            problems.append(f"{actor}: the page shows {shown}")
    assert not problems, f"{action.name}: " + "; ".join(problems)


def test_the_matrix_covers_every_actor_and_object():
    # The list: a new kind of actor or object must be added here too.
    assert len(ACTORS) == 15
    names = " ".join(a.name for a in ACTIONS)
    for thing in ("case", "person", "chronology", "request", "attachment", "export",
                  "decision", "disclosure", "retention state", "hold", "certificate",
                  "statistics", "subject access", "transfer"):
        assert thing in names


def test_the_decision_record_page_stays_within_its_query_budget(
    register, django_assert_max_num_queries
):
    # The need-to-know question is asked by several parts of the page: once.
    client = register.client_for("worker")
    url = reverse("decisions:decision_detail", args=[register.decision.pk])
    client.get(url)
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200


def test_the_business_manager_opens_no_record_at_all(register):
    """Every record's page, action and download in the matrix refuses the
    partnership business manager: statistics only."""
    client = register.client_for("business_manager")
    for action in ACTIONS:
        if action.name.startswith("statistics"):
            continue
        response = getattr(client, action.method)(action.url(register))
        assert response.status_code in DENIED, f"{action.name}: {response.status_code}"
