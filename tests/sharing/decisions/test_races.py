"""Two people acting on one decision at once: one wins, the other changes
nothing and is told plainly what happened.

Sign-off, completing an emergency record, reconsidering, recording consent
withdrawn and recording a disclosure each claim the decision's row (SELECT ...
FOR UPDATE) and re-check its state on the locked row. The threaded tests need
real row locks, so they run on PostgreSQL (CI runs on it); the others act with
a copy read before the other person's change, which is what the loser of a race
holds, and run everywhere."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from sharing.choices import ConsentNotSoughtReason, NotToldReason
from sharing.decisions import services
from sharing.models import ConsentStatus, Decision, SignOff
from sharing.roles import Role
from tests.cases.factories import team_member
from tests.races import postgresql_only, refusals
from tests.requests.factories import World
from tests.sharing.decisions.builders import (
    consent_fields,
    decision_fields,
    emergency_fields,
    refusal_fields,
)
from tests.sharing.factories import UserFactory

SIGNED = "This decision was signed off a moment ago."
RETURNED = "This decision was returned for more work a moment ago."
COMPLETED = "This emergency record was completed a moment ago."
RECONSIDERED = "This decision has already been reconsidered: reconsider the latest one."
WITHDRAWN = "Consent was recorded as withdrawn a moment ago."


def _fresh(decision: Decision) -> Decision:
    """A copy as a page would have read it."""
    return Decision.objects.get(pk=decision.pk)


def _history(decision: Decision, reason: str) -> int:
    return decision.history.filter(history_change_reason=reason).count()


def _refusal(world: World) -> Decision:
    """A decision not to share, waiting for a manager's sign-off."""
    return services.decision_record(user=world.worker, **refusal_fields())


def _emergency(world: World) -> Decision:
    return services.decision_record(
        user=world.worker, **emergency_fields(rationale="Shared by phone: immediate risk.")
    )


def _with_consent(world: World) -> Decision:
    return services.decision_record(
        user=world.worker, **consent_fields(rationale="The family agreed to the referral.")
    )


def _reconsider(user, decision: Decision, text: str) -> Decision:
    return services.decision_record(
        user=user,
        supersedes=decision,
        **decision_fields(
            new_information=text,
            rationale="New information: risk has risen.",
            consent_not_sought_reason=ConsentNotSoughtReason.INCREASE_RISK,
            not_told_reason=NotToldReason.RISK_OF_HARM,
        ),
    )


def _managers(world: World) -> list:
    return [UserFactory(organisation=world.partnership, roles=[Role.MANAGER]) for _ in range(2)]


# --- Read before the other person's change (any database) ---------------------


@pytest.mark.django_db
def test_a_second_sign_off_from_a_stale_page_is_refused_and_the_first_kept():
    world = World()
    decision = _refusal(world)
    first, second = _managers(world)
    copy_a, copy_b = _fresh(decision), _fresh(decision)

    services.decision_sign_off(user=first, decision=copy_a, approve=True, note="Agreed")
    with pytest.raises(ValidationError) as refused:
        services.decision_sign_off(user=second, decision=copy_b, approve=False, note="More")

    assert refused.value.messages == [SIGNED]
    decision.refresh_from_db()
    assert (decision.sign_off, decision.signed_off_by) == (SignOff.SIGNED_OFF, first)
    assert _history(decision, "Signed off") == 1
    assert _history(decision, "Returned for more work") == 0


@pytest.mark.django_db
def test_a_second_completion_from_a_stale_page_is_refused_and_adds_nothing():
    world = World()
    decision = _emergency(world)
    # The team's own manager: a manager outside it may not read the record.
    manager = team_member(world.team, roles=[Role.MANAGER])
    copy_a, copy_b = _fresh(decision), _fresh(decision)

    services.decision_complete(user=world.worker, decision=copy_a, rationale="Full account.")
    with pytest.raises(ValidationError) as refused:
        services.decision_complete(user=manager, decision=copy_b, rationale="Other account.")

    assert refused.value.messages == [COMPLETED]
    decision.refresh_from_db()
    assert "Full account." in decision.rationale and "Other account." not in decision.rationale


@pytest.mark.django_db
def test_a_second_reconsideration_from_a_stale_page_is_refused():
    world = World()
    decision = _emergency(world)
    colleague = team_member(world.team, roles=[Role.UNIT_STAFF])
    copy_a, copy_b = _fresh(decision), _fresh(decision)

    _reconsider(world.worker, copy_a, "Police report")
    with pytest.raises(ValidationError) as refused:
        _reconsider(colleague, copy_b, "School report")

    assert refused.value.messages == [RECONSIDERED]
    assert Decision.objects.filter(supersedes=decision).count() == 1


