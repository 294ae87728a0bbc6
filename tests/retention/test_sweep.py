"""The sweep flags exactly the records due, for a given day."""

from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cases import services as case_services
from cases.models import Case
from retention.models import LegalHold, RetentionState, Status, SweepRun
from retention.services import SweepAlreadyRunning, retention_sweep
from sharing.models import OrganisationKind
from tests.cases.factories import PersonFactory, make_team, team_member
from tests.sharing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    team = make_team(
        organisation=OrganisationFactory(kind=OrganisationKind.SCHOOL, name="Riverside")
    )
    return team, team_member(team)


@pytest.fixture
def unit():
    team = make_team(
        organisation=OrganisationFactory(kind=OrganisationKind.SAFEGUARDING_PARTNERSHIP)
    )
    return team, team_member(team)


def _case(team_and_user, date_of_birth, opened_on=date(2015, 1, 5)):
    team, user = team_and_user
    child = PersonFactory(owning_team=team, date_of_birth=date_of_birth)
    return case_services.case_open(
        user=user, team=team, child=child, summary="s", reason="r", opened_on=opened_on
    )


def _state(case):
    return RetentionState.objects.get(
        content_type=ContentType.objects.get_for_model(Case), object_id=case.pk
    )


@pytest.mark.parametrize(
    ("date_of_birth", "day_before_due", "due"),
    [
        (date(2001, 8, 31), date(2027, 8, 30), date(2027, 8, 31)),  # 25 on 31 August
        (date(2001, 9, 1), date(2028, 8, 30), date(2028, 8, 31)),  # 25 on 1 September
        (date(2004, 2, 29), date(2030, 8, 30), date(2030, 8, 31)),  # 29 February
    ],
)
def test_school_records_fall_due_for_disposal_on_the_right_31_august(
    school, date_of_birth, day_before_due, due
):
    case = _case(school, date_of_birth)

    retention_sweep(day_before_due)
    assert (_state(case).status, _state(case).due_on) == (Status.NOT_DUE, due)

    retention_sweep(due)
    assert _state(case).status == Status.DUE_DISPOSAL
    assert _state(case).flagged_on == due


def test_unit_records_fall_due_for_review_six_years_after_closure(unit, time_machine):
    _team, user = unit
    time_machine.move_to("2020-02-01 10:00Z")
    case = _case(unit, date(2012, 3, 3), opened_on=date(2019, 6, 1))
    case_services.case_close(user=user, case=case, closed_on=date(2020, 1, 15), reason="Closed")
    open_case = _case(unit, date(2012, 3, 3))

    retention_sweep(date(2026, 1, 15))

    assert (_state(case).status, _state(case).due_on) == (Status.DUE_REVIEW, date(2026, 1, 15))
    # Never closed: reviewed six years after its last activity (recorded 1 February 2020).
    state = _state(open_case)
    assert (state.status, state.due_on, state.by_fallback) == (
        Status.NOT_DUE,
        date(2026, 2, 1),
        True,
    )
    retention_sweep(date(2026, 2, 1))
    assert _state(open_case).status == Status.DUE_REVIEW


def test_a_record_under_legal_hold_is_never_flagged_for_disposal(school):
    case = _case(school, date(2001, 8, 31))
    dpo = UserFactory()
    LegalHold.objects.create(
        content_type=ContentType.objects.get_for_model(Case),
        object_id=case.pk,
        reason="Child safeguarding practice review",
        placed_by=dpo,
    )
    retention_sweep(date(2027, 9, 1))
    assert _state(case).status == Status.DUE_REVIEW


def test_a_retained_record_waits_for_its_next_review(school):
    case = _case(school, date(2001, 8, 31))
    retention_sweep(date(2027, 9, 1))
    RetentionState.objects.filter(pk=_state(case).pk).update(
        status=Status.RETAINED, next_review_on=date(2028, 3, 1), retain_reason="Sibling's case open"
    )
    retention_sweep(date(2028, 2, 29))
    assert _state(case).status == Status.RETAINED
    retention_sweep(date(2028, 3, 1))
    assert _state(case).status == Status.DUE_REVIEW


def test_running_the_sweep_twice_changes_nothing_more(school, unit):
    for born in (date(2001, 8, 31), date(2001, 9, 1), date(2010, 1, 1)):
        _case(school, born)
    first = retention_sweep(date(2027, 9, 1))
    history = RetentionState.history.count()
    second = retention_sweep(date(2027, 9, 1))
    assert (first.changed, first.newly_due) == (3, 1)
    assert (second.changed, second.newly_due) == (0, 0)
    assert RetentionState.history.count() == history


def test_the_sweep_records_who_acted_and_why(school):
    case = _case(school, date(2001, 8, 31))
    retention_sweep(date(2027, 9, 1))
    state = _state(case)
    record = state.history.get()
    assert (record.history_type, record.status, record.due_on) == ("+", state.status, state.due_on)
    assert record.history_user.username == "system-retention"
    assert record.history_change_reason == "Retention sweep"
    assert not record.history_user.is_active


def test_two_sweeps_never_run_at_once_but_a_dead_one_gives_way(school):
    SweepRun.objects.create(today=date(2027, 9, 1), heartbeat_at=timezone.now())
    with pytest.raises(SweepAlreadyRunning):
        retention_sweep(date(2027, 9, 1))
    SweepRun.objects.filter(running=True).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    run = retention_sweep(date(2027, 9, 1))
    assert not run.running and run.finished_at is not None


def test_the_sweep_reads_in_batches_not_per_record(
    school, django_assert_max_num_queries, monkeypatch
):
    import retention.services.facts as services

    for born in range(12):
        _case(school, date(2001, 1, 1) + timedelta(days=born))
    monkeypatch.setattr(services, "BATCH", 5)
    retention_sweep(date(2020, 1, 1))  # creates states
    # 12 records in 3 batches, at most 20 queries each, and one read for each
    # of the two record types added since this budget was set (transfers and
    # subject access requests: none here).
    with django_assert_max_num_queries(62):
        retention_sweep(date(2027, 9, 1))


def test_agreements_are_flagged_a_month_before_their_review_date():
    from sharing.models import Agreement

    agreement = Agreement.objects.create(
        title="Schools and unit DSA",
        purpose="Safeguarding",
        starts_on=date(2025, 1, 1),
        review_on=date(2027, 1, 31),
    )
    content_type = ContentType.objects.get_for_model(Agreement)
    retention_sweep(date(2026, 12, 31))
    state = RetentionState.objects.get(content_type=content_type, object_id=agreement.pk)
    assert state.status == Status.NOT_DUE
    retention_sweep(date(2027, 1, 1))
    state.refresh_from_db()
    assert (state.status, state.due_on) == (Status.DUE_REVIEW, date(2027, 1, 31))
