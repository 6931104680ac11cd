from django.http import Http404

from wagtail.models import Site

from .feeds import NewsFeed
from .models import NewsIndexPage


def all_news_feed(request):
    """``/rss/``: the site-wide feed, at a short address every page advertises."""
    site = Site.find_for_request(request)
    news_index = NewsIndexPage.objects.live().descendant_of(site.root_page).first() if site else None
    if news_index is None:
        raise Http404
    return NewsFeed(news_index)(request)
