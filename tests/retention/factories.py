import importlib

from django.apps import apps

from retention.models import RetentionRule


def ensure_rules() -> None:
    """Transactional tests (browser, worker) run on a database flushed of the
    rows the data migrations made: seed the rules again, from the migration."""
    if not RetentionRule.objects.exists():
        importlib.import_module("retention.migrations.0002_seed_rules").seed(apps, None)
