"""Beat schedule: purge expired saved searches every five minutes, so a search's
terms (names, dates of birth) last about as long as their 30 minutes and no
longer. Schedules live in the database (django-celery-beat), as the others do."""

from django.db import migrations

TASK_NAME = "Purge expired saved searches"


def schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={"task": "sharing.saved_searches_purge_expired", "interval": every},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0016_access_changes_saved_searches"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
