"""One number that changes whenever anything a reader can see changes.

Every cached public page and fragment is stored with the content version current when it was
rendered and is only served while that version is still current. Publishing, unpublishing,
moving or deleting a page (or changing a snippet, a setting, an image or a document) bumps the
version, which retires every cached page at once: the article itself, every listing that shows
it (home, sections, feeds, sitemap, search results) and every fragment built from it. A portal
publishes a few items an hour, so re-rendering each page once after a publish costs little,
and there is no list of "pages that show this one" to get wrong.
"""

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


def cached(key: str, build, request=None, timeout: int = 3600):
    """``build()``, kept in the cache until the content version changes."""
    versioned = f"{key}:{content_version(request)}"
    value = cache.get(versioned)
    if value is None:
        value = build()
        cache.set(versioned, value, timeout)
    return value
