"""An expired page (Wagtail's expire_at) is gone for readers at its expiry time, without waiting
for `publish_scheduled` (cron): at its address, in listings, the home page, feeds, the sitemap,
search and the API, and from the cached pages that showed it."""

from datetime import timedelta

import pytest
import time_machine

from django.utils import timezone

from pagecache import version
from tests.legal_docs.factories import LegalDocumentIndexPageFactory, LegalDocumentPageFactory

pytestmark = pytest.mark.django_db

EXPIRING_SLUG = "thong-bao-tuyen-dung-vien-chuc"
STAYING_SLUG = "le-hoi-den-cho-cui"


@pytest.fixture
def page_cache(settings):
    settings.PAGECACHE_ENABLED = True


def publish_with_expiry(page, expire_at):
    page.expire_at = expire_at
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def articles(tree, make_articles):
    (staying,) = make_articles(1, title="Lễ hội đền Chợ Củi", slug=STAYING_SLUG)
    (expiring,) = make_articles(1, title="Thông báo tuyển dụng viên chức", slug=EXPIRING_SLUG)
    return staying, publish_with_expiry(expiring, timezone.now() + timedelta(minutes=2))


def listings(tree):
    return [
        "/",
        tree.news.url,
        tree.culture.url,
        "/rss/",
        tree.culture.url + "rss/",
        "/sitemap-trang.xml",
        "/api/v2/tin-tuc/",
    ]


def test_an_expired_article_is_gone_at_its_expiry_time_even_from_cached_pages(client, tree, articles, page_cache):
    _staying, expiring = articles
    search = "/tim-kiem/?q=tuyen+dung+vien+chuc"
    for url in [expiring.url, *listings(tree), search]:
        client.get(url)
        response = client.get(url)
        assert (response.status_code, response["X-Page-Cache"]) == (200, "hit"), url
        assert EXPIRING_SLUG in response.content.decode(), url

    with time_machine.travel(expiring.expire_at + timedelta(seconds=1), tick=False):
        assert client.get(expiring.url).status_code == 404
        for url in listings(tree):
            response = client.get(url)
            assert response.status_code == 200, url
            assert EXPIRING_SLUG not in response.content.decode(), url
            assert STAYING_SLUG in response.content.decode(), url
        assert EXPIRING_SLUG not in client.get(search).content.decode()


def test_it_is_listed_until_its_expiry_time(client, tree, articles):
    _staying, expiring = articles
    with time_machine.travel(expiring.expire_at - timedelta(seconds=1), tick=False):
        assert client.get(expiring.url).status_code == 200
        for url in listings(tree):
            assert EXPIRING_SLUG in client.get(url).content.decode(), url


def test_a_process_that_first_meets_the_version_after_the_expiry_still_retires_its_pages(
    client, tree, articles, page_cache, monkeypatch
):
    """Another app server stored pages under this version: the deadline is the version's, not
    the moment a process first used it."""
    _staying, expiring = articles
    client.get(tree.culture.url)
    assert client.get(tree.culture.url)["X-Page-Cache"] == "hit"

    with time_machine.travel(expiring.expire_at + timedelta(seconds=1), tick=False):
        monkeypatch.setattr(version, "deadline", version._Deadline())  # a process that never saw it
        response = client.get(tree.culture.url)
        assert response["X-Page-Cache"] == "miss"
        assert EXPIRING_SLUG not in response.content.decode()


def test_an_expired_legal_document_leaves_its_list_and_the_home_page(client, tree):
    library = LegalDocumentIndexPageFactory(parent=tree.home)
    kept = LegalDocumentPageFactory(parent=library, summary="Về việc ban hành kế hoạch phòng chống thiên tai")
    expiring = LegalDocumentPageFactory(parent=library, summary="Về việc tổ chức kỳ thi tuyển dụng công chức")
    publish_with_expiry(expiring, timezone.now() + timedelta(hours=1))
    for url in ("/", library.url):
        assert expiring.url in client.get(url).content.decode(), url

    with time_machine.travel(expiring.expire_at + timedelta(seconds=1), tick=False):
        assert client.get(expiring.url).status_code == 404
        for url in ("/", library.url, "/sitemap-trang.xml", "/api/v2/van-ban/"):
            html = client.get(url).content.decode()
            assert expiring.url not in html, url
            assert kept.url in html, url


def test_cached_pages_are_served_while_the_database_cannot_tell_the_next_expiry(
    client, tree, articles, page_cache, monkeypatch
):
    from django.core.cache import cache
    from django.db import OperationalError

    staying, _expiring = articles
    client.get(staying.url)
    current = version.content_version()
    monkeypatch.setattr(version, "deadline", version._Deadline())  # a process started since
    cache.delete(f"{version.DEADLINE_KEY}:{current}")

    def database_down():
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(version, "next_expiry", database_down)
    response = client.get(staying.url)
    assert (response.status_code, response["X-Page-Cache"]) == (200, "hit")


def test_with_redis_down_the_version_costs_no_query(settings, django_assert_num_queries):
    from portal.settings.base import redis_caches

    settings.CACHES = redis_caches("redis://127.0.0.1:9/0", "down")  # nothing listens on port 9
    with django_assert_num_queries(0):
        for _ in range(3):
            version.content_version()
