"""Two DPOs (or a DPO and a hold) acting on one record at once: one wins, the
other changes nothing and is told plainly what happened.

Each decision claims the record's retention state (and a hold its hold) with
SELECT ... FOR UPDATE and re-checks it on the locked row. The threaded tests
need real row locks, so they run on PostgreSQL (CI runs on it); the others act
with a copy read before the other person's change, which is what the loser of
a race holds, and run everywhere."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from cases import services as case_services
from cases.models import Case
from retention.models import LegalHold, RetentionState, Status
from retention.services import retention_sweep, review
from sharing.roles import Role
from tests.cases.factories import PersonFactory, make_team, team_member
from tests.races import at_once, postgresql_only
from tests.sharing.factories import OrganisationFactory, UserFactory

from .factories import ensure_rules

NEXT_REVIEW = date(2027, 12, 1)


def _due_case() -> tuple[Case, RetentionState]:
    ensure_rules()
    team = make_team(organisation=OrganisationFactory(kind="school", name="Riverside"))
    user = team_member(team)
    child: Any = PersonFactory(owning_team=team, date_of_birth=date(2001, 8, 31))
    case = case_services.case_open(
        user=user, team=team, child=child, summary="s", reason="r", opened_on=date(2015, 1, 5)
    )
    retention_sweep(date(2027, 9, 1))
    state = RetentionState.objects.get(record_type="case", object_id=case.pk)
    assert state.status == Status.DUE_DISPOSAL
    return case, state


def _fresh(state: RetentionState) -> RetentionState:
    return RetentionState.objects.get(pk=state.pk)


def _dpos() -> tuple[Any, Any]:
    return UserFactory(roles=[Role.DPO]), UserFactory(roles=[Role.DPO])


def _decisions(state: RetentionState) -> list[str]:
    """The DPOs' history rows on the state (the sweep's left out)."""
    return list(
        state.history.exclude(history_change_reason="Retention sweep")
        .order_by("history_id")
        .values_list("history_change_reason", flat=True)
    )


def _one_loser(outcomes: list[Any]) -> ValidationError:
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1, outcomes
    assert isinstance(errors[0], ValidationError), errors[0]
    return errors[0]


# --- Read before the other person's change (any database) ---------------------


@pytest.mark.django_db
def test_retaining_a_record_approved_a_moment_ago_changes_nothing():
    _case, state = _due_case()
    first, second = _dpos()
    stale = _fresh(state)
    review.states_approve_disposal(user=first, states=[_fresh(state)])
    with pytest.raises(ValidationError, match="approved for disposal a moment ago"):
        review.state_retain(user=second, state=stale, reason="Sibling", next_review_on=NEXT_REVIEW)
    state.refresh_from_db()
    assert (state.status, state.retain_reason, state.approved_by) == (Status.APPROVED, "", first)
    assert _decisions(state) == ["Disposal approved"]


@pytest.mark.django_db
def test_approving_a_record_retained_a_moment_ago_changes_nothing():
    _case, state = _due_case()
    first, second = _dpos()
    stale = _fresh(state)
    review.state_retain(
        user=first, state=_fresh(state), reason="Sibling", next_review_on=NEXT_REVIEW
    )
    with pytest.raises(ValidationError, match="retained a moment ago"):
        review.states_approve_disposal(user=second, states=[stale])
    state.refresh_from_db()
    assert state.status == Status.RETAINED and state.approved_by is None


@pytest.mark.django_db
def test_a_second_lift_from_a_stale_page_is_refused_and_the_first_reason_kept():
    case, _state = _due_case()
    first, second = _dpos()
    hold = review.hold_place(user=first, record=case, reason="Inquiry")
    stale = LegalHold.objects.get(pk=hold.pk)
    review.hold_lift(user=first, hold=LegalHold.objects.get(pk=hold.pk), reason="Inquiry closed")
    with pytest.raises(ValidationError, match=r"This hold was lifted a moment ago\."):
        review.hold_lift(user=second, hold=stale, reason="Not needed")
    hold.refresh_from_db()
    assert (hold.lift_reason, hold.lifted_by) == ("Inquiry closed", first)
    assert hold.history.filter(history_change_reason__startswith="Legal hold lifted").count() == 1


@pytest.mark.django_db
def test_a_hold_placed_after_approval_sends_the_record_back_to_review_with_history():
    case, state = _due_case()
    first, second = _dpos()
    review.states_approve_disposal(user=first, states=[state])
    review.hold_place(user=second, record=case, reason="Practice review")
    state.refresh_from_db()
    assert state.status == Status.DUE_REVIEW and state.approved_by is None
    # The old code changed the state with .update(): no history row said why.
    latest = state.history.order_by("-history_id").first()
    assert (latest.status, latest.history_user) == (Status.DUE_REVIEW, second)
    assert latest.history_change_reason == "Legal hold placed: back to review"


# --- At the same moment, each on its own connection (PostgreSQL) --------------


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_retain_and_approve_at_once_one_wins_and_the_other_changes_nothing():
    _case, state = _due_case()
    first, second = _dpos()
    outcomes = at_once(
        lambda: review.state_retain(
            user=first, state=_fresh(state), reason="Sibling", next_review_on=NEXT_REVIEW
        ),
        lambda: review.states_approve_disposal(user=second, states=[_fresh(state)]),
    )
    loser = _one_loser(outcomes)
    state.refresh_from_db()
    if state.status == Status.RETAINED:
        assert "retained a moment ago" in str(loser) and state.approved_by is None
    else:
        assert state.status == Status.APPROVED and state.retain_reason == ""
        assert "approved for disposal a moment ago" in str(loser)
    assert len(_decisions(state)) == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_one_wins_and_the_other_is_told():
    _case, state = _due_case()
    first, second = _dpos()
    outcomes = at_once(
        lambda: review.states_approve_disposal(user=first, states=[_fresh(state)]),
        lambda: review.states_approve_disposal(user=second, states=[_fresh(state)]),
    )
    loser = _one_loser(outcomes)
    assert "This record was approved for disposal a moment ago." in str(loser)
    state.refresh_from_db()
    assert state.status == Status.APPROVED
    assert _decisions(state) == ["Disposal approved"]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_lifts_at_once_one_wins_and_the_other_is_told():
    case, _state = _due_case()
    first, second = _dpos()
    hold = review.hold_place(user=first, record=case, reason="Inquiry")
    outcomes = at_once(
        lambda: review.hold_lift(
            user=first, hold=LegalHold.objects.get(pk=hold.pk), reason="Inquiry closed"
        ),
        lambda: review.hold_lift(
            user=second, hold=LegalHold.objects.get(pk=hold.pk), reason="Not needed"
        ),
    )
    loser = _one_loser(outcomes)
    assert "This hold was lifted a moment ago." in str(loser)
    hold.refresh_from_db()
    assert hold.lift_reason in {"Inquiry closed", "Not needed"}
    assert hold.history.filter(history_change_reason__startswith="Legal hold lifted").count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_hold_placed_while_approval_races_never_leaves_an_approved_held_record():
    case, state = _due_case()
    first, second = _dpos()
    outcomes = at_once(
        lambda: review.hold_place(user=first, record=case, reason="Practice review"),
        lambda: review.states_approve_disposal(user=second, states=[_fresh(state)]),
    )
    assert isinstance(outcomes[0], LegalHold), outcomes  # a hold is always placed
    state.refresh_from_db()
    assert state.status != Status.APPROVED and state.approved_by is None
    if isinstance(outcomes[1], Exception):  # the hold came first: approval refused
        assert "under legal hold" in str(outcomes[1])
    else:  # the approval came first: the hold sent it back to review
        assert state.status == Status.DUE_REVIEW
    assert LegalHold.objects.filter(object_id=case.pk, lifted_at__isnull=True).count() == 1
