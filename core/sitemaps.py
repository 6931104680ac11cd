"""The sitemap for search engines: an index at /sitemap.xml, then pages of at most LIMIT addresses."""

from wagtail.contrib.sitemaps import Sitemap

from .expiry import unexpired_q


class PortalSitemap(Sitemap):
    # Search engines read at most 50,000 addresses per file; an archive of 100,000 articles
    # needs several files, listed by the index.
    limit = 10_000

    def items(self):
        # Every page type shares Wagtail's own address and date fields; without .specific()
        # one query serves them all, however many page types the site has.
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .filter(unexpired_q())
            .order_by("path")
            .defer_streamfields()
        )
