"""Seeded retention rules (seed 000 §7 and local policy), editable in the admin."""

from django.db import migrations

RULES = [
    {
        "name": "School-held secondary SCP case records",
        "record_type": "case",
        "organisation_kind": "school",
        "trigger": "date_of_birth",
        "school_year_rule": True,
        "period_months": 0,
        "action": "dispose",
        "disposal_method": "secure_deletion",
        "priority": 10,
        "max_retain_months": 12,
    },
    {
        "name": "Safeguarding unit case records: review six years after closure",
        "record_type": "case",
        "organisation_kind": "",
        "trigger": "case_closed",
        "period_months": 72,
        "action": "review",
        "disposal_method": "secure_deletion",
        "priority": 100,
        "max_retain_months": 24,
    },
    {
        "name": "Information requests: review six years after closure",
        "record_type": "request",
        "organisation_kind": "",
        "trigger": "request_closed",
        "period_months": 72,
        "action": "review",
        "disposal_method": "secure_deletion",
        "priority": 100,
        "max_retain_months": 24,
    },
]


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("retention", "RetentionRule")
    for spec in RULES:
        RetentionRule.objects.update_or_create(name=spec["name"], defaults=spec)


def unseed(apps, schema_editor):
    apps.get_model("retention", "RetentionRule").objects.filter(
        name__in=[r["name"] for r in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
