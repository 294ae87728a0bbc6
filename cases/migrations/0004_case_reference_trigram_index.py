"""Case search by reference: a trigram index on the reference (PostgreSQL only).

The case search matches a reference or a name anywhere in it (Django's
icontains: UPPER(reference) LIKE UPPER('%term%')). With the names' index
(migration 0003) this lets PostgreSQL build the set of matching cases from the
two indexes, instead of testing every case in the table. SQLite (the embedded
demo) searches by scanning, which is fine at demo size."""

from django.db import migrations

INDEX = "cases_case_reference_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_case USING gin "
        "(UPPER(reference::text) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_person_name_trigram_index")]

    operations = [migrations.RunPython(create_index, drop_index)]
