"""Holds that hold: on a record, on a case with everything under it, on a
category (the IICSA moratorium) or on an organisation. Nothing held goes."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from cases import services as case_services
from cases.models import Case
from retention.models import RetentionState, Status
from retention.services import disposal, retention_sweep, review
from sharing.roles import Role
from tests.cases.factories import PersonFactory
from tests.requests.factories import World
from tests.sharing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(time_machine):
    time_machine.move_to("2019-01-10 10:00Z")
    return World()


@pytest.fixture
def dpo(world):
    return UserFactory(organisation=world.partnership, roles=[Role.DPO])


def _closed_case(world):
    child = PersonFactory(owning_team=world.team, date_of_birth=date(2010, 5, 4))
    case = case_services.case_open(
        user=world.worker,
        team=world.team,
        child=child,
        summary="s",
        reason="r",
        opened_on=date(2019, 1, 7),
    )
    request = world.incoming_s47(case=case, subjects=[child], started_on=date(2019, 1, 8))
    case_services.case_close(user=world.worker, case=case, closed_on=date(2019, 1, 9), reason="r")
    return case, request


def _case_state(case):
    return RetentionState.objects.get(
        content_type=ContentType.objects.get_for_model(Case), object_id=case.pk
    )


def test_a_hold_on_a_request_stops_its_cases_disposal(world, dpo, time_machine):
    case, request = _closed_case(world)
    time_machine.move_to("2026-01-10 10:00Z")
    retention_sweep(date(2026, 1, 10))
    state = _case_state(case)
    assert state.status == Status.DUE_REVIEW
    review.hold_place(user=dpo, record=request, reason="Claim about the strategy discussion")

    # Approval is refused, naming the held request by its reference.
    with pytest.raises(ValidationError, match=request.reference):
        review.states_approve_disposal(user=dpo, states=[state])
    # Approved before the hold: the disposal itself still refuses.
    RetentionState.objects.filter(pk=state.pk).update(status=Status.APPROVED, approved_by=dpo)
    assert disposal.dispose_record(state.pk) is None
    assert Case.objects.filter(pk=case.pk).exists()


def test_a_hold_on_a_case_sends_an_approved_request_under_it_back_to_review(
    world, dpo, time_machine
):
    case, request = _closed_case(world)
    time_machine.move_to("2026-01-10 10:00Z")
    retention_sweep(date(2026, 1, 10))
    request_state = RetentionState.objects.get(record_type="request", object_id=request.pk)
    review.states_approve_disposal(user=dpo, states=[request_state])
    review.hold_place(user=dpo, record=case, reason="Practice review")
    request_state.refresh_from_db()
    assert request_state.status == Status.DUE_REVIEW
    assert disposal.dispose_record(request_state.pk) is None


def test_a_hold_on_a_category_holds_every_case_that_has_had_it(world, dpo, time_machine):
    case, request = _closed_case(world)
    other, _ = _closed_case(world)
    case_services.case_category_add(
        user=world.worker,
        case=case,
        category="child_protection",
        started_on=date(2019, 1, 7),
        reason="s47",
    )
    review.hold_place_on_category(
        user=dpo, category="child_protection", reason="IICSA moratorium on destruction"
    )
    time_machine.move_to("2060-01-10 10:00Z")
    retention_sweep(date(2060, 1, 10))
    state = _case_state(case)
    with pytest.raises(ValidationError, match="legal hold"):
        review.states_approve_disposal(user=dpo, states=[state])
    # The request under the held case is held too; the other case is not.
    request_state = RetentionState.objects.get(record_type="request", object_id=request.pk)
    with pytest.raises(ValidationError, match="legal hold"):
        review.states_approve_disposal(user=dpo, states=[request_state])
    assert review.states_approve_disposal(user=dpo, states=[_case_state(other)]) == 1


def test_a_hold_on_an_organisation_holds_what_it_is_party_to(world, dpo, time_machine):
    case, request = _closed_case(world)
    review.hold_place_on_organisation(user=dpo, organisation=world.police, reason="Inquiry")
    time_machine.move_to("2026-01-10 10:00Z")
    retention_sweep(date(2026, 1, 10))
    # The police made the request: it is held, and so its case cannot go.
    request_state = RetentionState.objects.get(record_type="request", object_id=request.pk)
    with pytest.raises(ValidationError, match="legal hold"):
        review.states_approve_disposal(user=dpo, states=[request_state])
    with pytest.raises(ValidationError, match=request.reference):
        review.states_approve_disposal(user=dpo, states=[_case_state(case)])


def test_a_lifted_hold_no_longer_holds(world, dpo, time_machine):
    case, request = _closed_case(world)
    hold = review.hold_place(user=dpo, record=request, reason="Claim")
    review.hold_lift(user=dpo, hold=hold, reason="Settled")
    time_machine.move_to("2026-01-10 10:00Z")
    retention_sweep(date(2026, 1, 10))
    assert review.states_approve_disposal(user=dpo, states=[_case_state(case)]) == 1
    certificate = disposal.dispose_case(case.pk)
    assert certificate is not None and certificate.holds_removed == 1


def test_a_hold_on_an_organisation_sends_its_approved_disposals_back_to_review(
    world, dpo, time_machine
):
    _case, request = _closed_case(world)
    time_machine.move_to("2026-01-10 10:00Z")
    retention_sweep(date(2026, 1, 10))
    request_state = RetentionState.objects.get(record_type="request", object_id=request.pk)
    review.states_approve_disposal(user=dpo, states=[request_state])
    review.hold_place_on_organisation(user=dpo, organisation=world.police, reason="Inquiry")
    request_state.refresh_from_db()
    assert (request_state.status, request_state.approved_by) == (Status.DUE_REVIEW, None)


def test_a_hold_on_a_request_sends_its_cases_approved_disposal_back_to_review(
    world, dpo, time_machine
):
    case, request = _closed_case(world)
    time_machine.move_to("2026-01-10 10:00Z")
    retention_sweep(date(2026, 1, 10))
    state = _case_state(case)
    review.states_approve_disposal(user=dpo, states=[state])
    review.hold_place(user=dpo, record=request, reason="Claim")
    state.refresh_from_db()
    assert state.status == Status.DUE_REVIEW
