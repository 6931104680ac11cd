from django.conf import settings
from django.urls import include, path
from django.views.generic import TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import views as sitemaps

from core.sitemaps import PortalSitemap
from core.views import favicon
from news.views import all_news_feed
from ops.views import healthz

SITEMAPS = {"trang": PortalSitemap}

# A database outage met outside a view (sessions, users) still answers the 503 page.
handler500 = "ops.views.server_error"

urlpatterns = [
    # Admin views that name pages and have no hook, with the explorer's rule (editorial/admin_urls.py).
    path("admin/", include("editorial.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document URLs with a stricter serve view (uploads/).
    path("documents/", include("uploads.urls")),
    # Monitoring: database and cache state, never cached (ops/).
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap"}, name="sitemap_index"),
    path("sitemap-<section>.xml", sitemaps.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Browsers and crawlers ask for /favicon.ico whatever the page says.
    path("favicon.ico", favicon),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    path("rss/", all_news_feed, name="news_feed"),
    # The site search: a view, not a page, so it comes before Wagtail's page routing.
    path("tim-kiem/", include("search.urls")),
    # The open-data API (read-only, Wagtail API v2): /api/ and /api/v2/... (opendata/).
    path("api/", include("opendata.urls")),
]

if settings.DEBUG:
    from portal.media import media_urlpatterns

    # Static files are WhiteNoise's in every environment (from the apps' folders in development).
    # Images and other uploads, never the documents' folder (its files keep their privacy).
    urlpatterns += media_urlpatterns()

urlpatterns += [
    # Calendar feeds whose addresses end in ".ics", which Wagtail's page routing cannot serve.
    path("", include("schedule.urls")),
    path("", include(wagtail_urls)),
]
