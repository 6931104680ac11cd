"""Cached anonymous responses: what may be stored, under which key, and how it is replayed."""

import hashlib
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from .version import content_version

# Headers a cached response must not replay: they belong to the request that rendered it.
_PRIVATE_HEADERS = {"set-cookie", "vary", "x-page-cache"}
_UNCACHEABLE_DIRECTIVES = ("private", "no-cache", "no-store")


def request_key(request) -> str | None:
    """The cache key of an anonymous GET/HEAD request, or None when it must not use the cache."""
    if request.method not in ("GET", "HEAD") or not settings.PAGECACHE_ENABLED:
        return None
    path = request.path
    if path.startswith(settings.PAGECACHE_SKIP_PREFIXES):
        return None
    cookies = request.COOKIES
    # A session means a signed-in editor (or a page unlocked by its password); messages are
    # shown once to one reader. Either way the response is theirs alone.
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    # The raw Host header: a response is only stored after Django accepted the host, so a
    # forged host can never find an entry.
    raw = f"{request.scheme}://{request.META.get('HTTP_HOST', '')}{request.get_full_path()}"
    return "page:" + hashlib.blake2b(raw.encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


class LocalCopies:
    """Recently served pages kept in this process, so a hit asks Redis nothing.

    A page is tens of kilobytes: reading it from Redis on every hit costs more than the rest of
    the hit together. Each copy carries its content version, which Redis pushes to every
    process as it changes (pagecache.watcher), so a publish on any server retires
    these copies at once. Bounded by PAGECACHE_LOCAL_BYTES per process.
    """

    def __init__(self):
        self.entries: OrderedDict[str, tuple] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key, version):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] != version:
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        limit = settings.PAGECACHE_LOCAL_BYTES
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old[3])
            if len(entry[3]) > limit:
                return
            self.entries[key] = entry
            self.size += len(entry[3])
            while self.size > limit:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped[3])

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


local_copies = LocalCopies()


def lookup(key: str) -> tuple[HttpResponse | None, int]:
    """The stored response for this key if rendered at the current content version, and that version."""
    # On Redis the version is pushed to each process as it changes: a hit asks Redis nothing.
    version = content_version()
    entry = local_copies.get(key, version)
    if entry is None:
        entry = cache.get(key)
        if entry is None or entry[0] != version:
            return None, version
        local_copies.put(key, entry)
    _version, status, headers, content = entry
    return HttpResponse(content, status=status, headers=dict(headers)), version


def is_storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(directive in cache_control for directive in _UNCACHEABLE_DIRECTIVES):
        return False
    # The page embeds this reader's CSRF token (a form): serving it to others would break it.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def store(key: str, response, version: int) -> None:
    """Keep the response under the version read *before* it was rendered, so a publish that
    happens during the render retires it too.

    No lifetime here is cut short for a page that expires (Wagtail's ``expire_at``) on this
    page or in a listing it shows: the content version changes at that moment
    (pagecache.version), which retires this entry and its in-process copy with everything else.
    """
    headers = [(name, value) for name, value in response.items() if name.lower() not in _PRIVATE_HEADERS]
    entry = (version, response.status_code, headers, response.content)
    cache.set(key, entry, timeout=settings.PAGECACHE_SECONDS)
    local_copies.put(key, entry)
