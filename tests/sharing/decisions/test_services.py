from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services as case_services
from cases.models import ChronologyEntry
from sharing.choices import Article6Basis, ConsentNotSoughtReason, ConsentStatus, NotToldReason
from sharing.decisions import selectors, services
from sharing.models import Decision, SignOff
from sharing.roles import Role
from tests.cases.factories import PersonFactory
from tests.requests.factories import World
from tests.sharing.decisions.builders import (
    consent_fields,
    decision_fields,
    emergency_fields,
    refusal_fields,
    share_in_part_fields,
)
from tests.sharing.factories import UserFactory

pytestmark = pytest.mark.django_db

SHARE_WITHOUT_CONSENT = {
    "legitimate_purpose": True,
    "identifiable": True,
    "confidential": True,
    "consent": False,
    "other_reason": True,
}


@pytest.fixture
def world():
    return World()


def _case(world):
    return case_services.case_open(
        user=world.worker,
        team=world.team,
        child=world.child,
        summary="Concerns",
        reason="r",
        opened_on=date(2026, 10, 1),
    )


def test_share_in_part_without_consent_protecting_a_neighbour(world):
    case = _case(world)
    neighbour = PersonFactory(
        owning_team=world.team,
        first_name="Pat",
        last_name="Neighbour",
        identity_protected=True,
        identity_protection_reason="Reported the concern; fears reprisal",
    )
    request = world.incoming_s47(case=case)

    decision = services.decision_record(
        user=world.worker,
        request=request,
        case=case,
        recipient_organisation=world.police,
        guide_answers=SHARE_WITHOUT_CONSENT,
        gateway=request.gateway,
        identities_protected=[neighbour],
        **share_in_part_fields(),
    )
    disclosure = services.disclosure_record(
        user=world.worker,
        decision=decision,
        recipient_organisation=world.police,
        shared_on=date(2026, 11, 16),
        channel="secure_email",
        items=[
            ("Two previous referrals, 2022 and 2024.", "historical"),
            ("Mother engaged well.", "opinion"),
        ],
    )

    assert decision.sign_off == SignOff.NOT_NEEDED and decision.guide_suggestion == "share"
    entry = ChronologyEntry.objects.get(case=case, kind="information_shared")
    assert disclosure.chronology_entry == entry
    assert "Kent Police" in entry.text and "Two previous referrals" in entry.text
    assert list(decision.identities_protected.all()) == [neighbour]


def test_scpo_declines_manager_signs_off_and_a_reconsideration_shares(world):
    request = world.s14b_to(world.school_a, world.scpo_a)
    head = UserFactory(organisation=world.school_a, roles=[Role.MANAGER])
    refusal = services.decision_record(
        user=world.scpo_a,
        request=request,
        guide_answers={
            "legitimate_purpose": True,
            "identifiable": True,
            "confidential": True,
            "consent": False,
            "other_reason": False,
        },
        **refusal_fields(
            rationale="The request does not say which term is needed.",
            explanation_to_requester="Please say which term and why it is needed.",
        ),
    )
    assert refusal.sign_off == SignOff.PENDING
    assert list(selectors.sign_off_queue(head)) == [refusal]
    with pytest.raises(PermissionDenied):
        services.decision_sign_off(user=world.scpo_a, decision=refusal, approve=True, note="")

    services.decision_sign_off(user=head, decision=refusal, approve=True, note="Agreed")

    reconsidered = services.decision_record(
        user=world.scpo_a,
        supersedes=refusal,
        guide_answers=SHARE_WITHOUT_CONSENT,
        **decision_fields(
            new_information="The partnership explained the review covers the autumn term.",
            rationale="Now clear and necessary for the review.",
            article6_basis=Article6Basis.LEGAL_OBLIGATION,
            consent_not_sought_reason=ConsentNotSoughtReason.CANNOT_BE_GIVEN,
        ),
    )
    assert reconsidered.request == request
    assert selectors.decision_chain(refusal) == [refusal, reconsidered]
    assert selectors.decision_chain(reconsidered) == [refusal, reconsidered]
    with pytest.raises(ValidationError, match="already been reconsidered"):
        services.decision_record(
            user=world.scpo_a,
            supersedes=refusal,
            **decision_fields(
                new_information="x", rationale="x", article6_basis=Article6Basis.LEGAL_OBLIGATION
            ),
        )


def test_a_refused_decision_is_not_shared_under_before_sign_off(world):
    case = _case(world)
    decision = services.decision_record(
        user=world.worker,
        case=case,
        **decision_fields(
            rationale="Risk to life.",
            article6_basis=Article6Basis.VITAL_INTERESTS,
            consent_status=ConsentStatus.REFUSED,
            consent_override_rationale="Risk to life outweighs the refusal.",
            not_told_reason=NotToldReason.RISK_OF_HARM,
            consent_not_sought_reason="",
        ),
    )
    assert decision.sign_off == SignOff.PENDING
    with pytest.raises(ValidationError, match="waiting for a manager"):
        services.disclosure_record(
            user=world.worker,
            decision=decision,
            recipient_organisation=world.police,
            shared_on=date(2026, 11, 16),
            channel="telephone",
            items=[("x", "fact")],
        )


def test_disclosure_outside_partial_consent_is_refused(world):
    case = _case(world)
    decision = services.decision_record(
        user=world.worker, case=case, consent_covers=[world.school_a], **consent_fields()
    )
    with pytest.raises(ValidationError, match="outside the consent given"):
        services.disclosure_record(
            user=world.worker,
            decision=decision,
            recipient_organisation=world.police,
            shared_on=date(2026, 11, 16),
            channel="telephone",
            items=[("x", "fact")],
        )
    services.disclosure_record(
        user=world.worker,
        decision=decision,
        recipient_organisation=world.school_a,
        shared_on=date(2026, 11, 16),
        channel="telephone",
        items=[("x", "fact")],
    )


