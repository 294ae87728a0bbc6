"""The sweep knows what a record is: a case's categories choose its rule and
the longest wins; a school's records fall under seed 000 §7; every record has
a rule or the default; a trigger that never comes is reviewed after the last
activity."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from cases import services as case_services
from cases.models import Case, Person
from requests.models import InformationRequest
from retention.models import RetentionRule, RetentionState, Status
from retention.services import retention_sweep
from sharing.decisions import services as decision_services
from sharing.models import Decision
from tests.cases.factories import PersonFactory
from tests.requests.factories import World, answer
from tests.sharing.decisions.builders import decision_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(time_machine):
    time_machine.move_to("2020-02-03 10:00Z")
    return World()


def _state(record) -> RetentionState:
    return RetentionState.objects.get(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk
    )


def _case(world, born=date(2010, 5, 4), **person):
    child = PersonFactory(owning_team=world.team, date_of_birth=born, **person)
    return case_services.case_open(
        user=world.worker,
        team=world.team,
        child=child,
        summary="s",
        reason="r",
        opened_on=date(2020, 1, 6),
    )


def _categorise(world, case, category, outcome=""):
    return case_services.case_category_add(
        user=world.worker,
        case=case,
        category=category,
        started_on=date(2020, 1, 6),
        reason="Strategy discussion",
        allegation_outcome=outcome,
    )


def test_a_child_protection_case_is_kept_35_years_after_last_contact(world):
    case = _case(world)
    _categorise(world, case, "child_protection")
    case_services.case_close(user=world.worker, case=case, closed_on=date(2020, 2, 1), reason="r")
    retention_sweep(date(2026, 3, 1))
    state = _state(case)
    assert state.rule.name == "Child protection: 35 years after last contact"
    # Last contact: the latest activity on the case, the day it was recorded
    # (after the date it was closed on).
    assert state.last_activity_on == date(2020, 2, 3)
    assert (state.due_on, state.status) == (date(2055, 2, 3), Status.NOT_DUE)


def test_retention_follows_the_longest_category_the_case_has_had(world):
    case = _case(world, born=date(2012, 2, 29))
    _categorise(world, case, "child_in_need")
    period = _categorise(world, case, "looked_after")
    case_services.case_category_change(
        user=world.worker, period=period, ended_on=date(2020, 2, 1), reason="Returned home"
    )
    retention_sweep(date(2026, 3, 1))
    state = _state(case)
    # Ended, the looked-after period still governs: 75th birthday, on 1 March.
    assert state.rule.name == "Looked after children: 75 years from date of birth"
    assert state.due_on == date(2087, 3, 1)


def test_a_looked_after_child_who_died_before_18_is_kept_15_years_from_the_death(world):
    case = _case(world, born=date(2010, 5, 4))
    Person.objects.filter(pk=case.participants.get().person_id).update(
        date_of_death=date(2019, 12, 1)
    )
    _categorise(world, case, "looked_after")
    retention_sweep(date(2026, 3, 1))
    assert _state(case).due_on == date(2034, 12, 1)


@pytest.mark.parametrize(
    ("outcome", "rule", "due"),
    [
        ("substantiated", "Allegations substantiated or unsubstantiated", date(2075, 6, 1)),
        ("not_concluded", "Allegations substantiated or unsubstantiated", date(2075, 6, 1)),
        ("malicious", "Allegations unfounded or malicious", date(2030, 2, 1)),
        ("advice_only", "LADO advice-only consultations", date(2026, 2, 3)),
    ],
)
def test_an_allegation_is_kept_by_its_outcome(world, outcome, rule, due):
    case = _case(world)
    teacher = PersonFactory(owning_team=world.team, date_of_birth=date(1975, 6, 1))
    case_services.participant_add(
        user=world.worker, case=case, person=teacher, role="alleged_perpetrator", reason="r"
    )
    _categorise(world, case, "allegation", outcome)
    case_services.case_close(user=world.worker, case=case, closed_on=date(2020, 2, 1), reason="r")
    retention_sweep(date(2026, 3, 1))
    state = _state(case)
    # 100 years from the birth of the person the allegation was about (the teacher).
    assert state.rule.name.startswith(rule)
    assert state.due_on == due


def test_an_allegation_needs_its_outcome_and_nothing_else_has_one(world):
    case = _case(world)
    with pytest.raises(ValidationError):
        _categorise(world, case, "allegation")
    with pytest.raises(ValidationError):
        _categorise(world, case, "early_help", "substantiated")
    assert not case.categories.exists()


def test_a_request_addressed_to_a_school_falls_under_the_schools_rule(world):
    request = world.s14b_to(world.school_a, world.scpo_a, started_on=date(2020, 1, 6))
    Person.objects.filter(pk=world.child.pk).update(date_of_birth=date(2001, 9, 1))
    retention_sweep(date(2028, 8, 31))
    state = _state(request)
    assert state.rule.name == "School-held secondary SCP records (requests addressed to a school)"
    # Seed 000 §7: the end of the school year after the 25th birthday (1 September 2026).
    assert (state.due_on, state.status, state.organisation_id) == (
        date(2028, 8, 31),
        Status.DUE_DISPOSAL,
        world.school_a.pk,
    )


def test_a_school_held_record_whose_subject_has_no_date_of_birth_is_listed_for_review(world):
    Person.objects.filter(pk=world.child.pk).update(date_of_birth=None)
    request = world.s14b_to(world.school_a, world.scpo_a, started_on=date(2020, 1, 6))
    retention_sweep(date(2026, 2, 3))
    state = _state(request)
    # Not kept silently: reviewed six years after the last activity, never disposed of.
    assert (state.status, state.due_on, state.by_fallback) == (
        Status.DUE_REVIEW,
        date(2026, 2, 3),
        True,
    )


def test_a_decision_standing_alone_has_a_rule(world):
    decision = decision_services.decision_record(
        user=world.worker, **decision_fields(recipient_organisation=world.police)
    )
    retention_sweep(date(2026, 2, 3))
    state = _state(decision)
    assert state.rule.name.startswith("Sharing decisions standing alone")
    assert state.status == Status.DUE_REVIEW


def test_a_person_in_no_case_or_request_is_reviewed_six_years_after_last_activity(world):
    loose = PersonFactory(owning_team=world.team)
    retention_sweep(date(2026, 2, 2))
    assert _state(loose).status == Status.NOT_DUE
    retention_sweep(date(2026, 2, 3))
    assert _state(loose).status == Status.DUE_REVIEW
    # Once in a request, a person is kept with it: their own state goes.
    world.s14b_to(world.school_a, world.scpo_a, started_on=date(2020, 1, 6), subjects=[loose])
    retention_sweep(date(2026, 2, 4))
    assert not RetentionState.objects.filter(record_type="person", object_id=loose.pk).exists()


def test_a_record_no_rule_fits_falls_under_the_default_rule(world):
    RetentionRule.objects.filter(record_type="request").update(is_active=False)
    request = world.incoming_s47(started_on=date(2020, 1, 6))
    retention_sweep(date(2026, 2, 3))
    state = _state(request)
    assert state.rule.is_default
    assert (state.status, state.due_on) == (Status.DUE_REVIEW, date(2026, 2, 3))


def test_every_record_type_the_sweep_reads_has_an_active_seeded_rule():
    from retention.services.facts import SOURCES

    for record_type in SOURCES:
        assert RetentionRule.objects.filter(record_type=record_type, is_active=True).exists()
    assert RetentionRule.objects.filter(is_default=True, action="review").count() == 1


def test_models_of_records_are_named():
    # The sweep's record types are the models the coverage list names.
    from retention.coverage import OWN_RULE
    from retention.services.facts import SOURCES

    labels = {model._meta.label for model, _ in SOURCES.values()}
    assert labels <= set(OWN_RULE)
    assert {Case._meta.label, InformationRequest._meta.label, Decision._meta.label} <= labels


def test_the_documents_a_school_sent_fall_under_the_schools_rule(world):
    from django.core.files.uploadedfile import SimpleUploadedFile


    Person.objects.filter(pk=world.child.pk).update(date_of_birth=date(2001, 9, 1))
    request = world.s14b_to(world.school_a, world.scpo_a, started_on=date(2020, 1, 6))
    answer(
        user=world.scpo_a,
        request=request,
        outcome="shared",
        response_status="fact",
        response_text="Attendance attached.",
        files=[SimpleUploadedFile("a.pdf", b"%PDF a")],
    )
    retention_sweep(date(2028, 8, 31))
    state = _state(request.attachments.get())
    assert state.rule.name == "School-held secondary SCP records (documents a school sent)"
    assert (state.due_on, state.status) == (date(2028, 8, 31), Status.DUE_DISPOSAL)


def test_a_person_in_no_case_is_disposed_of_on_the_dpos_approval(world, time_machine):
    from retention.models import DisposalCertificate
    from retention.services import disposal, review
    from sharing.roles import Role
    from tests.sharing.factories import UserFactory

    loose = PersonFactory(owning_team=world.team)
    dpo = UserFactory(organisation=world.partnership, roles=[Role.DPO])
    time_machine.move_to("2026-02-03 10:00Z")
    retention_sweep(date(2026, 2, 3))
    review.states_approve_disposal(user=dpo, states=[_state(loose)])
    certificate = disposal.dispose_record(_state(loose).pk)
    assert certificate is not None and certificate.record_type == "person"
    assert not Person.objects.filter(pk=loose.pk).exists()
    assert DisposalCertificate.objects.count() == 1
