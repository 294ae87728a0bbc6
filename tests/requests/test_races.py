"""Two people acting on one request at once: one wins, the other changes
nothing and is told plainly what happened.

Each change claims the request's row (SELECT ... FOR UPDATE) and re-checks its
status on the locked row. The threaded tests need real row locks, so they run
on PostgreSQL (CI runs on it); the others act with a copy of the request read
before the other person's change, which is what the loser of a race holds, and
run everywhere."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from requests import services
from requests.models import EventKind, InformationRequest, Outcome, Status
from sharing.roles import Role
from tests.cases.factories import team_member
from tests.races import postgresql_only, refusals

from .factories import World, answer


def _fresh(request: InformationRequest) -> InformationRequest:
    """A copy as a page would have read it."""
    return InformationRequest.objects.get(pk=request.pk)


def _answer(user: Any, request: InformationRequest, text: str) -> None:
    answer(
        user=user,
        request=request,
        outcome=Outcome.SHARED,
        response_status="fact",
        response_text=text,
    )


def _kinds(request: InformationRequest, kind: str) -> int:
    return request.events.filter(kind=kind).count()


# --- Read before the other person's change (any database) ---------------------


@pytest.mark.django_db
def test_a_second_answer_from_a_stale_page_is_refused_and_the_first_text_kept():
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    first, second = _fresh(request), _fresh(request)

    _answer(world.scpo_a, first, "Attendance 92%.")
    with pytest.raises(ValidationError, match="This request was answered a moment ago"):
        _answer(world.scpo_a, second, "Attendance 85%.")

    request.refresh_from_db()
    assert request.response_text == "Attendance 92%."
    assert _kinds(request, EventKind.ANSWERED) == 1


@pytest.mark.django_db
def test_a_second_close_is_refused_and_the_first_feedback_kept():
    world = World()
    colleague = team_member(world.team, roles=[Role.UNIT_STAFF])
    request = world.s14b_to(world.school_a, world.scpo_a)
    _answer(world.scpo_a, request, "Attendance 92%.")
    first, second = _fresh(request), _fresh(request)

    services.request_close(user=world.worker, request=first, feedback="It helped the panel.")
    with pytest.raises(ValidationError, match="This request was closed a moment ago"):
        services.request_close(user=colleague, request=second, feedback="Thanks, noted.")

    request.refresh_from_db()
    assert request.feedback == "It helped the panel."
    assert _kinds(request, EventKind.CLOSED) == 1


@pytest.mark.django_db
def test_withdrawing_a_request_just_answered_is_refused():
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    seen_by_team = _fresh(request)

    _answer(world.scpo_a, request, "Attendance 92%.")
    with pytest.raises(ValidationError, match="This request was answered a moment ago"):
        services.request_withdraw(user=world.worker, request=seen_by_team, reason="Not needed")

    request.refresh_from_db()
    assert request.status == Status.ANSWERED
    assert _kinds(request, EventKind.WITHDRAWN) == 0


@pytest.mark.django_db
def test_answering_a_request_just_withdrawn_is_refused():
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    seen_by_scpo = _fresh(request)

    services.request_withdraw(user=world.worker, request=request, reason="Not needed")
    with pytest.raises(ValidationError, match="This request was withdrawn a moment ago"):
        _answer(world.scpo_a, seen_by_scpo, "Attendance 92%.")

    request.refresh_from_db()
    assert (request.status, request.response_text) == (Status.WITHDRAWN, "")
    assert _kinds(request, EventKind.ANSWERED) == 0


@pytest.mark.django_db
def test_a_second_clarification_and_a_second_start_are_refused():
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    services.request_ask_clarification(user=world.scpo_a, request=request, question="Which term?")
    first, second = _fresh(request), _fresh(request)

    services.request_give_clarification(user=world.worker, request=first, answer="Autumn 2025.")
    with pytest.raises(ValidationError, match="The question on this request was answered"):
        services.request_give_clarification(user=world.worker, request=second, answer="Autumn.")
    assert _kinds(request, EventKind.CLARIFICATION_GIVEN) == 1

    first, second = _fresh(request), _fresh(request)
    services.request_start(user=world.scpo_a, request=first)
    with pytest.raises(ValidationError, match="Work on this request started a moment ago"):
        services.request_start(user=world.scpo_a, request=second)
    assert _kinds(request, EventKind.IN_PROGRESS) == 1


@pytest.mark.django_db
def test_the_due_date_of_a_request_just_answered_does_not_change():
    from datetime import date

    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    seen_by_team = _fresh(request)

    _answer(world.scpo_a, request, "Attendance 92%.")
    with pytest.raises(ValidationError, match="answered a moment ago"):
        services.request_change_due(
            user=world.worker, request=seen_by_team, due_on=date(2027, 1, 29), reason="More time"
        )
    request.refresh_from_db()
    assert request.due_on == date(2026, 12, 7)


# --- At the same moment, each on its own connection (PostgreSQL) --------------


def _one_won(results: list[Exception | None], message: str) -> int:
    """The winner's index; the loser was told ``message`` in plain words."""
    losers = [r for r in results if r is not None]
    assert len(losers) == 1, results
    assert isinstance(losers[0], ValidationError) and losers[0].messages == [message]
    return results.index(None)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_answers_at_once_give_one_answered_event_and_keep_the_winners_text():
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    texts = ["Attendance 92%.", "Attendance 85%."]
    copies = [_fresh(request), _fresh(request)]

    results = refusals(
        *(lambda c=c, t=t: _answer(world.scpo_a, c, t) for c, t in zip(copies, texts, strict=True))
    )

    winner = _one_won(results, "This request was answered a moment ago.")
    request.refresh_from_db()
    assert request.response_text == texts[winner]
    assert _kinds(request, EventKind.ANSWERED) == 1
    # The loser's decision went with its answer: one decision, one disclosure.
    (decision,) = request.decisions.all()
    assert [i.text for d in decision.disclosures.all() for i in d.items.all()] == [texts[winner]]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_closes_at_once_give_one_close_and_keep_the_winners_feedback():
    world = World()
    colleague = team_member(world.team, roles=[Role.UNIT_STAFF])
    request = world.s14b_to(world.school_a, world.scpo_a)
    _answer(world.scpo_a, request, "Attendance 92%.")
    feedback = ["It helped the panel.", "Thanks, noted."]
    people = [world.worker, colleague]
    copies = [_fresh(request), _fresh(request)]

    results = refusals(
        *(
            lambda u=u, c=c, f=f: services.request_close(user=u, request=c, feedback=f)
            for u, c, f in zip(people, copies, feedback, strict=True)
        )
    )

    winner = _one_won(results, "This request was closed a moment ago.")
    request.refresh_from_db()
    assert (request.status, request.feedback) == (Status.CLOSED, feedback[winner])
    assert _kinds(request, EventKind.CLOSED) == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_withdraw_racing_an_answer_leaves_one_consistent_outcome():
    world = World()
    request = world.s14b_to(world.school_a, world.scpo_a)
    for_team, for_scpo = _fresh(request), _fresh(request)

    results = refusals(
        lambda: services.request_withdraw(user=world.worker, request=for_team, reason="Not needed"),
        lambda: _answer(world.scpo_a, for_scpo, "Attendance 92%."),
    )

    losers = [r for r in results if r is not None]
    assert len(losers) == 1 and isinstance(losers[0], ValidationError), results
    request.refresh_from_db()
    if results[0] is None:  # the withdrawal won
        assert losers[0].messages == ["This request was withdrawn a moment ago."]
        assert request.status == Status.WITHDRAWN and request.response_text == ""
        assert (_kinds(request, EventKind.WITHDRAWN), _kinds(request, EventKind.ANSWERED)) == (1, 0)
    else:
        assert losers[0].messages == ["This request was answered a moment ago."]
        assert request.status == Status.ANSWERED
        assert (_kinds(request, EventKind.WITHDRAWN), _kinds(request, EventKind.ANSWERED)) == (0, 1)
