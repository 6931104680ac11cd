"""Addresses resolve to the same pages as Wagtail's routing, in one query for the whole path."""

import pytest

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

from tests.news.factories import NewsArticlePageFactory

pytestmark = pytest.mark.django_db


def route(tree, path):
    components = [part for part in path.split("/") if part]
    return tree.home.specific.route(RequestFactory().get(path), components)


def wagtail_route(tree, path):
    """What Wagtail's own Page.route answers, one level at a time."""
    page = tree.home.specific
    components = [part for part in path.split("/") if part]
    while components:
        if hasattr(page, "resolve_subpage") and page.live:
            try:
                page.resolve_subpage("/" + "/".join(components) + "/")
                return page.route(RequestFactory().get(path), components)
            except Exception:  # noqa: S110 - not one of its routes: go on to the children
                pass
        page = page.get_children().get(slug=components[0]).specific
        components = components[1:]
    return Page.route(page, RequestFactory().get(path), [])


def test_an_article_resolves_like_wagtail_with_fewer_queries(tree, make_articles):
    (article,) = make_articles(1)
    home, components = tree.home.specific, [part for part in article.url.split("/") if part]
    with CaptureQueriesContext(connection) as queries:
        result = home.route(RequestFactory().get(article.url), components)
    assert result.page == article
    assert type(result.page) is type(article)
    assert len(queries) == 2  # the pages of the address, then the article's own fields
    assert wagtail_route(tree, article.url).page == article


def test_an_address_served_before_takes_one_query(tree, make_articles):
    (article,) = make_articles(1)
    route(tree, article.url)
    with CaptureQueriesContext(connection) as queries:
        result = route(tree, article.url)
    assert (result.page, type(result.page)) == (article, type(article))
    assert len(queries) == 1  # the article, by the address this process found it at


def test_an_address_served_before_follows_a_move_and_a_new_slug(client, tree, make_articles):
    (article,) = make_articles(1)
    old_url = article.url
    assert client.get(old_url).status_code == 200
    article.move(tree.economy, pos="last-child")
    article.refresh_from_db()
    moved_url = article.url
    assert moved_url.startswith(tree.economy.url)
    # The old address no longer finds the page; Wagtail's automatic redirect takes over.
    assert (client.get(old_url).status_code, client.get(old_url)["Location"]) == (301, moved_url)
    assert client.get(moved_url).status_code == 200
    article.slug = "ten-moi"
    article.save_revision().publish()
    assert client.get(moved_url).status_code == 404
    assert client.get(f"{tree.economy.url}ten-moi/").status_code == 200
    # Another page takes the old address: the address now leads to it.
    newcomer = NewsArticlePageFactory(parent=tree.culture, slug=old_url.rstrip("/").rsplit("/", 1)[1], title="Tin khác")
    response = client.get(old_url)
    assert response.status_code == 200
    assert "Tin khác" in response.content.decode()
    assert newcomer.url == old_url


def test_an_address_a_routable_page_could_answer_is_never_guessed(tree, make_articles):
    from pagecache.routes import route_hints

    child = NewsArticlePageFactory(parent=tree.culture, slug="rss", title="RSS là gì")
    tree.culture.unpublish()
    assert route(tree, tree.culture.url + "rss/").page == child  # the section is not live: its child
    assert route_hints.get((tree.home.pk, ("tin-tuc", "van-hoa-xa-hoi", "rss"))) is None
    tree.culture.save_revision().publish()
    assert route(tree, tree.culture.url + "rss/").page == tree.culture  # live again: its feed


def test_routes_of_a_routable_page_and_its_children(client, tree, make_articles):
    (article,) = make_articles(1)
    feed = route(tree, tree.culture.url + "rss/")
    assert feed.page == tree.culture
    assert feed.args[0].__name__ == "rss"
    assert client.get(tree.culture.url + "rss/")["Content-Type"].startswith("application/rss+xml")
    assert client.get(article.url).status_code == 200


def test_a_route_wins_over_a_child_with_the_same_slug(tree):
    child = NewsArticlePageFactory(parent=tree.culture, slug="rss", title="RSS là gì")
    result = route(tree, tree.culture.url + "rss/")
    assert result.page == tree.culture  # the feed, as Wagtail answers
    assert wagtail_route(tree, tree.culture.url + "rss/").page == tree.culture
    assert child.live


@pytest.mark.parametrize(
    "path",
    ["/khong-co/", "/tin-tuc/khong-co/", "/tin-tuc/van-hoa-xa-hoi/khong-co/", "/tin-tuc/van-hoa-xa-hoi/rss/thua/"],
)
def test_unknown_addresses_are_404(client, tree, make_articles, path):
    make_articles(1)
    assert client.get(path).status_code == 404


def test_drafts_and_pages_under_an_unpublished_parent(client, tree, make_articles):
    (article,) = make_articles(1)
    draft = NewsArticlePageFactory(parent=tree.culture, live=False)
    assert client.get(f"{tree.culture.url}{draft.slug}/").status_code == 404
    tree.culture.unpublish()
    # Wagtail serves a live page under an unpublished parent (only the page itself must be
    # live); so do we, while the parent's listing is gone.
    assert client.get(article.url).status_code == wagtail_status(tree, article.url)
    assert client.get(tree.culture.url).status_code == 404


def wagtail_status(tree, path):
    try:
        wagtail_route(tree, path)
    except Exception:
        return 404
    return 200


def test_links_follow_a_new_site_address_at_once(tree):
    from news.models import NewsArticlePage

    article = NewsArticlePageFactory(parent=tree.culture, slug="khai-mac-hoi-cho")
    path = "/tin-tuc/van-hoa-xa-hoi/khai-mac-hoi-cho/"
    assert NewsArticlePage.objects.get(pk=article.pk).full_url == f"http://testserver{path}"
    tree.site.hostname, tree.site.port = "thachha.hatinh.gov.vn", 443
    tree.site.save()
    assert NewsArticlePage.objects.get(pk=article.pk).full_url == f"https://thachha.hatinh.gov.vn{path}"
