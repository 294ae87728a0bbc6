"""Disclosures' and organisations' channels onto the one catalogue of secure
channels (sharing.choices.SecureChannel), and every item shared marked.

Run before the schema change that adds the item constraint (0021), in a
transaction of its own: PostgreSQL refuses to alter a table with row updates
still pending in the same transaction."""

from django.db import migrations

# MoveIT is a secure file transfer. "Verbal (phone or meeting)" was offered for
# emergencies, and "phone" was written by hand: both are telephone shares, so
# they are flagged until confirmed in writing. History rows keep what was
# recorded at the time.
OLD_TO_NEW = {"moveit": "secure_file_transfer", "verbal": "telephone", "phone": "telephone"}


def to_catalogue(apps, schema_editor):
    Disclosure = apps.get_model("sharing", "Disclosure")
    DisclosureItem = apps.get_model("sharing", "DisclosureItem")
    Organisation = apps.get_model("sharing", "Organisation")
    for old, new in OLD_TO_NEW.items():
        Disclosure.objects.filter(channel=old).update(channel=new)
    Organisation.objects.filter(secure_channel="moveit").update(
        secure_channel="secure_file_transfer"
    )
    # The service never saved an unmarked item; a bulk load might have. Such an
    # item is read as the least certain marking, never as fact.
    DisclosureItem.objects.exclude(information_status__in=["fact", "opinion", "historical"]).update(
        information_status="opinion"
    )


def back(apps, schema_editor):
    Disclosure = apps.get_model("sharing", "Disclosure")
    Organisation = apps.get_model("sharing", "Organisation")
    Disclosure.objects.filter(channel="secure_file_transfer").update(channel="moveit")
    Disclosure.objects.filter(channel="telephone").update(channel="verbal")
    Organisation.objects.filter(secure_channel="secure_file_transfer").update(
        secure_channel="moveit"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0019_schedule_decision_reminders"),
    ]

    operations = [migrations.RunPython(to_catalogue, back)]
