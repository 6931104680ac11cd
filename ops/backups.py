"""Backups of the database and the media files, and their restoration (manage.py backup/restore).

One archive, ``portal-YYYYmmdd-HHMMSS.tar.gz``, holds:

- ``manifest.json``: engine, time, and the counts of rows (main and our own tables) and media files;
- ``database.sqlite3`` (SQLite, a consistent copy made with sqlite3's online backup API, safe
  while the site runs) or ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``);
- ``data.jsonl``: the same data, engine-neutral (ops/portable.py), read from the same snapshot;
- ``media/``: every uploaded file (original images, renditions, documents).

A restore into the engine of the backup uses the native copy; into the other engine, the
neutral one. Archives made before the neutral copy existed restore into their own engine only.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connections, transaction
from django.utils.translation import gettext as _

from pagecache.version import forget_cached_content

from .counts import MEDIA_FILES, files_under, table_counts
from .portable import DATA_NAME, applied_migrations, dump_data, load_data, schema_differences

SQLITE_NAME = "database.sqlite3"
POSTGRES_NAME = "database.dump"
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
# The archive layout this version writes and reads ("data_file" is optional: older archives).
FORMAT = 1
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(CommandError):
    pass


@dataclass
class Restored:
    """What a restore did: the backup's manifest, and the counts before (in the backup) and after."""

    manifest: dict
    target: str
    before: dict[str, int]
    after: dict[str, int]

    @property
    def source(self) -> str:
        return self.manifest["engine"]

    def differences(self) -> list[str]:
        return [key for key, count in self.before.items() if self.after.get(key) != count]


def engine_of(alias="default") -> str:
    vendor = connections[alias].vendor
    if vendor not in ENGINE_NAMES:
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


@contextmanager
def _snapshot(work: Path, alias) -> Iterator[str]:
    """Write the native copy into ``work`` and give its name; inside the block the connection reads
    the very state that was copied, so the neutral copy and the counts agree with it while the
    site runs."""
    connection = connections[alias]
    if engine_of(alias) == "sqlite":
        with _sqlite_read_transaction(connection):
            destination = sqlite3.connect(work / SQLITE_NAME)
            try:
                connection.connection.backup(destination)
            finally:
                destination.close()
            yield SQLITE_NAME
        return
    args, env = _postgres_env(alias)
    with transaction.atomic(using=alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                *args,
                "--file",
                str(work / POSTGRES_NAME),
                connection.settings_dict["NAME"],
            ],
            env,
        )
        yield POSTGRES_NAME


@contextmanager
def _sqlite_read_transaction(connection) -> Iterator[None]:
    """A read transaction: every read sees the state of the first one, and with WAL the editors'
    saves carry on meanwhile (Django's atomic() would take the write lock: IMMEDIATE mode)."""
    connection.ensure_connection()
    if connection.in_atomic_block:
        yield
        return
    connection.connection.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        connection.connection.execute("COMMIT")


