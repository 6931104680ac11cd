"""Backups of the database and the media files, and their restoration (manage.py backup/restore).

One archive, ``portal-YYYYmmdd-HHMMSS.tar.gz``, holds:

- ``manifest.json``: engine, time, version, and the number of rows of the main tables;
- ``database.sqlite3`` (SQLite, a consistent copy made with sqlite3's online backup API, safe
  while the site runs) or ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``);
- ``media/``: every uploaded file (original images, renditions, documents).
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections
from django.utils.translation import gettext as _

SQLITE_NAME = "database.sqlite3"
POSTGRES_NAME = "database.dump"
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
# The archive layout this version writes and reads.
FORMAT = 1
COUNTED_TABLES = [
    "wagtailcore_page",
    "wagtailcore_revision",
    "wagtailimages_image",
    "wagtailimages_rendition",
    "wagtaildocs_document",
    "auth_user",
]


class BackupError(CommandError):
    pass


def engine_of(alias="default") -> str:
    vendor = connections[alias].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(_("Unsupported database engine: %(engine)s.") % {"engine": vendor})
    return vendor


def _postgres_env(alias="default") -> tuple[list[str], dict]:
    """Connection arguments for pg_dump/pg_restore; the password goes in the environment only."""
    db = connections[alias].settings_dict
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env=None) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(
            _("%(program)s is not installed (the PostgreSQL client tools are needed).") % {"program": command[0]}
        ) from error
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s") % {"program": command[0], "error": result.stderr.strip()[-2000:]}
        )


def table_counts(alias="default") -> dict[str, int]:
    connection = connections[alias]
    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for table in COUNTED_TABLES:
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                counts[table] = cursor.fetchone()[0]
    return counts


def dump_database(target_dir: Path, alias="default") -> str:
    engine = engine_of(alias)
    connection = connections[alias]
    if engine == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target_dir / SQLITE_NAME)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return SQLITE_NAME
    args, env = _postgres_env(alias)
    name = connection.settings_dict["NAME"]
    _run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            *args,
            "--file",
            str(target_dir / POSTGRES_NAME),
            name,
        ],
        env,
    )
    return POSTGRES_NAME


def create_backup(output_dir: Path, alias="default", now=None) -> Path:
    """Write the archive into ``output_dir`` and return its path."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    now = now or datetime.datetime.now()
    archive = output_dir / f"portal-{now:%Y%m%d-%H%M%S}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as work:
        work = Path(work)
        database_file = dump_database(work, alias)
        manifest = {
            "format": FORMAT,
            "engine": engine_of(alias),
            "database_file": database_file,
            "created": now.isoformat(timespec="seconds"),
            "counts": table_counts(alias),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / MANIFEST, arcname=MANIFEST)
            tar.add(work / database_file, arcname=database_file)
            if media_root.is_dir():
                tar.add(media_root, arcname=MEDIA_DIR)
        # Only a finished archive carries the final name: a crash never leaves a half backup.
        partial.replace(archive)
    return archive


def database_is_empty(alias="default") -> bool:
    return not connections[alias].introspection.table_names()


def restore_backup(archive: Path, alias="default", force=False) -> dict:
    """Restore the archive into the configured database and MEDIA_ROOT; return its manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("No such backup: %(archive)s") % {"archive": archive})
    engine = engine_of(alias)
    if not force and not database_is_empty(alias):
        raise BackupError(
            _("The database is not empty: restore into an empty database, or add --force to replace its content.")
        )
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as work:
        work = Path(work)
        _extract(archive, work)
        manifest = _read_manifest(work, archive)
        if manifest["engine"] != engine:
            raise BackupError(
                _("This backup is of a %(source)s database; the target is %(target)s.")
                % {"source": manifest["engine"], "target": engine}
            )
        if engine == "sqlite":
            _restore_sqlite(work / manifest["database_file"], alias)
        else:
            _restore_postgres(work / manifest["database_file"], alias, force)
        media_root = Path(settings.MEDIA_ROOT)
        if (work / MEDIA_DIR).is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(work / MEDIA_DIR, media_root, dirs_exist_ok=True)
    return manifest


def _extract(archive: Path, work: Path) -> None:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            # The "data" filter refuses absolute paths, "..", links outside and device files.
            tar.extractall(work, filter="data")
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(
            _("%(archive)s is not a readable backup archive (%(error)s).") % {"archive": archive.name, "error": error}
        ) from error


def _read_manifest(work: Path, archive: Path) -> dict:
    """The archive's manifest, checked before anything in the database is touched."""
    not_a_backup = _("%(archive)s is not a backup made by the backup command: %(reason)s")
    try:
        manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(not_a_backup % {"archive": archive.name, "reason": _("it has no manifest.json.")}) from None
    except (ValueError, OSError) as error:
        reason = _("its manifest.json cannot be read (%(error)s).") % {"error": error}
        raise BackupError(not_a_backup % {"archive": archive.name, "reason": reason}) from error
    if not isinstance(manifest, dict):
        reason = _("its manifest.json holds no manifest.")
        raise BackupError(not_a_backup % {"archive": archive.name, "reason": reason})
    if manifest.get("format") != FORMAT:
        reason = _("its format (%(format)s) is not the one this version reads (%(expected)s).") % {
            "format": manifest.get("format"),
            "expected": FORMAT,
        }
        raise BackupError(not_a_backup % {"archive": archive.name, "reason": reason})
    database_file = {"sqlite": SQLITE_NAME, "postgresql": POSTGRES_NAME}.get(manifest.get("engine"))
    if database_file is None or manifest.get("database_file") != database_file or not (work / database_file).is_file():
        reason = _("the database file is missing.")
        raise BackupError(not_a_backup % {"archive": archive.name, "reason": reason})
    return manifest


def _restore_sqlite(source: Path, alias) -> None:
    connection = connections[alias]
    connection.close()
    target = connection.settings_dict["NAME"]
    if str(target) in {":memory:", ""} or "mode=memory" in str(target):
        raise BackupError(_("Restoring into an in-memory SQLite database is not possible."))
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    origin = sqlite3.connect(source)
    destination = sqlite3.connect(target)
    try:
        origin.backup(destination)
    finally:
        origin.close()
        destination.close()


def _restore_postgres(source: Path, alias, force) -> None:
    connection = connections[alias]
    connection.close()
    args, env = _postgres_env(alias)
    extra = ["--clean", "--if-exists"] if force else []
    name = connection.settings_dict["NAME"]
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            *extra,
            *args,
            "--dbname",
            name,
            str(source),
        ],
        env,
    )
