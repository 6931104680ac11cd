"""Hostile markup in every field a user can fill never runs on a public page or in the admin.

Each field gets a payload carrying a marker (``xss``); every page showing it is parsed, and no
script (but JSON-LD data and external files), event handler, ``javascript:`` link or payload
element may come out. JSON-LD must parse and hold the payload as plain text.
"""

import datetime
import json

import pytest
from bs4 import BeautifulSoup

from django.test import Client
from django.urls import reverse

from core.models import FooterLink, SiteSettings, Unit
from core.sanitize import clean_html, safe_url
from tests.core.factories import ImageFactory
from tests.legal_docs.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    attach,
    make_document,
    pdf_bytes,
)
from tests.news.factories import NewsArticlePageFactory
from tests.schedule.factories import ScheduleIndexPageFactory, entry, make_week

pytestmark = pytest.mark.django_db

# Short enough for every CharField of 120 characters.
SHORT = "\"'><svg onload=xss(1)><script>xss(2)</script><img src=x onerror=xss(3)>"
LONG = (
    SHORT + '</script><a href="javascript:xss(4)">j</a><p style="x" onclick="xss(5)">p</p>'
    "<iframe src=javascript:xss(6)></iframe>' onmouseover='xss(7)"
)
RAW_RICH_TEXT = (
    '<p onclick="xss(8)" style="color:red">Đoạn <b>đậm</b><script>xss(9)</script>'
    '<img src=x onerror="xss(10)"/><a href=" javascript:xss(11)">liên kết</a>'
    '<a href="/tin-tuc/">nội bộ</a></p><svg><g onload="xss(12)"></g></svg>'
)


def assert_nothing_executable(html: str, where: str, public=True):
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if public:
                assert not attribute.lower().startswith("on"), (where, str(element)[:200])
            elif attribute.lower().startswith("on"):
                assert "xss" not in text, (where, str(element)[:200])
            if attribute.lower() in {"href", "src", "action", "formaction", "data"}:
                assert safe_url(text), (where, str(element)[:200])
        if element.name == "script":
            kind = (element.get("type") or "").lower()
            if kind == "application/ld+json":
                data = json.loads(element.string or "null")
                assert data is not None, where
                assert "</script" not in (element.string or "").lower(), where
            elif public:
                assert element.get("src") and not (element.string or "").strip(), (where, str(element)[:200])
            elif "json" not in kind:
                assert "xss" not in (element.string or ""), (where, str(element)[:300])