@pytest.mark.django_db
def test_consent_withdrawn_twice_from_stale_pages_is_recorded_once():
    world = World()
    decision = _with_consent(world)
    colleague = team_member(world.team, roles=[Role.UNIT_STAFF])
    copy_a, copy_b = _fresh(decision), _fresh(decision)

    services.decision_consent_withdrawn(
        user=world.worker, decision=copy_a, withdrawn_on=date(2026, 11, 20)
    )
    with pytest.raises(ValidationError) as refused:
        services.decision_consent_withdrawn(
            user=colleague, decision=copy_b, withdrawn_on=date(2026, 11, 21)
        )

    assert refused.value.messages == [WITHDRAWN]
    decision.refresh_from_db()
    assert decision.consent_withdrawn_on == date(2026, 11, 20)
    assert _history(decision, "Consent withdrawn") == 1


@pytest.mark.django_db
def test_a_disclosure_under_a_decision_reconsidered_a_moment_ago_is_refused():
    world = World()
    decision = services.decision_record(
        user=world.worker,
        **decision_fields(
            rationale="Risk of harm.",
            consent_not_sought_reason=ConsentNotSoughtReason.UNSAFE,
            not_told_reason=NotToldReason.RISK_OF_HARM,
        ),
    )
    stale = _fresh(decision)
    _reconsider(world.worker, decision, "Police report")
    with pytest.raises(ValidationError, match="reconsidered"):
        services.disclosure_record(
            user=world.worker,
            decision=stale,
            recipient_organisation=world.police,
            shared_on=date(2026, 11, 16),
            channel="secure_email",
            items=[("x", "fact")],
        )
    assert not decision.disclosures.exists()


# --- At the same moment, each on its own connection (PostgreSQL) --------------


def _one_won(results: list[Exception | None], *messages: str) -> int:
    """The winner's index; the loser was told one of ``messages`` in plain words."""
    losers = [r for r in results if r is not None]
    assert len(losers) == 1, results
    assert isinstance(losers[0], ValidationError) and losers[0].messages[0] in messages, losers
    return results.index(None)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_sign_offs_at_once_give_one_outcome():
    world = World()
    decision = _refusal(world)
    managers = _managers(world)
    approvals = [True, False]
    copies = [_fresh(decision), _fresh(decision)]

    results = refusals(
        *(
            lambda m=m, c=c, a=a: services.decision_sign_off(
                user=m, decision=c, approve=a, note="Needs the school's view"
            )
            for m, c, a in zip(managers, copies, approvals, strict=True)
        )
    )

    winner = _one_won(results, SIGNED, RETURNED)
    decision.refresh_from_db()
    assert decision.signed_off_by == managers[winner]
    assert decision.sign_off == (SignOff.SIGNED_OFF if approvals[winner] else SignOff.RETURNED)
    assert _history(decision, "Signed off") + _history(decision, "Returned for more work") == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_completions_at_once_add_one_account():
    world = World()
    decision = _emergency(world)
    # The team's own manager: a manager outside it may not read the record.
    manager = team_member(world.team, roles=[Role.MANAGER])
    people = [world.worker, manager]
    accounts = ["Account one.", "Account two."]
    copies = [_fresh(decision), _fresh(decision)]

    results = refusals(
        *(
            lambda u=u, c=c, t=t: services.decision_complete(user=u, decision=c, rationale=t)
            for u, c, t in zip(people, copies, accounts, strict=True)
        )
    )

    winner = _one_won(results, COMPLETED)
    decision.refresh_from_db()
    assert accounts[winner] in decision.rationale
    assert accounts[1 - winner] not in decision.rationale
    assert _history(decision, "Emergency record completed") == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_reconsiderations_at_once_give_one_superseding_decision():
    world = World()
    decision = _emergency(world)
    colleague = team_member(world.team, roles=[Role.UNIT_STAFF])
    people = [world.worker, colleague]
    copies = [_fresh(decision), _fresh(decision)]

    results = refusals(
        *(
            lambda u=u, c=c, t=t: _reconsider(u, c, t)
            for u, c, t in zip(people, copies, ["Police report", "School report"], strict=True)
        )
    )

    _one_won(results, RECONSIDERED)
    assert Decision.objects.filter(supersedes=decision).count() == 1
    assert Decision.objects.count() == 2


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_consent_withdrawn_twice_at_once_is_recorded_once():
    world = World()
    decision = _with_consent(world)
    colleague = team_member(world.team, roles=[Role.UNIT_STAFF])
    people = [world.worker, colleague]
    days = [date(2026, 11, 20), date(2026, 11, 21)]
    copies = [_fresh(decision), _fresh(decision)]

    results = refusals(
        *(
            lambda u=u, c=c, d=d: services.decision_consent_withdrawn(
                user=u, decision=c, withdrawn_on=d
            )
            for u, c, d in zip(people, copies, days, strict=True)
        )
    )

    winner = _one_won(results, WITHDRAWN)
    decision.refresh_from_db()
    assert decision.consent_status == ConsentStatus.WITHDRAWN
    assert decision.consent_withdrawn_on == days[winner]
    assert _history(decision, "Consent withdrawn") == 1
