"""Production: fails closed. Secrets and hosts come only from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from portal import secret_key

from .base import *  # noqa: F403


def _required(name: str, why: str = "") -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Production settings need the environment variable {name}.{why}")
    return value


def _secret_key() -> str:
    key = _required("SECRET_KEY")
    weak = secret_key.weakness(key)
    if weak:
        raise ImproperlyConfigured(
            f"Production settings refuse this SECRET_KEY: {weak}. Make one with "
            "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
        )
    return key


DEBUG = False
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [host.strip() for host in _required("ALLOWED_HOSTS").split(",") if host.strip()]
_required("DATABASE_URL")  # base.py already parsed it; here it must not fall back to SQLite.
# base.py chose the Redis caches from it; without it each process keeps caches of its own.
_required("REDIS_URL", " Every worker must share one Redis cache, or a publish retires cached pages in one only.")
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin.strip()
]
# Wagtail appends its paths to it ("/admin/..."): without a trailing slash, or links get "//admin".
WAGTAILADMIN_BASE_URL = _required("WAGTAILADMIN_BASE_URL").rstrip("/")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false").lower() == "true"

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")
