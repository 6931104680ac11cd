from dataclasses import dataclass

import pytest

from wagtail.models import Page, Site

from core.models import SiteSettings
from home.models import HomePage
from news.models import NewsCategoryPage, NewsIndexPage

from .factories import (
    HomePageFactory,
    ImageFactory,
    NewsArticlePageFactory,
    NewsCategoryPageFactory,
    NewsIndexPageFactory,
)


@dataclass
class Tree:
    site: Site
    home: HomePage
    news: NewsIndexPage
    culture: NewsCategoryPage
    economy: NewsCategoryPage


@pytest.fixture
def tree(db) -> Tree:
    """The smallest portal: a home page as the site root, the news index and two sections."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="trang-chu")
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.hostname = "testserver"
    site.save()
    news = NewsIndexPageFactory(parent=home)
    culture = NewsCategoryPageFactory(parent=news, title="Văn hóa – Xã hội", slug="van-hoa-xa-hoi")
    economy = NewsCategoryPageFactory(parent=news, title="Kinh tế – Chính trị", slug="kinh-te-chinh-tri")
    portal = SiteSettings.for_site(site)
    portal.address = "Khối 1, thị trấn Thạch Hà"
    portal.phone = "0239 3845 123"
    portal.save()
    return Tree(site=site, home=home, news=news, culture=culture, economy=economy)


@pytest.fixture
def make_articles(tree):
    """Create ``count`` live articles in a section, every one with a featured image."""

    def make(count, section=None, **fields):
        section = section or tree.culture
        image = fields.pop("featured_image", None) or ImageFactory()
        return [NewsArticlePageFactory(parent=section, featured_image=image, **fields) for _ in range(count)]

    return make
