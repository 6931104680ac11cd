"""The cache aliases' Redis backends: django-redis, plus the little it cannot do (see pagecache)."""

import logging
import os
import time

import django_redis.cache
from redis import ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from django.core.cache.backends.base import DEFAULT_TIMEOUT

from .fragments import LocalValues
from .version import content_version
from .watcher import IntWatcher

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0


class RedisSkipped(RedisConnectionError):
    """A call refused without asking Redis, which was unreachable a moment ago."""


class BreakerConnectionPool(ConnectionPool):
    """After failing to reach Redis, fail every call at once for a few seconds.

    django-redis's IGNORE_EXCEPTIONS turns a failure into a miss, but only after the socket
    timeout: a render makes dozens of cache calls, so a Redis that hangs would make every page
    wait seconds (tests/pagecache/test_pagecache.py shows it). Every command, pub/sub included, takes its
    connection here, and every alias on one Redis shares the pool (django-redis keeps one per
    URL), so one failure spares all of them.
    """

    retry_after_seconds = RETRY_AFTER_SECONDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._down_until = 0.0

    def get_connection(self, *args, **kwargs):
        if time.monotonic() < self._down_until:
            raise RedisSkipped(f"Redis was unreachable less than {self.retry_after_seconds}s ago")
        try:
            return super().get_connection(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            self._down_until = time.monotonic() + self.retry_after_seconds
            logger.error("Cache unavailable, serving without it for %ss: %s", self.retry_after_seconds, error)
            raise


class SkippedCallsFilter(logging.Filter):
    """Keep django-redis from logging each call the breaker refused: the failure is logged once."""

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(getattr(error, "__cause__", None), RedisSkipped)


class RedisCache(django_redis.cache.RedisCache):
    """django-redis, and the content version pushed to every process (``watched_int``/``announce_int``)."""

    retry_after_seconds = RETRY_AFTER_SECONDS  # before the watcher subscribes again

    def __init__(self, server, params):
        super().__init__(server, params)
        self._watchers = {}

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
            self.client.get_client(write=True).publish(self.make_key(key), value)
        except RedisError as error:
            logger.error("Cache unavailable, could not announce %s: %s", key, error)


class LocalCopiesCache(RedisCache):
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
        if new:
            super().set_many(new, timeout, version)
            for key, local_key in self._local_keys(new, version).items():
                self._local.put(local_key, new[key])

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
        # Private: the attribute Wagtail itself sets and checks before writing a rendition back
        # (watched by tests/core/test_wagtail_private_apis.py).
        value._from_cache = True
        return value

    def _is_new(self, value) -> bool:
        return not getattr(value, "_from_cache", False)
