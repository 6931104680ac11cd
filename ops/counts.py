"""What a backup counts when it is made and a restore counts again when it is done.

The main Wagtail tables, every table of our own apps, and the media files: the same numbers
before and after say that nothing was lost on the way, whichever engine the data moved to.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.utils.translation import pgettext_lazy

MEDIA_FILES = "media_files"
# A context of their own: these short words must not change Wagtail's own "Pages", "Images"...
LABELS = {
    "wagtailcore_page": pgettext_lazy("backup counts", "Pages"),
    "wagtailcore_revision": pgettext_lazy("backup counts", "Revisions"),
    "wagtaildocs_document": pgettext_lazy("backup counts", "Documents"),
    "wagtailimages_image": pgettext_lazy("backup counts", "Images"),
    "wagtailimages_rendition": pgettext_lazy("backup counts", "Image renditions"),
    "auth_user": pgettext_lazy("backup counts", "User accounts"),
    MEDIA_FILES: pgettext_lazy("backup counts", "Media files"),
}
MAIN_TABLES = [table for table in LABELS if table != MEDIA_FILES]


def our_tables() -> list[str]:
    """The tables of the portal's own apps (the folders beside manage.py), many-to-many ones too."""
    base = Path(settings.BASE_DIR).resolve()
    tables = set()
    for config in apps.get_app_configs():
        if Path(config.path).resolve().parent != base:
            continue
        for model in config.get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    return sorted(tables)


def table_counts(alias="default", tables=None) -> dict[str, int]:
    """Rows in each of ``tables`` (the main and our own by default) that exists in the database."""
    connection = connections[alias]
    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for table in tables or [*MAIN_TABLES, *our_tables()]:
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                counts[table] = cursor.fetchone()[0]
    return counts


def files_under(folder: Path) -> list[Path]:
    """The files below ``folder``, as paths relative to it."""
    if not folder.is_dir():
        return []
    return sorted(path.relative_to(folder) for path in folder.rglob("*") if path.is_file())


def label(key: str) -> str:
    """``Pages (wagtailcore_page)`` for the main tables, the table name for the others."""
    if key == MEDIA_FILES:
        return str(LABELS[key])
    return f"{LABELS[key]} ({key})" if key in LABELS else key
