"""The answer when the database cannot be reached: a Vietnamese 503 page, never a stack trace."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("ops")

DATABASE_ERRORS = (OperationalError, InterfaceError)
# Seconds a reader (or a crawler) is asked to wait before trying again.
RETRY_AFTER_SECONDS = 120


def is_database_error(error) -> bool:
    return isinstance(error, DATABASE_ERRORS)


def _stylesheet_url() -> str:
    try:
        return static("css/portal.css")
    except ValueError:  # not collected: the page still reads well without it
        return ""


def service_unavailable(request=None) -> HttpResponse:
    """The standalone 503 page: no database, no context processors, no site settings."""
    with translation.override("vi"):
        html = render_to_string(
            "503.html", {"stylesheet": _stylesheet_url(), "retry_minutes": RETRY_AFTER_SECONDS // 60}
        )
    response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