def json_ld_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    return json.dumps(
        [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')], ensure_ascii=False
    )


@pytest.fixture
def hostile(tree, django_user_model):
    """A portal where every field a user can fill holds a payload."""
    unit = Unit.objects.create(name="Phòng " + SHORT, short_name=SHORT[:80], slug="phong-xss")
    image = ImageFactory(title="Ảnh " + SHORT)
    document = make_document(pdf_bytes("Tai lieu"), "tai-lieu.pdf", title="Tệp " + SHORT)
    table = {
        "data": [[LONG, "Số liệu"], ["<b onmouseover=xss(13)>x</b>", "javascript:xss(14)"]],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": SHORT,
    }
    body = [
        {"type": "paragraph", "value": RAW_RICH_TEXT},
        {"type": "table", "value": {"caption": SHORT, "table": table}},
        {"type": "image", "value": {"image": image.pk, "caption": LONG[:300], "credit": SHORT}},
        {"type": "quote", "value": {"text": LONG, "attribution": SHORT}},
        {"type": "document", "value": {"document": document.pk, "title": SHORT}},
    ]
    article = NewsArticlePageFactory(
        parent=tree.culture,
        title="Hội nghị " + SHORT,
        seo_title="SEO " + SHORT,
        search_description="Mô tả " + LONG,
        lead="Sapo hội nghị " + LONG,
        featured_image=image,
        featured_image_caption=LONG[:300],
        featured_image_alt=SHORT,
        author_names=SHORT,
        source=SHORT,
        contributing_unit=unit,
        body=json.dumps(body),
    )
    article.tags.add("thẻ " + SHORT)
    article.save_revision().publish()

    library = LegalDocumentIndexPageFactory(parent=tree.home)
    legal = LegalDocumentPageFactory(
        parent=library,
        summary="Về việc hội nghị " + LONG,
        signer_name=SHORT,
        signer_title=SHORT[:60],
        issuing_body=unit,
        notes=RAW_RICH_TEXT,
        search_description=LONG,
    )
    attach(legal, document)

    schedules = ScheduleIndexPageFactory(parent=tree.home)
    monday = datetime.date.today() - datetime.timedelta(days=datetime.date.today().weekday())
    week = make_week(
        schedules,
        monday,
        [entry(monday, content="Hội nghị " + LONG, attendees=LONG, place=SHORT, notes=SHORT, chaired_by_other=SHORT)],
    )

    portal = SiteSettings.for_site(tree.site)
    for field in ["portal_name", "governing_body", "address", "responsible_person", "licence"]:
        setattr(portal, field, SHORT)
    portal.phone = SHORT[:50]
    portal.save()
    FooterLink.objects.create(settings=portal, title=SHORT, url="javascript:xss(15)")
    try:
        from about.models import AgencyLink
    except ImportError:  # the about app is not there yet
        pass
    else:
        AgencyLink.objects.create(name=SHORT, url="javascript:xss(16)", featured=True)
    return {"article": article, "legal": legal, "week": week, "schedules": schedules, "library": library}


def test_no_payload_runs_on_any_public_page(client, tree, hostile):
    article, legal, week = hostile["article"], hostile["legal"], hostile["week"]
    urls = [
        "/",
        tree.news.url,
        tree.culture.url,
        article.url,
        f"{tree.news.url}?tag={article.tags.first().name}",
        hostile["library"].url,
        legal.url,
        legal.url + legal.reverse_subpage("print"),
        hostile["schedules"].url,
        week.url,
        "/tim-kiem/?q=" + "hội nghị " + SHORT,
        "/tim-kiem/?q=" + LONG,
        "/tim-kiem/goi-y/?q=hoi nghi",
        "/khong-co-trang-nay/" + SHORT,
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in {200, 404}, (url, response.status_code)
        html = response.content.decode()
        if response["Content-Type"].startswith("text/html"):
            assert_nothing_executable(html, url)
            for raw in ["<script>xss", "<svg onload", "<img src=x"]:
                at = html.find(raw)
                assert at < 0, (url, html[max(0, at - 300) : at + 50])


def test_json_ld_holds_the_payload_as_text(client, hostile):
    html = client.get(hostile["article"].url).content.decode()
    assert_nothing_executable(html, "article")
    text = json_ld_text(html)
    assert text != "[]", "the article has no JSON-LD"
    assert "<script>xss(2)</script>" in text, "the payload must survive as text, not be dropped or executed"


def test_search_snippets_and_echoed_queries_are_escaped(client, hostile):
    response = client.get("/tim-kiem/", {"q": "hội nghị " + SHORT})
    html = response.content.decode()
    assert_nothing_executable(html, "search")
    soup = BeautifulSoup(html, "html.parser")
    assert SHORT in soup.get_text(), "the query is echoed as text"


def test_rss_and_calendar_feeds_carry_the_payload_only_as_text(client, tree, hostile):
    from defusedxml import ElementTree

    for url in ["/rss/", tree.news.url + "rss/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        ElementTree.fromstring(response.content)  # well-formed: nothing broke out of an element
        assert b"<script>" not in response.content, url
    year, week, _day = hostile["week"].week_start.isocalendar()
    response = client.get(f"/lich-cong-tac/ics/{year}-W{week:02d}/")
    assert response.status_code == 200


def test_rich_text_stored_raw_in_the_database_is_cleaned_on_output(client, hostile):
    html = client.get(hostile["article"].url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    paragraph = soup.find(string=lambda s: s and "Đoạn" in s).parent
    assert paragraph.name == "p" and not paragraph.attrs
    assert soup.find("b", string="đậm"), "allowed markup stays"
    assert soup.find("a", href="/tin-tuc/", string="nội bộ"), "safe links stay"
    link = soup.find("a", string="liên kết")
    assert link is not None and "href" not in link.attrs


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>a<script>xss()</script>b</p>", "<p>ab</p>"),
        ('<a href="JaVaScRiPt:xss()">x</a>', "<a>x</a>"),
        ('<a href="java&#x09;script:xss()">x</a>', "<a>x</a>"),
        ('<a href="data:text/html,<script>xss()</script>">x</a>', "<a>x</a>"),
        ('<a href="https://thachha.vn/">x</a>', '<a href="https://thachha.vn/" rel="noopener noreferrer">x</a>'),
        ('<p style="background:url(javascript:xss())">x</p>', "<p>x</p>"),
        ("<math><mtext><script>xss()</script></mtext></math>", ""),
        ("<!--<script>xss()</script>-->", ""),
        ("<p>1 &lt; 2 &amp; 3</p>", "<p>1 &lt; 2 &amp; 3</p>"),
        ('<custom-el onfocus="xss()">chữ</custom-el>', "chữ"),
    ],
)
def test_clean_html_keeps_text_and_drops_code(html, expected):
    assert clean_html(html) == expected


def admin_client(pipeline_user):
    client = Client()
    client.force_login(pipeline_user)
    return client


def test_admin_pages_listing_the_payloads_run_none_of_them(hostile, tree, django_user_model):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    admin = django_user_model.objects.create_superuser("quantri", "quantri@thachha.example", "x")
    client = admin_client(admin)
    article = hostile["article"]
    image = get_image_model().objects.get()
    document = get_document_model().objects.get()
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=(tree.culture.pk,)),
        reverse("wagtailadmin_explore", args=(hostile["library"].pk,)),
        reverse("wagtailadmin_explore", args=(hostile["schedules"].pk,)),
        reverse("wagtailadmin_pages:edit", args=(article.pk,)),
        reverse("wagtailadmin_pages:edit", args=(hostile["legal"].pk,)),
        reverse("wagtailadmin_pages:edit", args=(hostile["week"].pk,)),
        reverse("wagtailadmin_pages:history", args=(article.pk,)),
        reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,)),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:edit", args=(image.pk,)),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:edit", args=(document.pk,)),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtailadmin_pages:search") + "?q=" + SHORT,
        "/admin/reports/editorial-activity/",
    ]
    from wagtail.snippets.models import get_snippet_models

    for model in get_snippet_models():
        if model is Unit:
            urls.append(reverse(model.snippet_viewset.get_url_name("list")))
    for url in urls:
        response = client.get(url)
        assert response.status_code in {200, 302, 405}, (url, response.status_code)
        if response.status_code == 200 and response["Content-Type"].startswith(("text/html", "application/json")):
            body = response.content.decode()
            if response["Content-Type"].startswith("application/json"):
                body = json.dumps(response.json())
                body = response.json().get("html", body) if isinstance(response.json(), dict) else body
            assert_nothing_executable(body, url, public=False)
