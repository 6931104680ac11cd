"""The cache configuration works against a real Redis server, as production runs it.

Outside CI a missing Redis skips these tests; in CI (CI=true) it fails them.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from django.core.cache.backends.redis import RedisCache

from tests.conftest import REDIS_URL


@pytest.fixture
def redis_cache(redis_url):
    return RedisCache(redis_url, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})


def test_redis_cache_stores_and_forgets_vietnamese_text(redis_cache):
    redis_cache.set("tieu-de", "Lịch công tác tuần", 30)
    assert redis_cache.get("tieu-de") == "Lịch công tác tuần"
    redis_cache.delete("tieu-de")
    assert redis_cache.get("tieu-de") is None


def test_settings_choose_redis_when_redis_url_is_set():
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "REDIS_URL": REDIS_URL}
    code = "from portal.settings import base; print(base.CACHES['default']['BACKEND'])"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "pagecache.backends.RedisCache"
    env.pop("REDIS_URL")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"
