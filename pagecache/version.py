"""The content version: one number that changes whenever anything a reader can see changes."""

import time

from django.core.cache import cache

VERSION_KEY = "content-version"


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
        version = time.time_ns()
        if cache.add(VERSION_KEY, version, timeout=None):
            _announce(version)
        else:
            version = cache.get(VERSION_KEY, version)
    return version


def bump_content_version() -> None:
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:  # no version yet
        version = None
    if version is None:  # no version yet, or Redis unreachable: any new value retires what was cached
        version = time.time_ns()
        cache.set(VERSION_KEY, version, timeout=None)
    _announce(version)


def _announce(version: int) -> None:
    # Redis: every process watching the version learns it at once (the page cache's hot path).
    announce = getattr(cache, "announce_int", None)
    if announce is not None:
        announce(VERSION_KEY, version)
