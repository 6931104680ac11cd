"""Local development: DEBUG on, throw-away key, console e-mail."""

import os

from .base import *  # noqa: F403

# runserver leaves static files to WhiteNoise: Django's own static handler answers a server error
# to a path climbing out of the static folders (/static/../portal/settings/dev.py).
INSTALLED_APPS = ["bench", "demo", "whitenoise.runserver_nostatic", *INSTALLED_APPS]

DEBUG = True
SECRET_KEY = "dev-only-not-secret-e1c0f0b6"  # noqa: S105 - development settings never serve the public
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "0.0.0.0"]  # noqa: S104
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The address runserver serves: `make run` passes http://$(HOST):$(PORT). The links of e-mails
# follow it (admin links through WAGTAILADMIN_BASE_URL), and load_demo gives the demo's Sites this
# host and port, so that public links (page.full_url) lead there too.
PORTAL_BASE_URL = (os.environ.get("PORTAL_BASE_URL") or WAGTAILADMIN_BASE_URL).rstrip("/")
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
# Plain storage so `runserver` needs no collectstatic.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
PORTAL_ALLOW_DEMO = True
# Serve static files straight from the app folders, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
