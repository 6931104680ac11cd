from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

FEED_LENGTH = 30


class NewsFeed(Feed):
    """RSS 2.0 feed of the newest articles under a news index or of one section.

    It reads everything from the page it is given, so that the pages (news.models), which serve
    it at their ``rss/`` route, can import it without it importing them back.
    """

    feed_type = Rss201rev2Feed
    language = "vi"

    def __init__(self, page):
        super().__init__()
        self.page = page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("%(title)s – newest articles") % {"title": self.page.title}

    def link(self):
        return self.page.get_url(self.request)

    def feed_url(self):
        return self.page.get_feed_url(self.request)

    def description(self):
        return self.page.get_meta_description() or self.title()

    def items(self):
        return self.page.articles()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.display_date

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.author_names or None

    def item_categories(self, item):
        return [item.section.title] if item.section_id else []

    def item_guid(self, item):
        return self.request.build_absolute_uri(item.get_url(self.request))

    item_guid_is_permalink = True
