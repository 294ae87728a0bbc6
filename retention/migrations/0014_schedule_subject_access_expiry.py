"""Beat schedule: delete released subject access packs whose time is up, nightly."""

from django.db import migrations

NAME = "Delete expired subject access packs"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="45",
        hour="3",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={"task": "retention.expire_subject_access_packs", "crontab": crontab},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("retention", "0013_subject_access_requests")]

    operations = [migrations.RunPython(schedule, unschedule)]
