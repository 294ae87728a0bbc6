"""The DPO's "newly due" notice counts what became due since the last notice
was sent, whatever each sweep run changed."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

import retention.services.facts as facts
import retention.services.sweep as sweep
from cases import services as case_services
from retention.models import DueNotice, RetentionState, Status, SweepRun
from retention.tasks import retention_sweep_task
from sharing.roles import Role
from tests.cases.factories import PersonFactory, make_team, team_member
from tests.sharing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2027, 9, 1)


class Killed(BaseException):
    """Stands for the process being killed: not an Exception, so nothing catches it."""


@pytest.fixture
def dpo():
    return UserFactory(roles=[Role.DPO], email="dpo@partnership.example")


def _due_cases(n):
    team = make_team(organisation=OrganisationFactory(kind="school", name="Riverside"))
    user = team_member(team)
    for i in range(n):
        child = PersonFactory(owning_team=team, date_of_birth=date(2001, 1, 1) + timedelta(days=i))
        case_services.case_open(
            user=user, team=team, child=child, summary="s", reason="r", opened_on=date(2015, 1, 5)
        )


def test_a_sweep_killed_after_flagging_and_rerun_still_tells_the_dpo_about_every_record(
    dpo, monkeypatch, time_machine
):
    time_machine.move_to("2027-09-01 02:30Z", tick=True)
    _due_cases(8)
    monkeypatch.setattr(facts, "BATCH", 5)
    real_batch, real_release = sweep._sweep_batch, sweep._release
    calls = {"n": 0}

    def dying_batch(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Killed
        return real_batch(*args, **kwargs)

    monkeypatch.setattr(sweep, "_sweep_batch", dying_batch)
    monkeypatch.setattr(sweep, "_release", lambda run: None)
    with pytest.raises(Killed):  # killed after flagging five, before any notice
        sweep.retention_sweep(TODAY)
    assert RetentionState.objects.filter(status=Status.DUE_DISPOSAL).count() == 5
    assert not mail.outbox

    SweepRun.objects.filter(running=True).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    monkeypatch.setattr(sweep, "_sweep_batch", real_batch)
    monkeypatch.setattr(sweep, "_release", real_release)
    result = retention_sweep_task()

    assert result["newly_due"] == 3  # what this run changed
    assert [m.subject for m in mail.outbox] == ["Retention: 8 records newly due"]
    assert DueNotice.objects.get().newly_due == 8


def test_the_next_notice_counts_only_what_became_due_since_and_says_nothing_if_none(
    dpo, time_machine
):
    time_machine.move_to("2027-09-01 02:30Z", tick=True)
    _due_cases(2)
    retention_sweep_task()
    assert [m.subject for m in mail.outbox] == ["Retention: 2 records newly due"]

    time_machine.move_to("2027-09-02 02:30Z", tick=True)
    retention_sweep_task()  # nothing new
    assert len(mail.outbox) == 1

    _due_cases(1)
    time_machine.move_to("2027-09-03 02:30Z", tick=True)
    retention_sweep_task()
    assert mail.outbox[-1].subject == "Retention: 1 record newly due"


def test_records_flagged_while_no_dpo_could_be_told_are_told_later(time_machine):
    time_machine.move_to("2027-09-01 02:30Z", tick=True)
    _due_cases(2)
    retention_sweep_task()  # no DPO with an address yet
    assert not mail.outbox and not DueNotice.objects.exists()

    UserFactory(roles=[Role.DPO], email="dpo@partnership.example")
    time_machine.move_to("2027-09-02 02:30Z", tick=True)
    retention_sweep_task()
    assert [m.subject for m in mail.outbox] == ["Retention: 2 records newly due"]
