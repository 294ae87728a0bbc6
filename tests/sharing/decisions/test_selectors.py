"""The decisions page reads the latest decisions it shows, not every decision of
the organisation to sort them, whoever is looking (issue 7). PostgreSQL only:
plans are its own."""

import pytest

from sharing.decisions.selectors import (
    decisions_visible_to,
    disclosures_for_consent_review,
    latest_decisions,
)
from sharing.models import Decision, User
from tests.plans import rows_read, rows_read_by

pytestmark = pytest.mark.django_db


def _expected(user):
    """The latest 50 the user may see, the slow way."""
    return [d.pk for d in decisions_visible_to(user).order_by("-made_at", "-id")[:50]]


@pytest.mark.parametrize("username", ["bench.manager", "bench.dpo"])
def test_a_manager_or_the_dpo_reads_the_fifty_decisions_shown(bench_register, username):
    user = User.objects.get(username=username)
    assert [d.pk for d in latest_decisions(user)] == _expected(user)
    assert Decision.objects.values("made_at").distinct().count() > 1000  # made over years
    assert Decision.objects.count() == 9000
    assert rows_read_by(lambda: latest_decisions(user), "sharing_decision") <= 50


def test_a_worker_reads_about_their_share_not_every_decision(bench_register):
    worker = User.objects.get(username="bench.worker.0.0")
    assert [d.pk for d in latest_decisions(worker)] == _expected(worker)
    # Their team made a tenth of the decisions: walking the latest in order
    # finds fifty of theirs in about five hundred.
    assert rows_read_by(lambda: latest_decisions(worker), "sharing_decision") < 9000 / 4


def test_a_practitioner_given_cases_by_name_sees_the_latest_of_their_decisions(
    bench_register,
):
    """Their few granted cases named in the query: the same fifty, in the same
    order, as the whole filter gives, read from the case index (their 60
    decisions, not the organisation's 9,000)."""
    named = User.objects.get(username="bench.named")
    shown = latest_decisions(named)
    assert [d.pk for d in shown] == _expected(named)
    assert len(shown) == 50  # of the 60 decisions on their 20 cases
    assert rows_read_by(lambda: latest_decisions(named), "sharing_decision") <= 200
    assert {d.case_id for d in shown} <= set(
        decisions_visible_to(named).values_list("case_id", flat=True)
    )


def test_the_dpos_consent_review_reads_only_withdrawn_consent(bench_register):
    dpo = User.objects.get(username="bench.dpo")
    review = disclosures_for_consent_review(dpo)
    assert list(review) == []
    assert rows_read(review, "sharing_decision") == 0


def test_opening_one_decision_probes_its_request_not_every_request(bench_register):
    """A decision record checks the user may still read the decision's request
    by probing that one request, not by listing every request they may read
    (at 100,000 cases that list cost 160 ms on every decision page)."""
    from sharing.decisions.permissions import get_decision_for_user

    worker = User.objects.get(username="bench.worker.0.0")
    decision = decisions_visible_to(worker).first()
    assert decision is not None
    assert get_decision_for_user(worker, decision.pk) == decision
    read = rows_read_by(
        lambda: get_decision_for_user(worker, decision.pk), "requests_informationrequest"
    )
    assert read <= 5, read
