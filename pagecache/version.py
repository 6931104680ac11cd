"""The content version: one number that changes whenever anything a reader can see changes.

That includes a page reaching its expiry time (Wagtail's ``expire_at``): Wagtail unpublishes it
only when its scheduler runs, but readers must stop seeing it at that moment, in the page
itself and in every listing, fragment and copy cached before. So each version has a deadline,
the earliest expiry of a live page after the version began, and the first request past it, in
any process, bumps the version, which retires everything cached on every server as a publish
does. A cap on the page cache's lifetime would not be enough: fragments and the in-process
copies keep no time, only the version.
"""

import logging
import math
import threading
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.db import DatabaseError, connection, transaction
from django.db.models import Min
from django.utils import timezone

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
DEADLINE_KEY = "content-deadline"
# Kept longer than a version usually lives; one that outlives it is worked out again.
DEADLINE_SECONDS = 24 * 60 * 60
# With the database unreachable, cached pages are still served and the deadline asked again later.
DEADLINE_RETRY_SECONDS = 5


def content_version(request=None) -> int:
    """The current content version; read once per request when the request is given."""
    if request is not None:
        version = getattr(request, "_content_version", None)
        if version is None:
            version = request._content_version = content_version()
        return version
    # On Redis every process is told of each new version (pub/sub): no round trip.
    watched = getattr(cache, "watched_int", None)
    version = watched(VERSION_KEY) if watched is not None else None
    if version is None:
        version = cache.get(VERSION_KEY)
    if version is None:
        # Lost (a new cache, an eviction, Redis restarted): start from a value that no stored
        # entry can carry, so nothing rendered before can be served.
        made = time.time_ns()
        if cache.add(VERSION_KEY, made, timeout=None):
            _announce(made)
            version = made
        else:
            version = cache.get(VERSION_KEY)
            if version is None:
                # Redis is unreachable: nothing can be stored under a version now, and a
                # deadline would cost a query on every call.
                return made
    return _unless_expired(version)


def forget_cached_content() -> None:
    """After the whole database was replaced (a restore): drop every cached page, fragment and
    rendition of this portal, in Redis and, through the new version, in every process."""
    for alias in settings.CACHES:
        shared = caches[alias]
        # django-redis's clear() empties the whole Redis database, whoever else uses it.
        if hasattr(shared, "delete_pattern"):
            shared.delete_pattern("*")
        else:
            shared.clear()
    bump_content_version()


def bump_content_version() -> int:
    """A new version, at once; inside a transaction, another one once it commits.

    Wagtail saves pages and snippets inside a transaction, and the signals that call this run
    there: until the commit, a reader served by another connection (another process or server,
    or a read replica) renders the old content, and would store it under the new version.
    """
    version = _bump()
    if connection.in_atomic_block:
        transaction.on_commit(_bump)
    return version


def _bump() -> int:
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:  # no version yet
        version = None
    if version is None:  # no version yet, or Redis unreachable: any new value retires what was cached
        version = time.time_ns()
        cache.set(VERSION_KEY, version, timeout=None)
    _announce(version)
    return version


class _Deadline:
    """The deadline of the version this process last used: a hit costs a clock reading."""

    def __init__(self):
        self.version, self.at, self.retry_at = None, None, 0.0
        self.lock = threading.Lock()

    def of(self, version) -> float | None:
        """The version's deadline, or None while the database cannot tell."""
        with self.lock:
            if self.version == version and (self.at is not None or time.time() < self.retry_at):
                return self.at
        at = _shared_deadline(version)
        with self.lock:
            self.version, self.at, self.retry_at = version, at, time.time() + DEADLINE_RETRY_SECONDS
        return at


deadline = _Deadline()


def _unless_expired(version: int) -> int:
    """``version``, or a new one when a page expired since it began."""
    at = deadline.of(version)
    if at is None or time.time() < at:
        return version
    logger.info("A page reached its expiry time: cached pages are retired")
    version = bump_content_version()
    deadline.of(version)  # found before anything is stored under the new version
    return version


def _shared_deadline(version: int) -> float | None:
    """The version's deadline as the first process to use it found it, so that every process
    retires what any of them stored under it."""
    key = f"{DEADLINE_KEY}:{version}"
    at = cache.get(key)
    if at is None:
        try:
            at = next_expiry()
        except DatabaseError as error:
            logger.error("Could not read the pages' expiry times: %s", error)
            return None
        if not cache.add(key, at, DEADLINE_SECONDS):
            at = cache.get(key, at)
    return at


def next_expiry() -> float:
    """When the next live page expires (a Unix time), or infinity."""
    from wagtail.models import Page  # the models are loaded after the cache backends

    moment = Page.objects.filter(live=True, expire_at__gt=timezone.now()).aggregate(at=Min("expire_at"))["at"]
    return moment.timestamp() if moment else math.inf


def _announce(version: int) -> None:
    # Redis: every process watching the version learns it at once (the page cache's hot path).
    announce = getattr(cache, "announce_int", None)
    if announce is not None:
        announce(VERSION_KEY, version)
