"""Retire cached pages when what readers see changes, here and in a CDN in front of us."""

import logging

from django.db.models.signals import post_delete, post_save

from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import Collection, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from .version import bump_content_version

logger = logging.getLogger(__name__)

# Saving these changes something a reader sees without a page being published (an editor's
# pick changes the answers to its search).
_PUBLIC_BASES = (
    BaseSiteSetting,
    BaseGenericSetting,
    AbstractImage,
    AbstractDocument,
    Collection,
    Site,
    SearchPromotion,
)


def _shows_publicly(model) -> bool:
    return issubclass(model, (*_PUBLIC_BASES, PageViewRestriction)) or model in get_snippet_models()


def on_model_change(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loaddata
        return
    if isinstance(instance, Page):
        # Saving a draft changes nothing public; publishing sends page_published. A live page
        # deleted is gone from its listings at once.
        if kwargs.get("signal") is post_delete and instance.live:
            bump_content_version()
        return
    if isinstance(instance, (BaseSiteSetting, BaseGenericSetting)) and kwargs.get("created"):
        # Wagtail creates a site's settings with their defaults on first use (a page render
        # asking for them): readers saw those defaults already.
        return
    if _shows_publicly(type(instance)):
        bump_content_version()
    elif isinstance(instance, AbstractRendition) and kwargs.get("signal") is post_delete:
        # Each process keeps the renditions it has read (pagecache.backends.RenditionCache);
        # a new one is created on first use without changing anything public.
        bump_content_version()


def on_page_change(sender, instance, **kwargs):
    bump_content_version()
    purge_listings(instance, url_path_before=kwargs.get("url_path_before"))


def purge_listings(page, url_path_before=None):
    """Tell a front-end cache (CDN, Varnish) about the page's listings.

    Wagtail's frontend_cache app purges the page itself on publish and unpublish; the section,
    the news index, the home page and the feeds that list it change too.
    """
    if not get_backends():
        return
    batch = PurgeBatch()
    batch.add_pages(page.get_ancestors().filter(depth__gt=1).specific(defer=True))
    batch.add_page(page)
    site = page.get_site()
    if site is not None:
        root_url = site.root_url.rstrip("/")
        batch.add_urls([f"{root_url}/rss/", f"{root_url}/sitemap.xml", f"{root_url}/sitemap-trang.xml"])
        if url_path_before:
            old = url_path_before[len(site.root_page.url_path) - 1 :]
            batch.add_url(root_url + old)
    batch.purge()


def connect():
    page_published.connect(on_page_change, dispatch_uid="pagecache-published")
    page_unpublished.connect(on_page_change, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(on_page_change, dispatch_uid="pagecache-moved")
    post_save.connect(on_model_change, dispatch_uid="pagecache-saved")
    post_delete.connect(on_model_change, dispatch_uid="pagecache-deleted")
