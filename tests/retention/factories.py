import importlib

from django.apps import apps

from retention.models import RetentionRule


def ensure_rules() -> None:
    """Transactional tests (browser, worker) run on a database flushed of the
    rows the data migrations made: seed the rules again, from the migration."""
    if not RetentionRule.objects.exists():
        for migration in (
            "0002_seed_rules",
            "0013_categories_fallback_and_hold_scopes",
            "0015_transfer_and_subject_access_rules",
        ):
            importlib.import_module(f"retention.migrations.{migration}").seed(apps, None)
