"""Approved records go in batches (issue 19): each table once for the whole
batch, each row still counted to its own record's certificate, and each
record still all or nothing: a held record, a person still in a case that
stays, or a record something else points at is kept while the rest go."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from cases import services as case_services
from cases.models import Case, Person
from retention.models import (
    DisposalCertificate,
    HoldScope,
    LegalHold,
    RecordType,
    RetentionState,
    Status,
)
from retention.services import disposal, retention_sweep, review
from sharing.decisions import services as decision_services
from sharing.models import Decision
from sharing.roles import Role
from tests.cases.factories import PersonFactory
from tests.requests.factories import World
from tests.sharing.decisions.builders import decision_fields
from tests.sharing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


@pytest.fixture
def dpo(world):
    return UserFactory(organisation=world.partnership, roles=[Role.DPO])


def _closed_case(world, entries: int, child=None) -> Case:
    child = child or PersonFactory(owning_team=world.team, date_of_birth=date(2001, 5, 1))
    case = case_services.case_open(
        user=world.worker,
        team=world.team,
        child=child,
        summary="Concerns.",
        reason="r",
        opened_on=date(2017, 1, 7),
    )
    for n in range(entries):
        case_services.chronology_add(
            user=world.worker,
            case=case,
            reason="r",
            occurred_on=date(2017, 1, 8),
            kind="concern",
            information_status="fact",
            text=f"Entry {n}.",
        )
    case_services.case_close(
        user=world.worker, case=case, closed_on=date(2017, 3, 1), reason="Closed"
    )
    return case


def _approve_all(dpo) -> None:
    retention_sweep(date(2026, 11, 21))
    states = list(RetentionState.objects.filter(record_type=RecordType.CASE))
    assert states and all(s.status == Status.DUE_REVIEW for s in states)
    review.states_approve_disposal(user=dpo, states=states)


def _certificate(case: Case) -> DisposalCertificate:
    return DisposalCertificate.objects.get(record_type=RecordType.CASE, object_id=case.pk)


def test_a_batch_counts_each_rows_to_its_own_records_certificate(world, dpo):
    small, large = _closed_case(world, entries=1), _closed_case(world, entries=6)
    _approve_all(dpo)

    assert disposal.dispose_approved() == 2

    assert not Case.objects.filter(pk__in=[small.pk, large.pk]).exists()
    assert _certificate(small).rows_removed["cases.ChronologyEntry"] == 1
    assert _certificate(large).rows_removed["cases.ChronologyEntry"] == 6
    assert _certificate(small).rows_removed["cases.Case"] == 1
    assert not RetentionState.objects.filter(record_type=RecordType.CASE).exists()


def test_a_batch_costs_the_same_statements_however_many_cases_it_holds(world, dpo):
    """A statement per table for the batch, the certificates' numbers taken
    together and the certificates saved together."""
    for _ in range(8):
        _closed_case(world, entries=2)
    _approve_all(dpo)
    case_services.next_reference("DC", date.today().year)  # the first creates the counter
    counted = []
    for how_many in (2, 6):
        with CaptureQueriesContext(connection) as queries:
            assert disposal.dispose_approved(limit=how_many) == how_many
        counted.append(len(queries))
    assert counted[0] == counted[1]


def test_a_person_in_two_cases_going_together_goes_once(world, dpo):
    shared = PersonFactory(owning_team=world.team, date_of_birth=date(2001, 5, 1))
    first = _closed_case(world, entries=1, child=shared)
    second = _closed_case(world, entries=1)
    case_services.participant_add(
        user=world.worker, case=second, person=shared, role="sibling", reason="r"
    )
    _approve_all(dpo)

    assert disposal.dispose_approved() == 2

    assert not Person.objects.filter(pk=shared.pk).exists()
    removed = sum(
        _certificate(case).rows_removed.get("cases.Person", 0) for case in (first, second)
    )
    assert removed == 2  # the shared person once, the second case's child once


def test_a_person_also_in_a_case_that_stays_is_kept(world, dpo):
    shared = PersonFactory(owning_team=world.team, date_of_birth=date(2001, 5, 1))
    going = _closed_case(world, entries=1, child=shared)
    _approve_all(dpo)
    staying = _closed_case(world, entries=1)  # opened after approval: not approved
    case_services.participant_add(
        user=world.worker, case=staying, person=shared, role="sibling", reason="r"
    )

    assert disposal.dispose_approved() == 1

    assert not Case.objects.filter(pk=going.pk).exists()
    assert Person.objects.filter(pk=shared.pk).exists()


def test_a_held_case_in_a_batch_stays_and_the_others_go(world, dpo):
    held, other = _closed_case(world, entries=1), _closed_case(world, entries=1)
    _approve_all(dpo)
    # A hold that arrived between approval and disposal (placing one through
    # the service sends the approval back to review; this is the race).
    LegalHold.objects.create(
        scope=HoldScope.RECORD,
        content_type=ContentType.objects.get_for_model(Case),
        object_id=held.pk,
        reason="Litigation",
        placed_by=dpo,
    )

    assert disposal.dispose_approved() == 1

    assert Case.objects.filter(pk=held.pk).exists()
    assert not Case.objects.filter(pk=other.pk).exists()
    assert not DisposalCertificate.objects.filter(object_id=held.pk).exists()


def test_a_record_something_points_at_fails_alone_and_the_batch_goes(world, dpo):
    """The database refuses the batch; its records are then disposed of one by
    one: those before it go, it is kept whole, and its refusal is raised."""
    cases = [_closed_case(world, entries=1) for _ in range(3)]
    stuck = cases[1]
    of_stuck = decision_services.decision_record(
        user=world.worker, case=stuck, **decision_fields(rationale="About the case.")
    )
    elsewhere = decision_services.decision_record(
        user=world.worker, **decision_fields(rationale="A standalone decision.")
    )
    Decision.objects.filter(pk=elsewhere.pk).update(supersedes=of_stuck)
    _approve_all(dpo)

    with pytest.raises(IntegrityError):
        disposal.dispose_approved()

    assert not Case.objects.filter(pk=cases[0].pk).exists()
    assert Case.objects.filter(pk=stuck.pk).exists()
    assert Decision.objects.filter(pk=of_stuck.pk).exists()
    assert RetentionState.objects.get(record_type="case", object_id=stuck.pk).status == (
        Status.APPROVED
    )
    # The next run takes the rest once the stuck one is sorted out.
    Decision.objects.filter(pk=elsewhere.pk).update(supersedes=None)
    assert disposal.dispose_approved() == 2
