"""The engine-neutral copy of the data that every backup carries, for a restore into another engine.

A native copy (SQLite file, ``pg_dump``) restores only into its own engine. A portal tried with
``make run`` (SQLite) and then put into production (PostgreSQL) moves with this copy instead:
every row of every table, as Django's JSON lines, written and read one row at a time so a large
site never needs to fit in memory.

- Every row keeps its id: generic references (a revision's object id, log entries) stay right.
- Content types and permissions get engine- and history-dependent ids from the migrations that
  create them, so they are written, and referred to, by natural key.
- The search index is left out and rebuilt from the content (``update_index``).

Loading is Django's ``loaddata`` into a migrated database whose other tables were emptied: it
saves rows raw (signal receivers skip their side effects: no e-mails, no cache purges, no
indexing), checks every foreign key once at the end, and resets PostgreSQL's sequences past the
loaded ids (what ``sqlsequencereset`` prints).
"""

from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.db import connections, router, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

DATA_NAME = "data.jsonl"
BY_NATURAL_KEY = (ContentType, Permission)
REBUILT_APPS = {"wagtailsearch"}
CHUNK_SIZE = 2000


def dumped_models(alias="default") -> list:
    """Every model with rows of its own, content types and permissions first (others name them)."""
    existing = set(connections[alias].introspection.table_names())
    others = [model for model in apps.get_models() if model not in BY_NATURAL_KEY]
    return [
        model
        for model in [*BY_NATURAL_KEY, *others]
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in REBUILT_APPS
        and model._meta.db_table in existing
        and router.allow_migrate_model(alias, model)
    ]


class _Serializer(jsonl.Serializer):
    """JSON lines where content types and permissions are natural keys, every other row its id."""

    def __init__(self, natural_keys: dict):
        self.natural_keys = natural_keys

    def get_dump_object(self, obj):
        data = super().get_dump_object(obj)
        if isinstance(obj, BY_NATURAL_KEY):
            del data["pk"]
        return data

    def handle_fk_field(self, obj, field):
        keys = self.natural_keys.get(field.related_model)
        if keys is None:
            super().handle_fk_field(obj, field)
            return
        value = getattr(obj, field.attname)
        self._current[field.name] = None if value is None else keys[value]

    def handle_m2m_field(self, obj, field):
        keys = self.natural_keys.get(field.related_model)
        if keys is None or not field.remote_field.through._meta.auto_created:
            super().handle_m2m_field(obj, field)
            return
        self._current[field.name] = [keys[pk] for pk in getattr(obj, field.name).values_list("pk", flat=True)]


def dump_data(path: Path, alias="default") -> None:
    """Write every row readable through ``alias`` into ``path``."""
    natural_keys = {
        ContentType: {kind.pk: kind.natural_key() for kind in ContentType.objects.using(alias)},
        Permission: {
            permission.pk: permission.natural_key()
            for permission in Permission.objects.using(alias).select_related("content_type")
        },
    }
    serializer = _Serializer(natural_keys)
    with open(path, "w", encoding="utf-8") as stream:
        for model in dumped_models(alias):
            rows = model._base_manager.using(alias).order_by("pk").iterator(chunk_size=CHUNK_SIZE)
            serializer.serialize(rows, stream=stream)


def applied_migrations(alias="default") -> list[str]:
    """The migrations the database has, as "app.name", for the manifest."""
    applied = MigrationRecorder(connections[alias]).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


def schema_differences(recorded: list[str], alias="default") -> tuple[list[str], list[str]]:
    """What stands between rows dumped at ``recorded`` migrations and this code's models:
    (migrations the data has and the code does not know, the code's latest migrations the data
    never went through). The rows are loaded with today's models, so both must be empty."""
    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    # A squashed migration is recorded as the migrations it replaces.
    known = set(loader.disk_migrations)
    known.update(replaced for migration in loader.disk_migrations.values() for replaced in migration.replaces)
    known_apps = {app for app, _name in known}
    recorded_keys = {tuple(label.split(".", 1)) for label in recorded}
    unknown = sorted(f"{app}.{name}" for app, name in recorded_keys if app in known_apps and (app, name) not in known)
    missing = sorted(
        f"{app}.{name}" for app, name in loader.graph.leaf_nodes() if not _applied(app, name, loader, recorded_keys)
    )
    return unknown, missing


def _applied(app, name, loader, recorded_keys) -> bool:
    replaced = loader.disk_migrations[app, name].replaces
    return (app, name) in recorded_keys or (bool(replaced) and all(key in recorded_keys for key in replaced))


def load_data(path: Path, alias="default") -> None:
    """Replace the content of the database ``alias`` with the rows in ``path``."""
    call_command("migrate", database=alias, interactive=False, verbosity=0)
    # One transaction: rows that fail to load leave the tables as they were.
    with transaction.atomic(using=alias):
        _empty_tables(alias)
        call_command("loaddata", str(path), database=alias, verbosity=0)
    call_command("update_index", verbosity=0)


def _empty_tables(alias) -> None:
    """Remove what the migrations created (root page, default site, groups, workflow), keeping
    the content types and permissions the rows are matched to by natural key."""
    connection = connections[alias]
    kept = {model._meta.db_table for model in BY_NATURAL_KEY}
    tables = [
        table
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False)
        if table not in kept
    ]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, reset_sequences=True))
