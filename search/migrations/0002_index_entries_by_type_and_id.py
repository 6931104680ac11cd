"""PostgreSQL only (elsewhere a no-op): index entries by page type and id.

The search looks for matches among each page type's most recently indexed entries first
(``FoldingPostgresSearchBackend._newest_entries``): this index finds where that slice begins
and narrows the GIN index's matches to it.
"""

from django.db import migrations

INDEX = "search_indexentry_type_id"
TABLE = "wagtailsearch_indexentry"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} (content_type_id, id)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_postgres_text_search")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
