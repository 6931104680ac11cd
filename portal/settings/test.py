"""Settings for the pytest suite (SQLite unless DATABASE_URL is set)."""

import tempfile

from .base import *  # noqa: F403

INSTALLED_APPS = ["bench", "demo", *INSTALLED_APPS]

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"test-{alias}"}
    for alias in CACHES  # base's aliases
}
# Factories save live pages without publishing them, so most tests would see stale pages; the
# page cache's own tests (tests/pagecache/test_pagecache.py) turn it on.
PAGECACHE_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"
PORTAL_ALLOW_DEMO = True
# Serve static files straight from the app folders, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Hundreds of admin tests sign in with force_login: the second factor is tested on its own
# (tests/accounts/test_accounts.py turns this on).
PORTAL_REQUIRE_2FA = False
