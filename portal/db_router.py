"""Public reads from a PostgreSQL read replica; everything else, and anything fresh, from the primary.

Installed only when DATABASE_REPLICA_URL is set (portal/settings/base.py): the "replica" alias,
``PrimaryReplicaRouter`` in DATABASE_ROUTERS and ``ReplicaMiddleware`` first in MIDDLEWARE.

Which requests may read the replica: anonymous GET and HEAD requests outside the admin
(``ReplicaMiddleware``). Everything else reads the primary: the admin, any other method, anyone
with a session (editors), a reader who wrote something a few seconds ago (a cookie), any code
outside a request (commands, cron), and the rest of a request once it wrote anything.

A reader right after a publish never gets the old page from a replica that is behind. Every
change a reader can see changes the content version (pagecache.version), and the version only
changes once the change is committed. So the primary's WAL position read at any moment after a
version appeared covers every change up to that version: the first request of a process to meet
a new version reads it (or finds it in the cache, where the first process to read it left it),
and the replica serves the request only when it has replayed that far. A page stored in the
page cache under that version was therefore rendered from data at least that new.

The replica is also left out, and reads go to the primary, while it is more than
REPLICA_MAX_LAG_SECONDS behind, and for REPLICA_RETRY_SECONDS after it failed to answer. A
request that failed because the replica went away mid-request is served again from the primary,
so readers see no error.
"""

import logging
import threading
import time
from contextlib import suppress
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

# Not only DatabaseError: a connection the server closed raises InterfaceError.
from django.db import Error as DatabaseDriverError
from django.db import connections

from pagecache.version import content_version

logger = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA = "replica"
# Set on the answer to a write request: the writer's next requests read the primary.
STICKY_COOKIE = "read-primary"
POSITION_KEY = "replica-position"
POSITION_SECONDS = 24 * 60 * 60  # longer than a version usually lives; one that outlives it is read again
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass
class RequestReads:
    """Where one request may read, and what it did."""

    may_use_replica: bool
    pinned: bool = False  # to the primary, for the rest of the request
    wrote: bool = False
    used_replica: bool = False
    replica_fresh: bool | None = None  # decided at the request's first read


_request: ContextVar[RequestReads | None] = ContextVar("portal_db_reads", default=None)


def lsn_number(lsn: str) -> int:
    """A PostgreSQL WAL position ("16/B374D848") as a number that compares in WAL order."""
    high, low = lsn.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def primary_position() -> int:
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        return lsn_number(cursor.fetchone()[0])


def replica_replay() -> tuple[str | None, float]:
    """How far the replica has replayed the primary's WAL (None when it is not a replica), and
    how many seconds ago it replayed its last transaction."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(
            "SELECT pg_last_wal_replay_lsn(), COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)"
        )
        replayed, since_last_replay = cursor.fetchone()
    return replayed, float(since_last_replay)


class ReplicaState:
    """What this process knows of the replica: reachable or not, how far it has replayed, its lag.

    Asked of the replica at most every REPLICA_CHECK_SECONDS, or sooner when a request needs a
    position newer than the last one seen.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.checked_at = 0.0
            self.down_until = 0.0
            self.replayed = 0
            self.lag_seconds = 0.0

    def usable(self) -> bool:
        """Reachable, and at most REPLICA_MAX_LAG_SECONDS behind the primary."""
        now = time.monotonic()
        if now < self.down_until:
            return False
        if now - self.checked_at >= settings.REPLICA_CHECK_SECONDS:
            self.check()
        return time.monotonic() >= self.down_until and self.lag_seconds <= settings.REPLICA_MAX_LAG_SECONDS

    def has_replayed(self, position: int) -> bool:
        if self.replayed >= position:
            return True
        self.check()
        return time.monotonic() >= self.down_until and self.replayed >= position

    def check(self) -> bool:
        """Ask the primary where it is and the replica how far it has replayed; False if it cannot say."""
        try:
            primary = primary_position()
            replayed, since_last_replay = replica_replay()
        except DatabaseDriverError as error:
            self.mark_down(f"unreachable: {error}")
            return False
        if replayed is None:  # not in recovery: a primary, or a replica that was promoted
            self.mark_down("it is not a replica (pg_last_wal_replay_lsn() is empty)")
            return False
        replayed = lsn_number(replayed)
        with self.lock:
            self.checked_at = time.monotonic()
            self.replayed = max(self.replayed, replayed)
            # Caught up means no lag, however long ago the last change was.
            self.lag_seconds = 0.0 if replayed >= primary else float(since_last_replay)
        return True

    def mark_down(self, why: str) -> None:
        with self.lock:
            self.down_until = time.monotonic() + settings.REPLICA_RETRY_SECONDS
            self.checked_at = 0.0
        logger.error("Read replica left out for %ss, reading the primary: %s", settings.REPLICA_RETRY_SECONDS, why)
        if REPLICA in connections.settings:
            with suppress(DatabaseDriverError):
                connections[REPLICA].close()  # a broken connection is not used again


