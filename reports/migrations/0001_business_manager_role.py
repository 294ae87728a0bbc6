"""The partnership business manager's role: a group with no model permission
at all. What the role may see (the statistics, never a record) is decided in
reports/permissions.py; the name is copied from sharing/roles.py, as a
migration must not import application code."""

from django.db import migrations

ROLE = "Partnership business manager"


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=ROLE)


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ROLE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role, remove_role)]
