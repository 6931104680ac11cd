import json
import re

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET

from tests.core.factories import ImageFactory
from tests.news.factories import NewsArticlePageFactory, paragraphs

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_home_page_shows_top_story_latest_items_and_each_section(client, tree, make_articles):
    culture = make_articles(3, section=tree.culture)
    economy = make_articles(2, section=tree.economy)
    response = client.get("/")
    assert response.status_code == 200
    html = soup(response)
    assert html.find("html")["lang"] == "vi"
    newest = max(culture + economy, key=lambda a: a.publication_date)
    assert html.select_one(".top-story__title").get_text(strip=True) == newest.title
    section_titles = [h.get_text(strip=True) for h in html.select(".section-block .section-title")]
    assert section_titles == ["Văn hóa – Xã hội", "Kinh tế – Chính trị"]
    latest = [a.get_text(strip=True) for a in html.select(".latest .card__title a")]
    assert newest.title not in latest
    assert len(latest) == 4


def test_home_page_with_no_articles_says_so(client, tree):
    response = client.get("/")
    assert response.status_code == 200
    assert "Chưa có tin, bài nào được đăng." in response.content.decode()


def test_chosen_top_story_wins_over_the_newest(client, tree, make_articles):
    older, newer = make_articles(2)
    tree.home.top_story = older
    tree.home.save()
    html = soup(client.get("/"))
    assert html.select_one(".top-story__title").get_text(strip=True) == older.title
    assert newer.title in [a.get_text(strip=True) for a in html.select(".latest .card__title a")]


def test_header_footer_and_navigation(client, tree, make_articles):
    make_articles(1)
    html = soup(client.get("/tin-tuc/van-hoa-xa-hoi/"))
    assert html.select_one(".brand__name").get_text(strip=True) == "Cổng thông tin điện tử huyện Thạch Hà"
    menu = [a.get_text(strip=True) for a in html.select(".main-nav a")]
    assert menu[:2] == ["Trang chủ", "Tin tức"]
    assert "Văn hóa – Xã hội" in menu and "Kinh tế – Chính trị" in menu
    footer = html.select_one(".site-footer").get_text(" ", strip=True)
    assert "Khối 1, thị trấn Thạch Hà" in footer and "0239 3845 123" in footer
    crumbs = [li.get_text(strip=True) for li in html.select(".breadcrumbs li")]
    assert crumbs == ["Trang chủ", "Tin tức", "Văn hóa – Xã hội"]
    assert html.select_one("a.skip-link")["href"] == "#main"


def test_section_lists_only_its_own_live_articles_newest_first(client, tree, make_articles):
    mine = make_articles(3, section=tree.culture)
    make_articles(2, section=tree.economy)
    NewsArticlePageFactory(parent=tree.culture, title="Bản nháp chưa duyệt", live=False)
    html = soup(client.get("/tin-tuc/van-hoa-xa-hoi/"))
    titles = [a.get_text(strip=True) for a in html.select(".card__title a")]
    assert titles == [a.title for a in sorted(mine, key=lambda a: a.publication_date, reverse=True)]
    assert "Bản nháp chưa duyệt" not in html.get_text()


@pytest.mark.parametrize(
    ("query", "expected_page"),
    [("", 1), ("?page=2", 2), ("?page=abc", 1), ("?page=-1", 1), ("?page=0", 1), ("?page=99999", 2), ("?page=1.5", 1)],
)
def test_section_pagination_never_fails(client, tree, make_articles, query, expected_page):
    make_articles(25)
    response = client.get(f"/tin-tuc/van-hoa-xa-hoi/{query}")
    assert response.status_code == 200
    html = soup(response)
    assert f"Trang {expected_page} / 2" in html.select_one(".pagination").get_text()
    assert len(html.select(".card")) == (20 if expected_page == 1 else 5)


