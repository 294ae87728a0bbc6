"""Name search: a trigram index on people's names (PostgreSQL only).

The case and person searches match any part of a name, case-insensitively
(Django's icontains: UPPER(name) LIKE UPPER('%term%')), which no b-tree index
serves. pg_trgm's GIN index on the same UPPER() expressions does. pg_trgm is a
trusted extension: the database owner may create it. SQLite (the embedded
demo) searches by scanning, which is fine at demo size."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "cases_person_names_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_person USING gin "
        "(UPPER(first_name::text) gin_trgm_ops, UPPER(last_name::text) gin_trgm_ops, "
        "UPPER(other_names::text) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index),
    ]
