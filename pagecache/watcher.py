"""The thread that hears of each new content version from Redis pub/sub."""

import logging
import os
import threading
import time
import weakref

from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class IntWatcher:
    """A thread holding an integer key's value, told of each change by Redis pub/sub.

    It subscribes first and reads the key second, so no change falls between the two; while
    the subscription is down its value is None and callers read Redis as usual.
    """

    def __init__(self, cache, key):
        # Only a weak reference to the cache: a cache dropped while Redis is unreachable (its
        # settings replaced, as tests do) ends the thread at its next attempt instead of leaving
        # it to retry, and log, for the life of the process. The thread only needs the cache's
        # redis-py client, which does not keep the cache alive.
        self._cache = weakref.ref(cache)
        self._client = cache.client.get_client(write=False)
        self._redis_key = cache.make_key(key)
        self.retry_after_seconds = cache.retry_after_seconds
        self.key, self.pid = key, os.getpid()
        self.value = None
        threading.Thread(target=self.run, name=f"watch {key}", daemon=True).start()

    def run(self):
        while self._watch_once():
            pass

    def _watch_once(self) -> bool:
        """One subscription, until it fails; False once the cache is gone."""
        if self._cache() is None:
            return False
        try:
            pubsub = self._client.pubsub(ignore_subscribe_messages=True)
            pubsub.subscribe(self._redis_key)
            # The reply confirms the subscription; then the key, then every change in order.
            pubsub.get_message(timeout=5)
            value = self._client.get(self._redis_key)  # django-redis stores integers as they are
            self.value = None if value is None else int(value)
            for message in pubsub.listen():
                if message["type"] == "message":
                    self.value = int(message["data"])
        except (RedisError, ValueError, OSError) as error:
            logger.warning("Stopped watching %s, reading it instead: %s", self.key, error)
        self.value = None  # before waiting: without a subscription, callers must read Redis
        time.sleep(self.retry_after_seconds)
        return True
