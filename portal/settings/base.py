"""Settings shared by every environment. Environment-specific files import from here."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from search.conf import search_backends

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    # Our apps, top floor first (see docs/architecture.md for the import direction). Production never
    # installs the demo and the benchmarks: dev.py and test.py add both on top, bench.py the latter.
    "ops",
    "editorial",
    "quality",
    "home",
    "search",
    "opendata",
    "communes",
    "about",
    "news",
    "legal_docs",
    "schedule",
    "questions",
    "pagecache",
    "accounts",
    "uploads",
    "core",
    # Wagtail
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "core.apps.PortalUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    # Security: login lockout and the second factor (accounts/ configures them).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.humanize",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Anonymous readers are served from the cache first of all: a stored page already carries
    # every header the middleware below added when it was rendered (security headers, CSP).
    "pagecache.middleware.PageCacheMiddleware",
    # So that a database outage anywhere below answers the 503 page (ops/).
    "ops.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pagecache.sites.CachedSiteMiddleware",
    # Below the page cache, so that stored pages keep their Content-Security-Policy.
    "accounts.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Below every header-setting middleware, so that its refusal carries their headers (core/).
    "core.middleware.AdminNulCharacterMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The login lockout's limits on Wagtail's page and collection password forms (accounts/).
    "accounts.view_restrictions.ViewRestrictionLockoutMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.cache_version",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# Only development and test settings set this: demo accounts must never exist in production.
PORTAL_ALLOW_DEMO = False

# SQLite by default (the embedded, one-machine set-up); DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded set-up: writers queue for the lock (IMMEDIATE, with a timeout) instead of
    # failing with "database is locked" when two editors save at once; WAL lets readers read
    # while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# A PostgreSQL read replica (streaming replication of the primary) for public reads: the router
# and its middleware are installed only with it (portal/db_router.py, docs/deployment.md).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    if {DATABASES["default"]["ENGINE"], DATABASES["replica"]["ENGINE"]} != {"django.db.backends.postgresql"}:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must be a PostgreSQL streaming replica of the PostgreSQL database of DATABASE_URL."
        )
    # A replica that went away is found out in two seconds, not at the system's TCP timeout.
    DATABASES["replica"]["OPTIONS"] = {"connect_timeout": 2}
    # A test run reads the test database through both aliases.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["portal.db_router.PrimaryReplicaRouter"]
    # Before everything that reads the database, the page cache included.
    MIDDLEWARE.insert(0, "portal.db_router.ReplicaMiddleware")
# Reads go to the primary while the replica is further behind than this, and for
# REPLICA_RETRY_SECONDS after it failed to answer; its state is asked every REPLICA_CHECK_SECONDS.
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("REPLICA_MAX_LAG_SECONDS", "2"))
REPLICA_CHECK_SECONDS = float(os.environ.get("REPLICA_CHECK_SECONDS", "1"))
REPLICA_RETRY_SECONDS = float(os.environ.get("REPLICA_RETRY_SECONDS", "5"))
# A reader who has just written (a form, a publish) reads the primary for this long.
REPLICA_STICKY_SECONDS = int(os.environ.get("REPLICA_STICKY_SECONDS", "10"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache aliases and their Redis backends (pagecache.backends; the design: pagecache/__init__.py).
_CACHE_BACKENDS = {"default": "RedisCache", "renditions": "RenditionCache", "fragments": "LocalCopiesCache"}


def redis_caches(location: str, key_prefix: str = "portal") -> dict:
    """The caches on Redis (production; tests/pagecache/test_pagecache.py puts them on a prefix of its own).

    "renditions" is Wagtail's cache of image renditions (each rendition is found without a
    query once it is known); "fragments" holds template fragments keyed by the content version
    ({% wagtailcache ... using="fragments" %}). Every one serves without the cache, rather than
    failing, while Redis is unreachable; renditions and fragments read once are kept in each
    process too.
    """
    return {
        alias: {
            "BACKEND": f"pagecache.backends.{backend}",
            "LOCATION": location,
            "KEY_PREFIX": key_prefix if alias == "default" else f"{key_prefix}-{alias}",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "CONNECTION_POOL_CLASS": "pagecache.backends.BreakerConnectionPool",
            },
        }
        for alias, backend in _CACHE_BACKENDS.items()
    }


# A cache call that fails is answered as a miss, and logged.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Redis when REDIS_URL is set (production), local memory otherwise.
if os.environ.get("REDIS_URL"):
    CACHES = redis_caches(os.environ["REDIS_URL"])
else:
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"portal-{alias}"}
        for alias in _CACHE_BACKENDS
    }

# Full-page cache for anonymous readers (pagecache/): retired as a whole by the content version whenever
# something public changes, and after PAGECACHE_SECONDS at the latest (date-dependent boxes).
PAGECACHE_ENABLED = os.environ.get("PAGECACHE_ENABLED", "true").lower() == "true"
PAGECACHE_SECONDS = int(os.environ.get("PAGECACHE_SECONDS", "600"))
# Each process keeps its most served pages in memory too (checked against the version on Redis).
PAGECACHE_LOCAL_BYTES = int(os.environ.get("PAGECACHE_LOCAL_MB", "32")) * 1024 * 1024
PAGECACHE_SKIP_PREFIXES = ("/admin/", "/documents/", "/healthz", "/media/", "/static/")

# A CDN or Varnish in front of the portal, purged by Wagtail on publish (docs/deployment.md).
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_URL"],
        }
    }
elif os.environ.get("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
            "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
        }
    }

# Strong passwords (accounts/passwords.py; docs/security.md). The demo password ThachHa@2020
# passes them: the demo accounts' names and password are a documented contract.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.passwords.PersonalSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.CharacterClassValidator"},
]

# Login lockout (django-axes; accounts/lockout.py, docs/security.md): 5 failures with one account
# name from one address, or 5 from one address with any names, lock that address for 30 minutes.
# Failures from elsewhere never lock the real user out (anyone can guess at a board member's
# predictable name), and failures during a lockout do not extend it. The standalone backend only
# checks; Django's ModelBackend authenticates.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A success forgets the account's failures from its own address only (accounts.lockout.LockoutHandler).
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.network.client_ip"
AXES_ENABLE_ADMIN = False  # No Django admin here: accounts/ has a Wagtail view to unlock.
AXES_VERBOSE = False
# Behind a reverse proxy, how many proxies append to X-Forwarded-For (0: trust REMOTE_ADDR only).
PORTAL_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Second factor (TOTP) for administrators and the board; accounts/middleware.py enforces it
# in the admin. The test settings turn it off (the suite signs in with force_login).
PORTAL_REQUIRE_2FA = True
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.PortalLoginForm"
OTP_TOTP_ISSUER = "Cổng TTĐT huyện Thạch Hà"

# Signed-in sessions end after 30 minutes without a request (accounts.middleware.IdleSessionMiddleware
# renews them); anonymous readers never get a session.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"

# Security headers. SecurityMiddleware: nosniff, Referrer-Policy (YouTube embeds need the origin);
# XFrameOptionsMiddleware: DENY (Wagtail's previews set SAMEORIGIN themselves);
# accounts.middleware.SecurityHeadersMiddleware: CSP per area and Permissions-Policy.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
PORTAL_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
# Public pages: no inline script or style, no nonce (a shared page cache serves them).
# Videos are embedded from YouTube and Vimeo (core.blocks.VideoBlock).
VIDEO_FRAME_SOURCES = ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Only the video players: documents are downloads, never framed (uploads.views).
        "frame-src": VIDEO_FRAME_SOURCES,
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# The Wagtail admin (/admin/), measured in Chromium over the editor, choosers, previews, workflow
# modals and uploads (docs/security.md): Wagtail 8 writes inline <script> (inline panels, date
# widgets, listings) and inline styles (Draftail, tooltips), and previews uploads as blob: images.
# Previews keep the public policy; only their frame-ancestors become 'self'.
PORTAL_ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],  # The preview panel; a previewed video is framed by the preview itself.
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
# Avatars are drawn locally: no e-mail hash sent to a third party, nothing to allow in the CSP.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The admin does not ask releases.wagtail.org for new versions (connect-src stays 'self').
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No "What's new in Wagtail" banner: it leads to Wagtail's English guide; the portal's own
# Vietnamese guide is in the help menu (quality/).
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# Everything a person reads is Vietnamese.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "translations"]
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Wagtail
WAGTAIL_SITE_NAME = "Cổng thông tin điện tử huyện Thạch Hà"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Slugs are plain ASCII: "Đại hội Đảng bộ" -> "dai-hoi-dang-bo" (core.text.slugify_vi).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Folded Vietnamese full-text search in the database (PostgreSQL or SQLite); SEARCH_BACKEND and
# SEARCH_BACKEND_URL switch to Elasticsearch or OpenSearch (search/conf.py, docs/search.md).
WAGTAILSEARCH_BACKENDS = search_backends(os.environ)
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "zip"]
# Uploads are checked by content, not only by name (legal_docs.files), and limited in size.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "legal_docs.document_forms.SafeDocumentForm"
# Documents always go through Wagtail's serve view (uploads.views): view restrictions of private
# collections, nosniff and a sandboxing CSP. Every type is a download, PDF included: a PDF can
# carry script, and browsers refuse to show a PDF under the sandbox anyway. The web server must
# never expose MEDIA_ROOT/documents/ itself (docs/deployment.md).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Wagtail checks format, size and pixels; uploads.forms also refuses polyglots (an image that is
# also a web page or an archive).
WAGTAILIMAGES_IMAGE_FORM_BASE = "uploads.forms.SafeImageForm"
# Every uploaded file gets a safe ASCII name (no folders, no leading dot) on arrival.
FILE_UPLOAD_HANDLERS = [
    "uploads.handlers.SafeNameMemoryFileUploadHandler",
    "uploads.handlers.SafeNameTemporaryFileUploadHandler",
]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]},
    }
}

# Reviewers are told about new items by their groups; superusers need not get every e-mail.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cổng TTĐT huyện Thạch Hà <noreply@thachha.example>")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redis_skipped": {"()": "pagecache.backends.SkippedCallsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django_redis.cache": {"filters": ["redis_skipped"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
