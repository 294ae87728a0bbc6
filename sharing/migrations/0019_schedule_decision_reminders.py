"""Beat schedule: every weekday morning, escalate emergency records not
completed in time to the deciding organisation's managers, and remind the
maker of a decision whose "tell them later" date has come. Schedules live in
the database (django-celery-beat), as the others do."""

from django.db import migrations

TASK_NAME = "Decision reminders: overdue emergency records and telling the family"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="15",
        hour="7",
        day_of_week="1-5",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME, defaults={"task": "decisions.send_reminders", "crontab": crontab}
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0018_decision_bases_advice_reminders"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
