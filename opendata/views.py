"""``/api/``: what the open-data API offers, as a small JSON index, and its JSON 404."""

from django.http import JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .api import CACHE_SECONDS, DATE_FROM, DATE_TO, ENDPOINTS, LIMIT_MAX

DOCUMENTATION = "docs/api.md"


@require_safe
def api_index(request):
    endpoints = []
    for endpoint in ENDPOINTS:
        endpoints.append(
            {
                "name": endpoint.endpoint_name,
                "title": str(endpoint.model._meta.verbose_name_plural),
                "url": request.build_absolute_uri(reverse(f"opendata:{endpoint.endpoint_name}:listing")),
                "filters": sorted(endpoint.filter_parameters),
                "order": endpoint.ordering_fields,
            }
        )
    data = {
        "name": _("Open data of the district portal"),
        "version": "v2",
        "description": _(
            "Read-only: live, public news articles, legal documents and weekly work schedules. "
            "Dates are ISO 8601 (YYYY-MM-DD)."
        ),
        "documentation": DOCUMENTATION,
        "common_parameters": {
            "limit": _("items per answer, at most %(max)d") % {"max": LIMIT_MAX},
            "offset": _("items to skip"),
            "search": _("words to search for, tone marks optional"),
            "order": _("a field to order by; a leading “-” reverses it"),
            "fields": _("fields to add (e.g. fields=*), or to remove with a leading “-”"),
            " / ".join(DATE_FROM): _("from this day (YYYY-MM-DD)"),
            " / ".join(DATE_TO): _("up to this day, included (YYYY-MM-DD)"),
        },
        "endpoints": endpoints,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def not_found(request, path=""):
    """Any other address under ``/api/``: a JSON answer like the endpoints' own errors."""
    return JsonResponse({"message": _("Not found.")}, status=404, json_dumps_params={"ensure_ascii": False})
