"""Serve anonymous readers from the shared cache before any session, user or page lookup."""

from . import store


class PageCacheMiddleware:
    """Placed right after WhiteNoise, so a hit costs one cache round trip and nothing else.

    Editors (a session cookie), the admin, document downloads, forms with a CSRF token and
    anything marked private are never served from or stored in the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = store.request_key(request)
        if key is None:
            return self.get_response(request)
        cached, version = store.lookup(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if request.method == "GET" and store.is_storable(request, response):
            store.store(key, response, version)
            response["X-Page-Cache"] = "miss"
        return response
