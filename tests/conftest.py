import os
import socket
from dataclasses import dataclass

import pytest

from wagtail.models import Page, Site

from core.models import SiteSettings
from home.models import HomePage
from news.models import NewsCategoryPage, NewsIndexPage
from tests.core.factories import ImageFactory
from tests.home.factories import HomePageFactory
from tests.news.factories import NewsArticlePageFactory, NewsCategoryPageFactory, NewsIndexPageFactory

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_url():
    """The test Redis server; outside CI a missing server skips the test, in CI it fails it."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return REDIS_URL
    except OSError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not running at 127.0.0.1:6379, and CI needs it")
        pytest.skip("Redis is not running at 127.0.0.1:6379")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the database is rolled back, cached pages are not."""
    from django.core.cache import caches

    from pagecache.fragments import local_values
    from pagecache.store import local_copies
    from search.results import _cards

    for cache in caches.all():
        cache.clear()
    for values in (local_values, local_copies, _cards):
        values.clear()


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


@dataclass
class Pipeline:
    """The tree with communes, the roles and workflows applied, and one user per role."""

    tree: Tree
    communes_index: object
    commune_a: object
    commune_b: object
    users: dict


@pytest.fixture
def pipeline(tree, django_user_model) -> Pipeline:
    from communes.models import CommuneIndexPage, CommunePage
    from core.models import Unit
    from editorial import roles, setup

    communes_index = CommuneIndexPage(title="Xã, thị trấn", slug="xa-thi-tran")
    tree.home.add_child(instance=communes_index)
    communes = []
    for slug, name in [("xa-thach-dai", "Xã Thạch Đài"), ("xa-viet-tien", "Xã Việt Tiến")]:
        unit = Unit.objects.create(name=name, slug=slug, kind=Unit.Kind.COMMUNE)
        commune = CommunePage(title=name, slug=slug, unit=unit)
        communes_index.add_child(instance=commune)
        commune.refresh_from_db()
        communes.append(commune)
    setup.apply_roles()
    for commune in communes:
        commune.refresh_from_db()
    commune_a, commune_b = communes

    def user(username, *groups, **fields):
        account = django_user_model.objects.create_user(
            username=username, password="ThachHa@2020", email=f"{username}@thachha.example", **fields
        )
        account.groups.add(*groups)
        return account

    from django.contrib.auth.models import Group

    group = Group.objects.get
    users = {
        "admin": user("quantri", group(name=roles.ADMINISTRATORS), is_superuser=True, is_staff=True),
        "board": user("bientap", group(name=roles.EDITORIAL_BOARD), first_name="Biên", last_name="Lê"),
        "board2": user("bientap2", group(name=roles.EDITORIAL_BOARD)),
        "head": user("truongban", group(name=roles.BOARD_HEADS), group(name=roles.EDITORIAL_BOARD)),
        "contributor": user("congtacvien", group(name=roles.CONTRIBUTORS), first_name="Cộng", last_name="Phạm"),
        "contributor2": user("congtacvien2", group(name=roles.CONTRIBUTORS)),
        "clerk": user("vanthu", group(name=roles.DOCUMENT_CLERKS)),
        "editor_a": user("xa-thach-dai-bientap", commune_a.editors_group),
        "board_a": user("xa-thach-dai-bbt", commune_a.board_group),
        "editor_b": user("xa-viet-tien-bientap", commune_b.editors_group),
        "board_b": user("xa-viet-tien-bbt", commune_b.board_group),
    }
    return Pipeline(tree=tree, communes_index=communes_index, commune_a=commune_a, commune_b=commune_b, users=users)
