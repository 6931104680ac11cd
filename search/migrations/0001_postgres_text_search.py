"""PostgreSQL only (elsewhere a no-op): what the folding search backend needs there.

- ``unaccent`` and the ``vietnamese_unaccent`` text search configuration (a copy of ``simple``
  whose words also go through ``unaccent``);
- a GIN index on ``title || body``, the expression Wagtail's PostgreSQL backend searches;
- index entries keep their long body vectors out of line (``toast_tuple_target``), so the rows
  a search reads are small. Existing rows take this on their next update (``update_index``).
"""

from django.db import migrations

CONFIG = "vietnamese_unaccent"
WORD_TOKENS = "word, hword, hword_part, numword, numhword, hword_numpart"
INDEX = "search_indexentry_title_body_gin"
TABLE = "wagtailsearch_indexentry"


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # unaccent is a trusted extension: the database owner may create it.
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s AND pg_ts_config_is_visible(oid)", [CONFIG])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.simple)")
            cursor.execute(f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, simple")
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin ((title || body))")
        cursor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)")


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} RESET (toast_tuple_target)")
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
