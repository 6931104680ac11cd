"""The admin refuses addresses carrying a NUL character before any of its views reads them."""

import logging

from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger("django.security.NulCharacter")

NUL = "\x00"


def carries_nul(request) -> bool:
    """Whether the address or its query carries a NUL character (%00)."""
    return NUL in request.path_info or any(
        NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists()
    )


class AdminNulCharacterMiddleware:
    """Answers 400 to an admin address whose path or query carries a NUL character.

    PostgreSQL refuses NUL in any string, and Wagtail's admin views pass their parameters to the
    database as they are (a search, a filter, a tag's first letters): a server error each.
    Nobody types one. The public pages and the API read each parameter themselves and answer a
    NUL as any other bad value; forms refuse it in their text fields with a message.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(reverse("wagtailadmin_home")) and carries_nul(request):
            logger.warning("Refused an admin address carrying a NUL character: %r", request.get_full_path())
            # Without the request: the page needs neither the database nor the site's settings.
            return HttpResponseBadRequest(render_to_string("core/bad_request.html"))
        return self.get_response(request)
