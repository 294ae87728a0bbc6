"""The register's roles as groups, and the administrator's model permissions.

Role names are copied from sharing/roles.py: a migration must not import
application code that may change after it is written.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = [
    "Safeguarding unit staff",
    "Manager",
    "School SCPO",
    "Data protection officer",
    "Administrator",
]

# Administrators configure the register: organisations, users, roles, schedules,
# lockouts and lost authenticators. No case content; no deleting users (deactivate
# instead, so their history stays attributable).
ADMINISTRATOR_PERMISSIONS = [
    ("sharing", "add_organisation"),
    ("sharing", "change_organisation"),
    ("sharing", "view_organisation"),
    ("sharing", "add_user"),
    ("sharing", "change_user"),
    ("sharing", "view_user"),
    ("auth", "add_group"),
    ("auth", "change_group"),
    ("auth", "view_group"),
    ("django_celery_beat", "add_periodictask"),
    ("django_celery_beat", "change_periodictask"),
    ("django_celery_beat", "view_periodictask"),
    ("django_celery_beat", "add_crontabschedule"),
    ("django_celery_beat", "change_crontabschedule"),
    ("django_celery_beat", "view_crontabschedule"),
    ("django_celery_beat", "add_intervalschedule"),
    ("django_celery_beat", "change_intervalschedule"),
    ("django_celery_beat", "view_intervalschedule"),
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("axes", "view_accesslog"),
    ("otp_totp", "view_totpdevice"),
    ("otp_totp", "delete_totpdevice"),
    ("otp_static", "view_staticdevice"),
    ("otp_static", "delete_staticdevice"),
    ("guardian", "view_userobjectpermission"),
    ("guardian", "change_userobjectpermission"),
    ("guardian", "add_userobjectpermission"),
    ("guardian", "delete_userobjectpermission"),
    ("guardian", "view_groupobjectpermission"),
    ("guardian", "change_groupobjectpermission"),
    ("guardian", "add_groupobjectpermission"),
    ("guardian", "delete_groupobjectpermission"),
]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); on a
    # fresh database they do not exist yet, so create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    administrator = Group.objects.get(name="Administrator")
    for app_label, codename in ADMINISTRATOR_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        administrator.permissions.add(permission)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("axes", "0010_accessattemptexpiration"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
