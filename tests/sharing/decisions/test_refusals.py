"""The services refuse whom the pages refuse, through the same predicates
(sharing.decisions.permissions); every POST goes through a form, so junk is a
message on the page and changes nothing; the record page has no inline script."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sharing.decisions import permissions, services
from sharing.models import ConsentStatus, Decision, SignOff
from sharing.roles import Role
from tests.cases.factories import make_team, team_member
from tests.requests.factories import World
from tests.sharing.decisions.builders import (
    consent_fields,
    decision_fields,
    emergency_fields,
    refusal_fields,
)
from tests.sharing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def _refusal(world) -> Decision:
    return services.decision_record(user=world.worker, **refusal_fields())


def _emergency(world) -> Decision:
    return services.decision_record(user=world.worker, **emergency_fields())


def _with_consent(world) -> Decision:
    return services.decision_record(
        user=world.worker, **consent_fields(rationale="The family agreed.")
    )


def test_sign_off_is_refused_to_the_maker_a_non_manager_and_another_organisations_manager(
    world,
):
    decision = _refusal(world)
    maker_as_manager = team_member(world.team, roles=[Role.MANAGER])
    own = services.decision_record(user=maker_as_manager, **refusal_fields())
    colleague = team_member(world.team, roles=[Role.UNIT_STAFF])
    elsewhere = UserFactory(organisation=world.school_a, roles=[Role.MANAGER])
    for user, target in ((maker_as_manager, own), (colleague, decision), (elsewhere, decision)):
        assert not permissions.can_sign_off(user, target)
        with pytest.raises(PermissionDenied):
            services.decision_sign_off(user=user, decision=target, approve=True, note="")
    assert not Decision.objects.exclude(sign_off=SignOff.PENDING).exists()


def test_completing_an_emergency_record_is_refused_to_other_staff_and_the_dpo(world):
    decision = _emergency(world)
    other_team = team_member(
        make_team(organisation=world.partnership, name="Other"), roles=[Role.UNIT_STAFF]
    )
    teammate = team_member(world.team, roles=[Role.UNIT_STAFF])
    dpo = UserFactory(organisation=world.partnership, roles=[Role.DPO])
    for user in (other_team, teammate, dpo):
        assert not permissions.can_complete_emergency(user, decision)
        with pytest.raises(PermissionDenied):
            services.decision_complete(user=user, decision=decision, rationale="Full account.")
    decision.refresh_from_db()
    assert decision.record_incomplete


def test_consent_withdrawn_is_refused_to_the_dpo_and_to_another_team(world):
    decision = _with_consent(world)
    dpo = UserFactory(organisation=world.partnership, roles=[Role.DPO])
    other_team = team_member(
        make_team(organisation=world.partnership, name="Other"), roles=[Role.UNIT_STAFF]
    )
    for user in (dpo, other_team):
        with pytest.raises(PermissionDenied):
            services.decision_consent_withdrawn(
                user=user, decision=decision, withdrawn_on=date(2026, 11, 20)
            )
    decision.refresh_from_db()
    assert decision.consent_status == ConsentStatus.GIVEN


def test_reconsidering_is_refused_to_another_team(world):
    decision = _emergency(world)
    other_team = team_member(
        make_team(organisation=world.partnership, name="Other"), roles=[Role.UNIT_STAFF]
    )
    with pytest.raises(PermissionDenied):
        services.decision_record(
            user=other_team, supersedes=decision, **decision_fields(new_information="x")
        )
    assert Decision.objects.count() == 1


def test_a_sign_off_post_without_a_clear_choice_is_a_message_and_changes_nothing(
    verified_client, world
):
    decision = _refusal(world)
    manager = UserFactory(organisation=world.partnership, roles=[Role.MANAGER])
    client = verified_client(manager)
    url = reverse("decisions:sign_off", args=[decision.pk])
    for junk, message in (
        ({"approve": "yes", "note": "x"}, "Select a valid choice."),
        ({"note": "x"}, "Choose to sign off or to return the decision."),
    ):
        page = client.post(url, junk, follow=True).content.decode()
        assert message in page
    decision.refresh_from_db()
    assert decision.sign_off == SignOff.PENDING
    bad_note = client.post(url, {"approve": "0", "note": "a\x00b"}, follow=True)
    assert bad_note.status_code == 200
    decision.refresh_from_db()
    assert decision.sign_off == SignOff.PENDING


def test_completing_with_a_nul_byte_or_nothing_is_a_message_and_changes_nothing(
    verified_client, world
):
    decision = _emergency(world)
    client = verified_client(world.worker)
    url = reverse("decisions:complete", args=[decision.pk])
    for junk, message in (
        ({"rationale": "bad\x00text"}, "Null characters are not allowed."),
        ({"rationale": "  "}, "Record the reasons, now that the emergency has passed."),
        ({}, "Record the reasons, now that the emergency has passed."),
    ):
        # The decision's page again, its summary linking to the box to fill in.
        response = client.post(url, junk, follow=True)
        page = response.content.decode()
        assert response.status_code == 400 and f'<a href="#id_rationale">{message}</a>' in page
    decision.refresh_from_db()
    assert decision.record_incomplete and decision.rationale == "Shared by phone."


def test_a_long_return_note_is_kept_whole_and_its_history_reason_fits(world):
    decision = _refusal(world)
    manager = UserFactory(organisation=world.partnership, roles=[Role.MANAGER])
    note = "Say which term the panel means and why it needs it. " * 10
    services.decision_sign_off(user=manager, decision=decision, approve=False, note=note)
    decision.refresh_from_db()
    assert decision.sign_off_note == note.strip()
    assert all(len(h.history_change_reason or "") <= 100 for h in decision.history.all())


def test_the_record_page_has_no_inline_script_and_prints_from_a_static_file(verified_client, world):
    decision = _emergency(world)
    page = verified_client(world.worker).get(decision.get_absolute_url()).content.decode()
    assert "onclick" not in page and "data-print" in page
    assert "sharing/print.js" in page


def test_consent_withdrawn_takes_a_real_past_date_from_a_form(verified_client, world, time_machine):
    time_machine.move_to("2026-11-25 10:00Z", tick=False)
    decision = _with_consent(world)
    client = verified_client(world.worker)
    url = reverse("decisions:consent_withdrawn", args=[decision.pk])
    for junk, message in (
        ({"withdrawn_on": "2026-02-30"}, "must be a real date"),
        ({"withdrawn_on": "2026-12-25"}, "must be today or in the past"),
        ({}, "Enter the date consent was withdrawn"),
    ):
        response = client.post(url, junk, follow=True)
        page = response.content.decode()
        # The decision's page again, the date marked and named in the error summary.
        assert response.status_code == 400 and response.redirect_chain == []
        assert "<title>Error: " in page and 'href="#id_withdrawn_on_0"' in page
        assert message in page
    decision.refresh_from_db()
    assert decision.consent_status == ConsentStatus.GIVEN

    client.post(url, {"withdrawn_on": "2026-11-20"})
    decision.refresh_from_db()
    assert decision.consent_status == ConsentStatus.WITHDRAWN
    assert decision.consent_withdrawn_on == date(2026, 11, 20)