replica_state = ReplicaState()


class VersionPositions:
    """The primary's WAL position when each content version was first met, shared through the cache."""

    def __init__(self):
        self.lock = threading.Lock()
        self.known: dict[int, int] = {}

    def of(self, version: int) -> int:
        position = self.known.get(version)
        if position is None:
            key = f"{POSITION_KEY}:{version}"
            position = cache.get(key)
            if position is None:
                position = primary_position()
                # The first process to read it wins, so that every process asks the same of the replica.
                if not cache.add(key, position, timeout=POSITION_SECONDS):
                    position = cache.get(key, position)
            with self.lock:
                if len(self.known) > 64:
                    self.known.clear()
                self.known[version] = position
        return position

    def clear(self):
        with self.lock:
            self.known.clear()


version_positions = VersionPositions()


def replica_is_fresh() -> bool:
    """May this request read the replica: usable, and it has replayed the current content version."""
    try:
        if not replica_state.usable():
            return False
        return replica_state.has_replayed(version_positions.of(content_version()))
    except DatabaseDriverError as error:  # the primary did not say where it is: it serves the request
        logger.error("Could not read the primary's WAL position: %s", error)
        return False


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        reads = _request.get()
        if reads is None or reads.pinned or not reads.may_use_replica:
            return PRIMARY
        if "instance" in hints:
            return None  # the database the instance came from (Django's default)
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        if reads.replica_fresh is None:
            # The check reads the content version, which may read pages (its expiry deadline):
            # those reads go to the primary.
            reads.replica_fresh = False
            reads.replica_fresh = replica_is_fresh()
        if not reads.replica_fresh:
            return PRIMARY
        reads.used_replica = True
        return REPLICA

    def db_for_write(self, model, **hints):
        reads = _request.get()
        if reads is not None:
            reads.pinned = reads.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # One database, two copies: rows read from either may be related.
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA, None}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None


class ReplicaMiddleware:
    """First in MIDDLEWARE: decides where each request reads, and serves it again from the primary
    when the replica failed under it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reads = RequestReads(may_use_replica=self.may_use_replica(request))
        token = _request.set(reads)
        try:
            response = self.get_response(request)
            if reads.used_replica and response.status_code >= 500 and not replica_state.check():
                # The replica went away mid-request (a 503 from ops, or a 500): a reader's GET
                # can safely be served again, from the primary.
                logger.warning("Serving %s again from the primary", request.path)
                reads = RequestReads(may_use_replica=False)
                _request.set(reads)
                response = self.get_response(request)
        finally:
            _request.reset(token)
        if reads.wrote and request.method not in SAFE_METHODS:
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=settings.REPLICA_STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    @staticmethod
    def may_use_replica(request) -> bool:
        return not (
            request.method not in ("GET", "HEAD")
            or request.path.startswith("/admin/")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or STICKY_COOKIE in request.COOKIES
        )
