"""Monitoring (/healthz) and the server-error handler."""

import os
import sys
import time
import tomllib
import uuid
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as default_cache
from django.db import connection
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import server_error as django_server_error

from .unavailable import DATABASE_ERRORS, is_database_error, service_unavailable

PROBE_KEY = "ops:healthz:probe"


@cache
def portal_version() -> str:
    """PORTAL_VERSION from the environment (e.g. the deployed commit), else pyproject's version."""
    if os.environ.get("PORTAL_VERSION"):
        return os.environ["PORTAL_VERSION"]
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def _elapsed_ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def check_database() -> dict:
    start = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DATABASE_ERRORS:
        # The error text may name hosts or users: it goes to the log, not to the public.
        connection.close_if_unusable_or_obsolete()
        return {"status": "down", "latency_ms": _elapsed_ms(start)}
    return {"status": "ok", "latency_ms": _elapsed_ms(start)}


def check_cache() -> dict:
    """A set/get round trip of a probe key with a fresh value, so a stale hit cannot pass."""
    start = time.perf_counter()
    value = uuid.uuid4().hex
    try:
        default_cache.set(PROBE_KEY, value, timeout=30)
        ok = default_cache.get(PROBE_KEY) == value
    except Exception:  # any backend error means the cache is down for us
        ok = False
    return {"status": "ok" if ok else "down", "latency_ms": _elapsed_ms(start)}


@never_cache
@require_GET
def healthz(request):
    database = check_database()
    cache_state = check_cache()
    healthy = database["status"] == "ok"
    body = {
        "status": "ok" if healthy else "down",
        "database": database,
        "cache": cache_state,
        "version": portal_version(),
    }
    # The site serves without its cache (slower); without its database it does not.
    return JsonResponse(body, status=200 if healthy else 503)


def server_error(request, *args, **kwargs):
    """handler500: the 503 page when the error was the database, Django's 500 page otherwise."""
    error = sys.exc_info()[1]
    if is_database_error(error) or is_database_error(getattr(error, "__cause__", None)):
        if request.path == reverse("healthz"):
            # A middleware needed the database before the health check ran: still answer JSON.
            return healthz(request)
        return service_unavailable(request)
    return django_server_error(request, *args, **kwargs)