def create_backup(output_dir: Path, alias="default", now=None) -> Path:
    """Write the archive into ``output_dir`` and return its path."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    now = now or datetime.datetime.now()
    archive = output_dir / f"portal-{now:%Y%m%d-%H%M%S}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as work:
        work = Path(work)
        with _snapshot(work, alias) as database_file:
            dump_data(work / DATA_NAME, alias)
            counts = table_counts(alias)
            migrations = applied_migrations(alias)
        manifest = {
            "format": FORMAT,
            "engine": engine_of(alias),
            "database_file": database_file,
            "data_file": DATA_NAME,
            "migrations": migrations,
            "created": now.isoformat(timespec="seconds"),
            "counts": counts,
            MEDIA_FILES: len(files_under(media_root)),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / MANIFEST, arcname=MANIFEST)
            tar.add(work / database_file, arcname=database_file)
            tar.add(work / DATA_NAME, arcname=DATA_NAME)
            if media_root.is_dir():
                tar.add(media_root, arcname=MEDIA_DIR)
        # Only a finished archive carries the final name: a crash never leaves a half backup.
        partial.replace(archive)
    return archive


def database_is_empty(alias="default") -> bool:
    return not connections[alias].introspection.table_names()


def restore_backup(archive: Path, alias="default", force=False) -> Restored:
    """Restore the archive into the configured database and MEDIA_ROOT, and count again."""
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
        if manifest["engine"] != engine and not manifest.get("data_file"):
            raise BackupError(
                _(
                    "This backup of a %(source)s database was made before backups carried an engine-neutral copy "
                    "of the data: it restores into %(source)s only. Restore it into %(source)s, make a new backup "
                    "there, and restore that one into %(target)s."
                )
                % {"source": ENGINE_NAMES[manifest["engine"]], "target": ENGINE_NAMES[engine]}
            )
        if engine == "sqlite" and _in_memory(connections[alias].settings_dict["NAME"]):
            raise BackupError(_("Restoring into an in-memory SQLite database is not possible."))
        if manifest["engine"] != engine:
            _check_schema(manifest, engine)
            _restore_portable(work / manifest["data_file"], alias)
        elif engine == "sqlite":
            _restore_sqlite(work / manifest["database_file"], alias)
        else:
            _restore_postgres(work / manifest["database_file"], alias, force)
        media_root = Path(settings.MEDIA_ROOT)
        if (work / MEDIA_DIR).is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(work / MEDIA_DIR, media_root, dirs_exist_ok=True)
        archived_files = files_under(work / MEDIA_DIR)
        restored_files = sum(1 for path in archived_files if (media_root / path).is_file())
    # Cached pages, fragments and renditions describe the database that was replaced.
    forget_cached_content()
    before = dict(manifest["counts"])
    after = table_counts(alias, tables=list(before))
    if MEDIA_FILES in manifest:
        before[MEDIA_FILES] = manifest[MEDIA_FILES]
        after[MEDIA_FILES] = restored_files
    return Restored(manifest=manifest, target=engine, before=before, after=after)


def _check_schema(manifest: dict, engine: str) -> None:
    """A restore into the other engine loads the rows with this version's models: refuse data
    dumped at other migrations (a native restore is migrated afterwards, this one cannot be)."""
    if "migrations" not in manifest:  # archives from before the manifest listed them
        return
    unknown, missing = schema_differences(manifest["migrations"])
    names = {"source": ENGINE_NAMES[manifest["engine"]], "target": ENGINE_NAMES[engine]}
    if unknown:
        raise BackupError(
            _(
                "This backup was made by a newer version of the portal (its database has migrations this "
                "version does not know: %(migrations)s). Install that version or a newer one, then restore."
            )
            % {"migrations": ", ".join(unknown[:5])}
        )
    if missing:
        raise BackupError(
            _(
                "This backup was made by an older version of the portal (its database lacks the migrations "
                "%(migrations)s). Restore it into %(source)s, run migrate there, make a new backup and restore "
                "that one into %(target)s."
            )
            % {"migrations": ", ".join(missing[:5]), **names}
        )


def _in_memory(name) -> bool:
    return str(name) in {":memory:", ""} or "mode=memory" in str(name)


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
    if "data_file" in manifest and (manifest["data_file"] != DATA_NAME or not (work / DATA_NAME).is_file()):
        reason = _("the engine-neutral copy of the data (%(file)s) is missing.") % {"file": DATA_NAME}
        raise BackupError(not_a_backup % {"archive": archive.name, "reason": reason})
    if not isinstance(manifest.get("counts"), dict):
        reason = _("its manifest.json holds no manifest.")
        raise BackupError(not_a_backup % {"archive": archive.name, "reason": reason})
    return manifest


def _restore_sqlite(source: Path, alias) -> None:
    connection = connections[alias]
    connection.close()
    target = connection.settings_dict["NAME"]
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


def _restore_portable(source: Path, alias) -> None:
    try:
        load_data(source, alias)
    except (CommandError, DatabaseError, DeserializationError, ObjectDoesNotExist, ValueError) as error:
        raise BackupError(
            _("The data could not be loaded (%(error)s); the database's content was left as it was.") % {"error": error}
        ) from error