def test_news_index_lists_every_section_and_filters_by_tag(client, tree, make_articles):
    tagged = make_articles(1, section=tree.economy)[0]
    tagged.tags.add("nông thôn mới")
    tagged.save()
    make_articles(2, section=tree.culture)
    html = soup(client.get("/tin-tuc/"))
    assert len(html.select(".card")) == 3
    html = soup(client.get("/tin-tuc/", {"tag": "nông thôn mới"}))
    assert [a.get_text(strip=True) for a in html.select(".card__title a")] == [tagged.title]
    response = client.get("/tin-tuc/", {"tag": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def test_article_page_shows_everything_an_article_has(client, tree, make_articles):
    image = ImageFactory(description="Cánh đồng lúa")
    article = NewsArticlePageFactory(
        parent=tree.culture,
        title="Khai mạc lễ hội văn hóa",
        lead="Lễ hội diễn ra trong ba ngày.",
        featured_image=image,
        featured_image_caption="Toàn cảnh lễ khai mạc",
        body=paragraphs("Đoạn mở đầu của bài viết.", "Đoạn kết."),
        author_names="Nguyễn Văn An, Lê Thị Bình",
        source="Báo Hà Tĩnh",
    )
    article.tags.add("lễ hội")
    article.save()
    related = make_articles(2, section=tree.culture)
    make_articles(1, section=tree.economy)

    response = client.get(article.url)
    assert response.status_code == 200
    html = soup(response)
    assert html.select_one("h1").get_text(strip=True) == "Khai mạc lễ hội văn hóa"
    assert html.select_one(".article__lead").get_text(strip=True) == "Lễ hội diễn ra trong ba ngày."
    assert "Đoạn mở đầu của bài viết." in html.select_one(".article__body").get_text()
    assert html.select_one(".article__figure img")["alt"] == "Cánh đồng lúa"
    assert html.select_one(".article__figure figcaption").get_text(strip=True) == "Toàn cảnh lễ khai mạc"
    assert html.select_one(".article__authors").get_text(strip=True) == "Nguyễn Văn An, Lê Thị Bình"
    assert "Báo Hà Tĩnh" in html.select_one(".article__source").get_text()
    assert html.select_one("a[rel=tag]").get_text(strip=True) == "lễ hội"
    related_titles = {a.get_text(strip=True) for a in html.select(".side-box .card__title a")}
    assert related_titles == {a.title for a in related}
    assert html.select_one("link[rel=stylesheet][media=print]") is not None


def related_titles(client, article) -> list[str]:
    return [a.get_text(strip=True) for a in soup(client.get(article.url)).select(".side-box .card__title a")]


def test_related_column_shows_the_picked_articles_first_then_the_section_s_newest(client, tree, make_articles):
    from news.models import NewsArticleRelatedLink

    culture = make_articles(6, section=tree.culture)  # each newer than the one before
    picked, withdrawn = make_articles(2, section=tree.economy)
    withdrawn.unpublish()
    article = culture[2]
    for order, target in enumerate([withdrawn, picked]):
        NewsArticleRelatedLink.objects.create(article=article, related_article=target, sort_order=order)

    newest_first = [page.title for page in reversed(culture) if page != article]
    assert related_titles(client, article) == [picked.title, *newest_first[:4]]
    # An article without picks: its section's five newest, never itself.
    assert related_titles(client, culture[5]) == [page.title for page in reversed(culture[:5])]


def test_a_newly_published_article_joins_its_section_s_related_column_at_once(client, tree, make_articles):
    first, second = make_articles(2, section=tree.culture)
    assert related_titles(client, first) == [second.title]
    new = NewsArticlePageFactory(parent=tree.culture, title="Tin vừa được xuất bản", live=False)
    new.save_revision().publish()
    assert related_titles(client, first) == ["Tin vừa được xuất bản", second.title]
    new.refresh_from_db()
    new.unpublish()
    assert related_titles(client, first) == [second.title]


def test_article_page_has_open_graph_and_news_article_json_ld(client, tree):
    article = NewsArticlePageFactory(
        parent=tree.culture, title="Tin có </script> trong tiêu đề", featured_image=ImageFactory()
    )
    response = client.get(article.url)
    html = soup(response)
    assert html.select_one('meta[property="og:type"]')["content"] == "article"
    assert html.select_one('meta[property="og:title"]')["content"] == article.title
    assert html.select_one('meta[property="og:image"]')["content"].startswith("http://testserver/media/images/")
    scripts = html.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["articleSection"] == "Văn hóa – Xã hội"
    assert data["author"] == [{"@type": "Person", "name": "Nguyễn Văn An"}]
    assert data["publisher"]["name"] == "Ủy ban nhân dân huyện Thạch Hà"
    assert "</script>" not in scripts[0].string


def test_every_page_advertises_the_feeds(client, tree, make_articles):
    article = make_articles(1)[0]
    html = soup(client.get(article.url))
    feeds = {link["href"] for link in html.select('link[rel=alternate][type="application/rss+xml"]')}
    assert feeds == {"/rss/", "/tin-tuc/van-hoa-xa-hoi/rss/"}


@pytest.mark.parametrize("url", ["/rss/", "/tin-tuc/rss/", "/tin-tuc/van-hoa-xa-hoi/rss/"])
def test_rss_feeds_are_valid_and_list_live_articles(client, tree, make_articles, url):
    live = make_articles(3, section=tree.culture)
    other = make_articles(1, section=tree.economy)[0]
    NewsArticlePageFactory(parent=tree.culture, title="Bản nháp", live=False)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == "vi"
    titles = [item.findtext("title") for item in channel.findall("item")]
    expected = sorted(
        live + ([other] if url != "/tin-tuc/van-hoa-xa-hoi/rss/" else []), key=lambda a: a.publication_date
    )
    assert titles == [a.title for a in reversed(expected)]
    first = channel.find("item")
    assert first.findtext("link").startswith("http://testserver/tin-tuc/")
    assert first.findtext("pubDate")


def test_sitemap_lists_live_pages_only(client, tree, make_articles):
    article = make_articles(1)[0]
    NewsArticlePageFactory(parent=tree.culture, slug="ban-nhap", live=False)
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    (part,) = re.findall(r"<loc>([^<]+)</loc>", index.content.decode())
    assert part == "http://testserver/sitemap-trang.xml"
    response = client.get("/sitemap-trang.xml")
    assert response.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    assert f"http://testserver{article.url}" in locations
    assert "http://testserver/tin-tuc/van-hoa-xa-hoi/" in locations
    assert not any("ban-nhap" in loc for loc in locations)


def test_a_large_archive_is_split_into_several_sitemap_files(client, tree, make_articles, monkeypatch):
    monkeypatch.setattr("core.sitemaps.PortalSitemap.limit", 3)
    articles = make_articles(5)
    index = client.get("/sitemap.xml").content.decode()
    parts = re.findall(r"<loc>([^<]+)</loc>", index)
    assert parts[:2] == ["http://testserver/sitemap-trang.xml", "http://testserver/sitemap-trang.xml?p=2"]
    listed = []
    for part in parts:
        listed += re.findall(r"<loc>([^<]+)</loc>", client.get(part.removeprefix("http://testserver")).content.decode())
    assert len(listed) == len(set(listed))
    assert {f"http://testserver{article.url}" for article in articles} <= set(listed)


def test_robots_txt_points_to_the_sitemap_and_hides_the_admin(client, tree):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_unknown_address_gives_the_vietnamese_404_page(client, tree):
    response = client.get("/khong-ton-tai/")
    assert response.status_code == 404
    html = soup(response)
    assert html.select_one("h1").get_text(strip=True) == "Không tìm thấy trang"
    assert html.select_one(".brand__name") is not None


def test_draft_article_is_not_served(client, tree):
    draft = NewsArticlePageFactory(parent=tree.culture, slug="ban-nhap", live=False)
    assert client.get("/tin-tuc/van-hoa-xa-hoi/ban-nhap/").status_code == 404
    assert draft.pk


def test_server_error_page_is_vietnamese_and_standalone(client, tree, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Hệ thống đang gặp sự cố" in html
    assert "{%" not in html


def test_breadcrumbs_follow_a_renamed_section_at_once(client, tree, make_articles):
    (article,) = make_articles(1)

    def crumbs():
        return [li.get_text(strip=True) for li in soup(client.get(article.url)).select(".breadcrumbs li")]

    assert crumbs() == ["Trang chủ", "Tin tức", "Văn hóa – Xã hội", article.title]
    tree.culture.title = "Văn hóa – Thể thao"
    tree.culture.save_revision().publish()
    assert crumbs() == ["Trang chủ", "Tin tức", "Văn hóa – Thể thao", article.title]


# HTML's valid date and time strings: a second's fraction has at most three digits.
HTML_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$")


def test_times_on_home_section_and_article_are_valid_html_datetimes(client, tree):
    import datetime

    from django.utils import timezone

    published = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 30, 15, 123456))
    article = NewsArticlePageFactory(parent=tree.culture, publication_date=published, featured_image=ImageFactory())
    for address in ("/", tree.culture.url, article.url):
        values = [time["datetime"] for time in soup(client.get(address)).select("time[datetime]")]
        assert "2026-03-02T09:30:15+07:00" in values, (address, values)
        assert all(HTML_DATETIME.match(value) for value in values), (address, values)
