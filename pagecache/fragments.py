"""Fragments kept until the content version changes, in the cache and in this process."""

import pickle
import threading
from collections import OrderedDict

from django.core.cache import cache

from .version import content_version


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
