"""The home page composed for a portal: besides the news (tests/portal/test_public_pages.py) and this
week's schedule (tests/schedule/test_public.py), the newest documents, the contacts with the
hotline and the links to the province and national portals."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from about.models import AgencyLink
from core.models import SiteSettings
from tests.legal_docs.factories import LegalDocumentIndexPageFactory, LegalDocumentPageFactory

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(node):
    return node.get_text(" ", strip=True)


def query_count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def library(tree):
    return LegalDocumentIndexPageFactory(parent=tree.home)


def make_documents(library, count, start=datetime.date(2026, 1, 1)):
    return [
        LegalDocumentPageFactory(parent=library, issue_date=start + datetime.timedelta(days=n)) for n in range(count)
    ]


def test_home_lists_the_five_newest_live_documents(client, library):
    documents = make_documents(library, 7)
    draft = LegalDocumentPageFactory(parent=library, issue_date=datetime.date(2026, 12, 31), live=False)
    box = soup(client.get("/")).select_one(".documents-box")
    assert text(box.select_one("h2")) == "Văn bản mới"
    titles = [text(a) for a in box.select("h3 a")]
    newest = sorted(documents, key=lambda d: d.issue_date, reverse=True)[:5]
    assert titles == [d.number for d in newest]
    assert draft.number not in text(box)
    first = box.select("li")[0]
    assert newest[0].issue_date.strftime("%d/%m/%Y") in text(first)
    assert first.select_one("a")["href"] == newest[0].url


def test_home_without_documents_has_no_documents_box(client, tree):
    assert soup(client.get("/")).select_one(".documents-box") is None


def test_home_shows_the_hotline_and_contacts_from_the_site_settings(client, tree):
    portal = SiteSettings.for_site(tree.site)
    portal.hotline = "0239 3845 678"
    portal.email = "bbt@thachha.example"
    portal.save()
    box = soup(client.get("/")).select_one(".contact-box")
    assert text(box.select_one("h2")) == "Liên hệ"
    hotline = box.select_one(".contact-box__hotline a")
    assert hotline["href"] == "tel:02393845678"
    assert text(hotline) == "0239 3845 678"
    assert "Khối 1, thị trấn Thạch Hà" in text(box)
    assert box.select_one('a[href="mailto:bbt@thachha.example"]') is not None


def test_home_links_to_the_featured_portals_only(client, tree):
    AgencyLink.objects.create(name="Cổng TTĐT tỉnh Hà Tĩnh", url="https://hatinh.gov.vn", featured=True, sort_order=1)
    AgencyLink.objects.create(name="Cổng TTĐT Chính phủ", url="https://chinhphu.vn", featured=True, sort_order=2)
    AgencyLink.objects.create(name="Báo Nhân Dân", url="https://nhandan.vn", group="other")
    box = soup(client.get("/")).select_one(".links-box")
    assert box.name == "nav"
    assert [(text(a), a["href"]) for a in box.select("a")] == [
        ("Cổng TTĐT tỉnh Hà Tĩnh", "https://hatinh.gov.vn"),
        ("Cổng TTĐT Chính phủ", "https://chinhphu.vn"),
    ]


def test_home_blocks_cost_the_same_queries_however_many_items(client, tree, library, make_articles):
    make_articles(2)
    make_documents(library, 2)
    AgencyLink.objects.create(name="Cổng 1", url="https://a.gov.vn", featured=True)
    small = query_count(client, "/")
    make_articles(6, section=tree.economy)
    make_documents(library, 20)
    for number in range(10):
        AgencyLink.objects.create(name=f"Cổng {number}", url=f"https://{number}.gov.vn", featured=True)
    assert query_count(client, "/") == small