def test_withdrawn_consent_lists_disclosures_for_the_dpo(world):
    case = _case(world)
    decision = services.decision_record(user=world.worker, case=case, **consent_fields())
    disclosure = services.disclosure_record(
        user=world.worker,
        decision=decision,
        recipient_organisation=world.school_a,
        shared_on=date(2026, 11, 16),
        channel="telephone",
        items=[("x", "fact")],
    )
    dpo = UserFactory(organisation=world.partnership, roles=[Role.DPO])
    assert not selectors.disclosures_for_consent_review(dpo).exists()

    services.decision_consent_withdrawn(
        user=world.worker, decision=decision, withdrawn_on=date(2026, 11, 20)
    )

    assert list(selectors.disclosures_for_consent_review(dpo)) == [disclosure]


def test_an_emergency_record_stays_flagged_until_completed(world):
    decision = services.decision_record(
        user=world.worker, **emergency_fields(rationale="Shared by phone: child at immediate risk.")
    )
    assert decision.record_incomplete
    assert list(selectors.incomplete_emergency_decisions(world.worker)) == [decision]
    services.decision_complete(
        user=world.worker, decision=decision, rationale="Full reasons recorded."
    )
    assert not decision.record_incomplete


def test_the_record_rules_are_enforced_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as caught:
        services.decision_record(
            user=world.worker,
            **decision_fields(
                rationale="", special_category=True, article6_basis="", consent_not_sought_reason=""
            ),
        )
    assert {
        "rationale",
        "article6_basis",
        "article9_condition",
        "consent_not_sought_reason",
    } <= set(caught.value.message_dict)
    assert not Decision.objects.exists()


def test_other_organisations_do_not_see_a_decision(world):
    decision = services.decision_record(
        user=world.scpo_a, **decision_fields(article6_basis=Article6Basis.LEGAL_OBLIGATION)
    )
    assert list(selectors.decisions_visible_to(world.scpo_a)) == [decision]
    assert not selectors.decisions_visible_to(world.scpo_b).exists()
    assert not selectors.decisions_visible_to(world.worker).exists()
    outsider_admin = UserFactory(
        organisation=world.school_a, roles=[Role.ADMINISTRATOR], is_superuser=True
    )
    assert not selectors.decisions_visible_to(outsider_admin).exists()


def test_a_pending_refusal_cannot_be_replaced_to_avoid_sign_off(world):
    refusal = services.decision_record(
        user=world.scpo_a,
        **refusal_fields(
            rationale="r",
            explanation_to_requester="e",
            consent_not_sought_reason=ConsentNotSoughtReason.URGENT,
        ),
    )
    with pytest.raises(ValidationError, match="Only a final decision can be reconsidered"):
        services.decision_record(
            user=world.scpo_a,
            supersedes=refusal,
            **decision_fields(
                new_information="x", rationale="x", article6_basis=Article6Basis.LEGAL_OBLIGATION
            ),
        )


def test_withdrawn_consent_needs_sign_off_and_stops_further_disclosure(world):
    case = _case(world)
    decision = services.decision_record(user=world.worker, case=case, **consent_fields())
    services.decision_consent_withdrawn(
        user=world.worker, decision=decision, withdrawn_on=date(2026, 11, 20)
    )
    with pytest.raises(ValidationError, match="withdrawn"):
        services.disclosure_record(
            user=world.worker,
            decision=decision,
            recipient_organisation=world.school_a,
            shared_on=date(2026, 11, 21),
            channel="telephone",
            items=[("x", "fact")],
        )


def test_a_decision_is_no_way_into_another_teams_case(world):
    from tests.cases.factories import make_team, team_member

    case = _case(world)
    other = team_member(
        make_team(organisation=world.partnership, name="Other"), roles=[Role.UNIT_STAFF]
    )
    with pytest.raises(PermissionDenied):
        services.decision_record(user=other, case=case, **decision_fields())
    decision = services.decision_record(user=world.worker, case=case, **decision_fields())
    assert decision not in selectors.decisions_visible_to(other)
    with pytest.raises(PermissionDenied):
        services.disclosure_record(
            user=other,
            decision=decision,
            recipient_organisation=world.police,
            shared_on=date(2026, 11, 16),
            channel="telephone",
            items=[("x", "fact")],
        )


def test_a_reconsideration_keeps_protected_identities(world):
    case = _case(world)
    neighbour = PersonFactory(
        owning_team=world.team, identity_protected=True, identity_protection_reason="r"
    )
    first = services.decision_record(
        user=world.worker, case=case, identities_protected=[neighbour], **decision_fields()
    )
    second = services.decision_record(
        user=world.worker, supersedes=first, **decision_fields(rationale="r2", new_information="n")
    )
    assert list(second.identities_protected.all()) == [neighbour]


def test_only_the_maker_or_a_manager_completes_an_emergency_record_and_adds_to_it(world):
    decision = services.decision_record(user=world.worker, **emergency_fields())
    dpo = UserFactory(organisation=world.partnership, roles=[Role.DPO])
    with pytest.raises(PermissionDenied):
        services.decision_complete(user=dpo, decision=decision, rationale="x")
    services.decision_complete(user=world.worker, decision=decision, rationale="Full account.")
    assert (
        decision.rationale.startswith("Shared by phone.") and "Full account." in decision.rationale
    )
