"""The decisions page reads the latest decisions in order, not every decision of
the organisation to sort them (issue 7). PostgreSQL only: plans are its own."""

import pytest

from sharing.models import Decision, User
from sharing.selectors import disclosures_for_consent_review, latest_decisions
from tests.plans import rows_read

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["bench.manager", "bench.dpo"])
def test_a_manager_or_the_dpo_reads_the_fifty_decisions_shown(bench_register, username):
    user = User.objects.get(username=username)
    shown = latest_decisions(user)
    latest = Decision.objects.filter(organisation=user.organisation).order_by("-made_at", "-id")
    assert [d.pk for d in shown] == [d.pk for d in latest[:50]]
    assert Decision.objects.values("made_at").distinct().count() > 1000  # made over years
    assert Decision.objects.count() == 9000
    assert rows_read(shown, "sharing_decision") <= 50


def test_a_worker_reads_about_their_share_not_every_decision(bench_register):
    worker = User.objects.get(username="bench.worker.0.0")
    shown = latest_decisions(worker)
    assert len(shown) == 50
    # Their team made a tenth of the decisions: walking the latest in order
    # finds fifty of theirs in about five hundred.
    assert rows_read(shown, "sharing_decision") < 9000 / 4


def test_the_dpos_consent_review_reads_only_withdrawn_consent(bench_register):
    dpo = User.objects.get(username="bench.dpo")
    review = disclosures_for_consent_review(dpo)
    assert list(review) == []
    assert rows_read(review, "sharing_decision") == 0
