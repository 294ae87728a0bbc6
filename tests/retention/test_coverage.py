"""Every model holding personal data has a retention rule or goes with a record
that has one; nothing is kept for ever unreviewed because nobody said how long.
Models outside the register's retention are listed, each with its reason, in
retention/coverage.py (the allow-list)."""

import pytest
from django.apps import apps

from retention import coverage
from retention.models import Action, RetentionRule

pytestmark = pytest.mark.django_db


def _history_of(model) -> str | None:
    """The record a django-simple-history model keeps the history of: its rows
    go with that record (cascade_delete_history, and disposal removes them)."""
    # The history of a many-to-many field (HistoricalDecision_consent_covers...)
    # points at its record's history row.
    for field in model._meta.get_fields():
        owner = getattr(getattr(field, "related_model", None), "instance_type", None)
        if field.name == "history" and owner is not None:
            return str(owner._meta.label)
    instance_type = getattr(model, "instance_type", None)
    return instance_type._meta.label if instance_type is not None else None


def _governed(label: str, seen: frozenset[str] = frozenset()) -> bool:
    if label in coverage.OWN_RULE or label in coverage.GOVERNED_ELSEWHERE:
        return True
    parent = coverage.WITH_PARENT.get(label)
    return parent is not None and parent not in seen and _governed(parent, seen | {label})


def test_every_model_has_a_rule_goes_with_a_record_or_is_listed_with_a_reason():
    missing = []
    for model in apps.get_models():
        label = model._meta.label
        owner = _history_of(model)
        if not _governed(owner or label):
            missing.append(label)
    assert missing == [], "say how long these are kept (retention/coverage.py)"


def test_every_record_type_with_a_rule_of_its_own_has_an_active_seeded_rule():
    for label, record_type in coverage.OWN_RULE.items():
        assert RetentionRule.objects.filter(record_type=record_type, is_active=True).exists(), label


def test_anything_no_rule_fits_falls_under_one_default_rule_that_ends_in_review():
    default = RetentionRule.objects.get(is_default=True)
    assert default.action == Action.REVIEW and default.period_months == 72


def test_the_allow_list_names_only_models_that_exist():
    labels = {model._meta.label for model in apps.get_models()}
    listed = set(coverage.OWN_RULE) | set(coverage.WITH_PARENT) | set(coverage.GOVERNED_ELSEWHERE)
    assert listed - labels == set()
    assert all(reason.strip() for reason in coverage.GOVERNED_ELSEWHERE.values())
