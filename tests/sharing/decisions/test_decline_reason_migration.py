"""Decisions not to share made before the main reason was asked for are marked
"not recorded" by the data migration, never given a guessed reason; others are
left as they are (issue 18)."""

import importlib

import pytest
from django.apps import apps

from sharing.choices import DecisionOutcome, DeclineReason
from sharing.models import Decision
from tests.requests.factories import World

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "sharing.migrations.0028_decline_reason_not_recorded_before_categories"
)


def test_old_decisions_not_to_share_are_marked_not_recorded_and_nothing_else_changes():
    world = World()
    made = {"organisation": world.partnership, "made_by": world.worker, "rationale": "r"}
    # As recorded before the question: no category, even where the words say why.
    old = Decision.objects.create(
        outcome=DecisionOutcome.DO_NOT_SHARE,
        rationale="Not necessary for the purpose: they already hold it.",
        **{k: v for k, v in made.items() if k != "rationale"},
    )
    chosen = Decision.objects.create(
        outcome=DecisionOutcome.DO_NOT_SHARE, decline_reason=DeclineReason.THIRD_PARTY, **made
    )
    shared = Decision.objects.create(outcome=DecisionOutcome.SHARE, **made)

    migration.mark_not_recorded(apps, None)

    reasons = dict(Decision.objects.values_list("pk", "decline_reason"))
    assert reasons == {
        old.pk: DeclineReason.NOT_RECORDED,
        chosen.pk: DeclineReason.THIRD_PARTY,
        shared.pk: "",
    }
    # Undone, the mark goes and the reasons chosen stay.
    migration.unmark(apps, None)
    assert Decision.objects.get(pk=old.pk).decline_reason == ""
    assert Decision.objects.get(pk=chosen.pk).decline_reason == DeclineReason.THIRD_PARTY
