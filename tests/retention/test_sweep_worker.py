"""A sweep killed halfway, then run again by a real worker (Redis in CI), ends
in the same state as one uninterrupted run."""

import threading
import time
from datetime import date, timedelta

import pytest
from django.utils import timezone

import retention.services.facts as facts
import retention.services.sweep as sweep
from cases import services as case_services
from retention.models import RetentionState, SweepChunk, SweepRun
from retention.tasks import retention_sweep_task
from tests.cases.factories import PersonFactory, make_team, team_member
from tests.sharing.factories import OrganisationFactory

from .factories import ensure_rules

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = date(2027, 9, 1)


class Killed(BaseException):
    """Stands for the process being killed: not an Exception, so nothing catches it."""


def _expected(born: date) -> tuple[str, date]:
    due = sweep.rules.school_record_disposal_date(born)
    return ("due_disposal" if due <= TODAY else "not_due"), due


def test_a_killed_sweep_rerun_by_the_worker_completes_the_work(
    celery_worker, monkeypatch, time_machine
):
    time_machine.move_to("2027-09-01 02:30Z", tick=True)
    ensure_rules()
    team = make_team(organisation=OrganisationFactory(kind="school", name="Riverside"))
    user = team_member(team)
    births = [
        date(2001, 8, 25) + timedelta(days=i) for i in range(14)
    ]  # either side of 1 September
    cases = {}
    for born in births:
        child = PersonFactory(owning_team=team, date_of_birth=born)
        cases[born] = case_services.case_open(
            user=user, team=team, child=child, summary="s", reason="r", opened_on=date(2015, 1, 5)
        )
    monkeypatch.setattr(facts, "BATCH", 5)

    # The first run dies after its first batch, as if the worker were killed:
    # no clean-up runs, so its lock is left behind.
    real_batch = sweep._sweep_batch
    calls = {"n": 0}

    def dying_batch(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Killed
        return real_batch(*args, **kwargs)

    real_release = sweep._release
    monkeypatch.setattr(sweep, "_sweep_batch", dying_batch)
    monkeypatch.setattr(sweep, "_release", lambda run: None)
    with pytest.raises(Killed):
        sweep.retention_sweep(TODAY)
    assert RetentionState.objects.count() == 5  # one batch done
    assert SweepRun.objects.filter(running=True).exists()  # the dead run's lock

    # The lock goes stale; the nightly task, run by a real worker, completes the work.
    SweepRun.objects.filter(running=True).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    monkeypatch.setattr(sweep, "_sweep_batch", real_batch)
    monkeypatch.setattr(sweep, "_release", real_release)
    result = retention_sweep_task.delay().get(timeout=60)
    assert result["chunks"] >= 1
    # The chunks it fanned out are the worker's next tasks: wait for the last
    # to end the run.
    run = SweepRun.objects.latest("started_at")
    for _ in range(600):
        run.refresh_from_db()
        if not run.running:
            break
        time.sleep(0.1)
    assert not run.running

    states = {s.object_id: (s.status, s.due_on) for s in RetentionState.objects.all()}
    assert states == {case.pk: _expected(born) for born, case in cases.items()}
    assert run.processed == len(births)
    # And a further run changes nothing: the same state as one uninterrupted run.
    assert sweep.retention_sweep(TODAY).changed == 0


def test_two_workers_at_once_sweep_each_chunk_once_and_end_the_run_once(time_machine):
    """Two workers take the chunks of one sweep at the same time (threads with
    their own connections, on PostgreSQL in CI): each chunk is swept by one of
    them, the run ends once, and the states are those of one uninterrupted run."""
    time_machine.move_to("2027-09-01 02:30Z", tick=True)
    ensure_rules()
    team = make_team(organisation=OrganisationFactory(kind="school", name="Riverside"))
    user = team_member(team)
    births = [date(2001, 8, 20) + timedelta(days=i) for i in range(24)]
    cases = {}
    for born in births:
        child = PersonFactory(owning_team=team, date_of_birth=born)
        cases[born] = case_services.case_open(
            user=user, team=team, child=child, summary="s", reason="r", opened_on=date(2015, 1, 5)
        )
    run, chunk_ids = sweep.sweep_plan(TODAY, chunk_ids=3)
    assert len(chunk_ids) >= 8

    swept: list[tuple[int, bool, bool]] = []
    start = threading.Barrier(2)

    def worker() -> None:
        from django.db import connection

        try:
            start.wait()
            for chunk_id in chunk_ids:
                did, finished = sweep.sweep_chunk(chunk_id)
                swept.append((chunk_id, did, finished))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    done = [chunk_id for chunk_id, did, _ in swept if did]
    assert sorted(done) == sorted(chunk_ids)  # each chunk once, by one worker
    assert sum(1 for _, _, finished in swept if finished) == 1  # the run ends once
    run.refresh_from_db()
    assert not run.running and run.processed == RetentionState.objects.count()
    assert not SweepChunk.objects.filter(run=run, done_at__isnull=True).exists()
    states = {s.object_id: (s.status, s.due_on) for s in RetentionState.objects.all()}
    assert {pk: states[pk] for pk in (c.pk for c in cases.values())} == {
        case.pk: _expected(born) for born, case in cases.items()
    }
    # The same as one uninterrupted run: another sweep changes nothing.
    assert sweep.retention_sweep(TODAY).changed == 0
