"""The site-lookup cache: each request's Wagtail site, with its home page, from the cache."""

from django.http.request import split_domain_port

from wagtail.models import Site

from .fragments import cached

# Monitoring must answer with the database down; it needs no site.
SKIP_PREFIXES = ("/healthz",)


class CachedSiteMiddleware:
    """Find the request's Wagtail site, with its home page, from the cache.

    Wagtail looks the site up, then its root page, on every request; both change only when an
    administrator edits sites or the home page is published, which retires the cached copy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(SKIP_PREFIXES):
            return self.get_response(request)
        # Private APIs, watched by tests/core/test_wagtail_private_apis.py. Wagtail has no public hook
        # for a cached site lookup: Site.find_for_request() memoizes its answer on
        # request._wagtail_site, so setting that attribute first is the only way to hand it the
        # cached site. The key reads the host as Wagtail does: the raw Host header (Django's
        # _get_raw_host, before the ALLOWED_HOSTS check) and the port.
        hostname = split_domain_port(request._get_raw_host())[0]
        request._wagtail_site = cached(
            f"site-for:{hostname}:{request.get_port()}", lambda: _site_with_root(request), request
        )
        return self.get_response(request)


def _site_with_root(request):
    site = Site.find_for_request(request)
    if site is not None:
        # Loaded now, so the cached copy carries them: Wagtail's routing starts from here.
        site.root_page.specific  # noqa: B018
    return site
