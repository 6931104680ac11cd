"""A Redis cache that the site survives losing.

Readers must keep getting pages when Redis is down: every cache call then behaves as a miss
(or a no-op), and for a few seconds after a failure Redis is not asked again, so requests do
not each wait for a connection timeout. Pages are simply rendered without the cache.

It also makes the page cache's hot path cheap: one redis-py client per pool instead of one per
call, and the content version pushed to every process (``watched_int``/``announce_int``).
"""

import copy
import functools
import logging
import os
import threading
import time
import weakref

from redis.exceptions import RedisError

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from core.cache import LocalValues, content_version

logger = logging.getLogger(__name__)

# What each operation answers while Redis is unreachable: a miss, or "nothing was written".
_FALLBACKS = {
    "add": False,
    "get": None,
    "set": None,
    "touch": False,
    "delete": False,
    "get_many": {},
    "has_key": False,
    "set_many": [],
    "delete_many": None,
    "clear": None,
}


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one redis-py client per connection pool.

    Django builds a new redis-py client for every cache call, and redis-py fills a table of
    about 170 reply handlers for each: a fifth of a millisecond, more than the round trip.
    A client is safe to share; connections still come from the pool.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    retry_after_seconds = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._down_until = 0.0
        self._watchers = {}

    def _guarded(self, name, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return _fallback_for(name, args, kwargs)
        try:
            return getattr(super(), name)(*args, **kwargs)
        except RedisError as error:
            self._down_until = time.monotonic() + self.retry_after_seconds
            logger.error("Cache unavailable, serving without it for %ss: %s", self.retry_after_seconds, error)
            return _fallback_for(name, args, kwargs)

    def watched_int(self, key):
        """The value of an integer key as last announced on Redis, without a round trip.

        None while this process has no live subscription (then read the key instead).
        """
        watcher = self._watchers.get(key)
        if watcher is None or watcher.pid != os.getpid():  # new, or inherited from a fork
            watcher = self._watchers[key] = IntWatcher(self, key)
        return watcher.value

    def announce_int(self, key, value):
        """Tell every process watching ``key`` its new value (after writing it)."""
        watcher = self._watchers.get(key)
        if watcher is not None and watcher.value is not None:
            watcher.value = value  # this process knows now, before its own message comes back
        try:
            self._cache.get_client(write=True).publish(self.make_key(key), value)
        except RedisError as error:
            logger.error("Cache unavailable, could not announce %s: %s", key, error)

    def get_int(self, key):
        """An integer (the content version), read with the least work: the hot path of a page hit."""
        if time.monotonic() < self._down_until:
            return None
        try:
            value = self._cache.get_client(write=False).get(self.make_key(key))
        except RedisError as error:
            self._down_until = time.monotonic() + self.retry_after_seconds
            logger.error("Cache unavailable, serving without it for %ss: %s", self.retry_after_seconds, error)
            return None
        return None if value is None else int(value)

    def incr(self, key, delta=1, version=None):
        if time.monotonic() < self._down_until:
            raise ValueError("cache unavailable")
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            self._down_until = time.monotonic() + self.retry_after_seconds
            logger.error("Cache unavailable, could not increment %s: %s", key, error)
            raise ValueError("cache unavailable") from error


class IntWatcher:
    """A thread holding an integer key's value, told of each change by Redis pub/sub.

    It subscribes first and reads the key second, so no change falls between the two; while
    the subscription is down its value is None and callers read Redis as usual.
    """

    def __init__(self, cache, key):
        # Only a weak reference between attempts: a cache dropped while Redis is unreachable (its
        # settings replaced, as tests do) ends the thread at its next attempt instead of leaving
        # it to retry, and log, for the life of the process.
        self._cache = weakref.ref(cache)
        self.key, self.pid = key, os.getpid()
        self.value = None
        threading.Thread(target=self.run, name=f"watch {key}", daemon=True).start()

    def run(self):
        while self._watch_once():
            pass

    def _watch_once(self) -> bool:
        """One subscription, until it fails; False once the cache is gone."""
        cache = self._cache()
        if cache is None:
            return False
        try:
            pubsub = cache._cache.get_client(write=False).pubsub(ignore_subscribe_messages=True)
            pubsub.subscribe(cache.make_key(self.key))
            # The reply confirms the subscription; then the key, then every change in order.
            pubsub.get_message(timeout=5)
            self.value = cache.get_int(self.key)
            for message in pubsub.listen():
                if message["type"] == "message":
                    self.value = int(message["data"])
        except (RedisError, ValueError, OSError) as error:
            logger.warning("Stopped watching %s, reading it instead: %s", self.key, error)
        self.value = None  # before waiting: without a subscription, callers must read Redis
        retry_after = cache.retry_after_seconds
        del cache
        time.sleep(retry_after)
        return True


class LocalCopiesCache(ResilientRedisCache):
    """Redis, and in each process the values it has read while the content version stays the same.

    For values that only change when the content version does (renditions, fragments keyed by
    the version): a value read once is served from memory, without a round trip, until the
    version changes (saving or deleting an image changes it too, pagecache.signals).
    """

    local_entries = 2000

    def __init__(self, server, params):
        super().__init__(server, params)
        self._local = LocalValues(size=self.local_entries)

    def _local_keys(self, keys, version):
        # One read of the content version for all the keys (a round trip while no watcher runs).
        current = content_version()
        return {key: f"{current}:{self.make_key(key, version)}" for key in keys}

    def _served(self, value):
        """The value as handed to the caller (a hook)."""
        return value

    def _is_new(self, value) -> bool:
        """Whether a value being set must be written to Redis (a hook)."""
        return True

    def get(self, key, default=None, version=None):
        local_key = self._local_keys([key], version)[key]
        value = self._local.get(local_key)
        if value is None:
            value = super().get(key, None, version)
            if value is None:
                return default
            self._local.put(local_key, value)
        return self._served(value)

    def get_many(self, keys, version=None):
        local_keys = self._local_keys(keys, version)
        found = {key: self._local.get(local_key) for key, local_key in local_keys.items()}
        missing = [key for key, value in found.items() if value is None]
        fetched = super().get_many(missing, version) if missing else {}
        for key, value in fetched.items():
            self._local.put(local_keys[key], value)
        found.update(fetched)
        return {key: self._served(value) for key, value in found.items() if value is not None}

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self._is_new(value):
            super().set(key, value, timeout, version)
            self._local.put(self._local_keys([key], version)[key], value)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        new = {key: value for key, value in data.items() if self._is_new(value)}
        if not new:
            return []
        failed = super().set_many(new, timeout, version)
        for key, local_key in self._local_keys(new, version).items():
            self._local.put(local_key, new[key])
        return failed

    def delete(self, key, version=None):
        self._local.discard(self._local_keys([key], version)[key])
        return super().delete(key, version)

    def delete_many(self, keys, version=None):
        for local_key in self._local_keys(keys, version).values():
            self._local.discard(local_key)
        return super().delete_many(keys, version)

    def clear(self):
        self._local.clear()
        return super().clear()


class RenditionCache(LocalCopiesCache):
    """Wagtail's "renditions" cache: a rendition read once is served from memory.

    Every render asks for its images' renditions, and Wagtail 8.0.1 writes each one it found
    in the cache straight back (fixed upstream after that release: wagtail#14541), so an image
    cost two round trips. Here one that came from the cache is never written back.
    """

    def _served(self, value):
        value._from_cache = True  # what Wagtail checks before writing a rendition back
        return value

    def _is_new(self, value) -> bool:
        return not getattr(value, "_from_cache", False)


def _fallback_for(name, args, kwargs):
    if name == "get":  # get(key, default=None)
        return kwargs.get("default", args[1] if len(args) > 1 else None)
    return copy.copy(_FALLBACKS[name])  # a fresh container: no caller can change the shared one


def _make_guarded(name):
    @functools.wraps(getattr(RedisCache, name))
    def method(self, *args, **kwargs):
        return self._guarded(name, *args, **kwargs)

    return method


for _name in _FALLBACKS:
    setattr(ResilientRedisCache, _name, _make_guarded(_name))
