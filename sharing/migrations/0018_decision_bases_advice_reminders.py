# The decision record's lawful bases, advice and follow-ups (issue 15): why
# para 18 rather than consent, the other reason for not telling, the date to
# tell them, what advice was asked for, and the reminders sent.

import django.db.models.deletion
from django.db import migrations, models

PARA_18 = [
    ("cannot_be_given", "Consent cannot be given by or for the person"),
    ("cannot_reasonably_obtain", "We cannot reasonably be expected to get consent"),
    ("would_prejudice", "Asking for consent would put the protection at risk"),
]
ADVICE = [
    ("", "No advice sought"),
    ("dpo", "Data protection officer"),
    ("caldicott", "Caldicott Guardian"),
    ("legal", "Legal"),
    ("manager", "Manager"),
    ("without_naming", "Advice sought without naming the child or family"),
]
NOT_TOLD = [
    ("risk_of_harm", "Telling them would create or increase a risk of harm"),
    ("prejudice_crime", "It would prejudice the prevention or detection of crime"),
    ("other", "Other reason (say what it is)"),
]


def _decision_fields(model_name):
    return [
        migrations.AddField(
            model_name=model_name,
            name="advice_asked",
            field=models.TextField(blank=True, verbose_name="what advice was asked for"),
        ),
        migrations.AddField(
            model_name=model_name,
            name="not_told_explanation",
            field=models.TextField(blank=True, verbose_name="the other reason they were not told"),
        ),
        migrations.AddField(
            model_name=model_name,
            name="schedule1_para18_reason",
            field=models.CharField(
                blank=True,
                choices=PARA_18,
                max_length=24,
                verbose_name="why para 18 and not consent",
            ),
        ),
        migrations.AddField(
            model_name=model_name,
            name="tell_later_on",
            field=models.DateField(blank=True, null=True, verbose_name="date to tell them"),
        ),
        migrations.AlterField(
            model_name=model_name,
            name="advice_source",
            field=models.CharField(blank=True, choices=ADVICE, max_length=16),
        ),
        migrations.AlterField(
            model_name=model_name,
            name="not_told_reason",
            field=models.CharField(
                blank=True, choices=NOT_TOLD, max_length=16, verbose_name="why they were not told"
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0017_schedule_saved_searches_purge"),
    ]

    operations = [
        migrations.CreateModel(
            name="Reminder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("emergency_overdue", "Emergency record overdue"),
                            ("tell_later", "Tell the child or family"),
                        ],
                        max_length=20,
                    ),
                ),
                ("day", models.DateField()),
                ("sent_at", models.DateTimeField(auto_now_add=True)),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminders",
                        to="sharing.decision",
                    ),
                ),
            ],
            options={"ordering": ["day", "id"]},
        ),
        migrations.AddConstraint(
            model_name="reminder",
            constraint=models.UniqueConstraint(
                fields=("decision", "kind", "day"), name="decision_reminder_once_a_day"
            ),
        ),
        *_decision_fields("decision"),
        *_decision_fields("historicaldecision"),
    ]
