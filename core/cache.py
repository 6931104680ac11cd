"""One number that changes whenever anything a reader can see changes.

Every cached public page and fragment is stored with the content version current when it was
rendered and is only served while that version is still current. Publishing, unpublishing,
moving or deleting a page (or changing a snippet, a setting, an image or a document) bumps the
version, which retires every cached page at once: the article itself, every listing that shows
it (home, sections, feeds, sitemap, search results) and every fragment built from it. A portal
publishes a few items an hour, so re-rendering each page once after a publish costs little,
and there is no list of "pages that show this one" to get wrong.
"""

import pickle
import threading
import time
from collections import OrderedDict

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
    except ValueError:  # no version yet: any new value retires what was cached
        version = time.time_ns()
        cache.set(VERSION_KEY, version, timeout=None)
    _announce(version)


def _announce(version: int) -> None:
    # Redis: every process watching the version learns it at once (pagecache's hot path).
    announce = getattr(cache, "announce_int", None)
    if announce is not None:
        announce(VERSION_KEY, version)


class LocalValues:
    """Values this process has already read, by their versioned key (pickled: never shared).

    A key names one content version, so a copy can never be out of date: a new version makes
    new keys. Saves the round trip to Redis for the fragments every page shows.
    """

    def __init__(self, size: int = 1000):
        self.size = size
        self.values: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            data = self.values.get(key)
            if data is None:
                return None
            self.values.move_to_end(key)
        return pickle.loads(data)  # noqa: S301 - our own values, pickled by this process

    def put(self, key, value):
        data = pickle.dumps(value)
        with self.lock:
            self.values[key] = data
            while len(self.values) > self.size:
                self.values.popitem(last=False)

    def discard(self, key):
        with self.lock:
            self.values.pop(key, None)

    def clear(self):
        with self.lock:
            self.values.clear()


local_values = LocalValues()


def cached(key: str, build, request=None, timeout: int = 3600):
    """``build()``, kept in the cache until the content version changes."""
    versioned = f"{key}:{content_version(request)}"
    value = local_values.get(versioned)
    if value is not None:
        return value
    value = cache.get(versioned)
    if value is None:
        value = build()
        cache.set(versioned, value, timeout)
    local_values.put(versioned, value)
    return value
