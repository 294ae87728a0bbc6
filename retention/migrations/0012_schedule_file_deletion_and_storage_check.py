"""Beat schedule: delete disposed files from the outbox every 15 minutes (a
file whose deletion failed is tried again until it is gone), and check
private storage weekly for files no record points to."""

from django.db import migrations

SCHEDULES = [
    ("Delete files of disposed records", "retention.delete_files", {"minute": "*/15"}),
    (
        "Check private storage for files no record points to",
        "retention.check_private_storage",
        {"minute": "0", "hour": "5", "day_of_week": "1"},
    ),
]


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, when in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            **{
                "minute": "*",
                "hour": "*",
                "day_of_week": "*",
                "day_of_month": "*",
                "month_of_year": "*",
                **when,
            },
            timezone="Europe/London",
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})


def unschedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _, _ in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("retention", "0011_outbox_notices_holds_on_certificate")]

    operations = [migrations.RunPython(schedule, unschedule)]
