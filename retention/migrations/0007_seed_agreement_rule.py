from django.db import migrations

RULE = {
    "name": "Information sharing agreements: review by their review date",
    "record_type": "agreement",
    "organisation_kind": "",
    "trigger": "review_date",
    "period_months": 0,
    "notice_days": 30,
    "action": "review",
    "disposal_method": "secure_deletion",
    "priority": 100,
    "max_retain_months": 36,
}


def seed(apps, schema_editor):
    apps.get_model("retention", "RetentionRule").objects.update_or_create(
        name=RULE["name"], defaults=RULE
    )


def unseed(apps, schema_editor):
    apps.get_model("retention", "RetentionRule").objects.filter(name=RULE["name"]).delete()


class Migration(migrations.Migration):
    dependencies = [("retention", "0006_notice_days")]

    operations = [migrations.RunPython(seed, unseed)]
