"""Turns a database outage during a request into the 503 page (ops.unavailable)."""

import logging

from .unavailable import is_database_error, service_unavailable

logger = logging.getLogger("ops")


class DatabaseUnavailableMiddleware:
    """Placed first in MIDDLEWARE.

    A view's exception reaches ``process_exception``; one raised in another middleware
    (sessions, users) is turned into a 500 by Django before it could reach us, so
    ``handler500`` (ops.views.server_error) looks at it again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_error(exception):
            logger.error("Database unavailable while serving %s: %s", request.path, exception)
            return service_unavailable(request)
        return None
