from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = ["add_retentionrule", "change_retentionrule", "view_retentionrule"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator = Group.objects.get(name="Administrator")
    for codename in PERMISSIONS:
        administrator.permissions.add(
            Permission.objects.get(content_type__app_label="retention", codename=codename)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="Administrator").permissions.remove(
        *Permission.objects.filter(content_type__app_label="retention", codename__in=PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [("retention", "0007_seed_agreement_rule"), ("sharing", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]
