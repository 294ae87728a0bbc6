"""Decisions not to share recorded before the main reason was asked for as a
category are marked "not recorded", never guessed from their words: the
statistics then count them as such ("Not recorded (before reasons were
categorised)"), and their reasons stay as written. Their history rows keep what
was recorded at the time (no category); the decision itself gets no new
history row, as nothing anyone decided changed."""

from django.db import migrations

NOT_RECORDED = "not_recorded"  # sharing.choices.DeclineReason.NOT_RECORDED


def mark_not_recorded(apps, schema_editor):
    Decision = apps.get_model("sharing", "Decision")
    Decision.objects.filter(outcome="do_not_share", decline_reason="").update(
        decline_reason=NOT_RECORDED
    )


def unmark(apps, schema_editor):
    Decision = apps.get_model("sharing", "Decision")
    Decision.objects.filter(decline_reason=NOT_RECORDED).update(decline_reason="")


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0027_decision_decline_reason_and_period_index"),
    ]

    operations = [migrations.RunPython(mark_not_recorded, unmark)]
