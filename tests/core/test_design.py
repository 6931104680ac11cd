"""The public design without a browser: landmarks, skip link, the phone menu's markup, headings,
nothing inline that a strict Content-Security-Policy would block, and the palette's contrast
computed from the stylesheet's custom properties (tests/browser/ checks the rendered pages)."""

import datetime
import itertools
import json
import re
import uuid
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.conf import settings
from django.template.loader import render_to_string

from about.models import AgencyLink, AgencyLinksPage, EnglishPage, IntroductionPage
from communes.models import CommuneIndexPage, CommunePage
from core.models import Unit
from tests.legal_docs.factories import LegalDocumentIndexPageFactory, LegalDocumentPageFactory
from tests.schedule.factories import ScheduleIndexPageFactory, entry, make_week

STATIC = Path(settings.BASE_DIR) / "static"

# ---- Colour contrast (WCAG 2.1 AA) ---------------------------------------------------------

# (foreground, background, minimum ratio): every pair the stylesheet puts text (4.5:1) or a
# focus ring (3:1, non-text contrast) on. Names are custom properties of static/css/portal.css.
TEXT_PAIRS = [
    ("--ink", "--paper"),
    ("--ink", "--wash"),
    ("--muted", "--paper"),
    ("--muted", "--wash"),
    ("--link", "--paper"),
    ("--link", "--wash"),
    ("--brand", "--paper"),
    ("--brand", "--wash"),
    ("#ffffff", "--brand"),
    ("#ffffff", "--brand-dark"),
    ("#ffffff", "--brand-deep"),
    ("#ffffff", "--link"),
    ("#ffffff", "--ink"),
    ("--brand", "--gold"),
    ("--footer-ink", "--footer-bg"),
    ("--footer-link", "--footer-bg"),
    ("#ffffff", "--footer-bg"),
    ("--badge-ink", "--badge-bg"),
    ("--today-ink", "--today-bg"),
    ("--ink", "--today-bg"),
    ("--link", "--today-bg"),
]
NON_TEXT_PAIRS = [("--focus", "--ink"), ("--focus", "--brand-dark"), ("--gold", "--brand-deep")]


def custom_properties() -> dict[str, str]:
    css = (STATIC / "css" / "portal.css").read_text()
    root = re.search(r":root\s*{(.*?)}", css, re.S).group(1)
    root = re.sub(r"/\*.*?\*/", "", root, flags=re.S)
    values = dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", root))
    return {name: value.strip() for name, value in values.items()}


def colour(value: str, props: dict[str, str]) -> str:
    while value.startswith("--") or value.startswith("var("):
        value = props[value.removeprefix("var(").removesuffix(")")]
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", value), f"not a #rrggbb colour: {value}"
    return value


def luminance(hex_colour: str) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_helper_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("foreground", "background"), TEXT_PAIRS)
def test_text_colours_meet_wcag_aa(foreground, background):
    props = custom_properties()
    ratio = contrast(colour(foreground, props), colour(background, props))
    assert ratio >= 4.5, f"{foreground} on {background}: {ratio:.2f}:1"


@pytest.mark.parametrize(("foreground", "background"), NON_TEXT_PAIRS)
def test_focus_ring_and_emblem_meet_non_text_contrast(foreground, background):
    props = custom_properties()
    ratio = contrast(colour(foreground, props), colour(background, props))
    assert ratio >= 3, f"{foreground} on {background}: {ratio:.2f}:1"


def test_body_text_is_readable_and_focus_is_visible():
    css = (STATIC / "css" / "portal.css").read_text()
    body = re.search(r"\nbody\s*{(.*?)}", css, re.S).group(1)
    assert "font-size: 1rem" in body and "line-height: 1.6" in body
    assert re.search(r":focus-visible\s*{[^}]*outline: 3px solid", css)
    assert ".skip-link:focus" in css


def test_print_stylesheet_prints_the_article_alone():
    css = (STATIC / "css" / "print.css").read_text()
    hidden = re.search(r"\n\.main-nav,(.*?){\s*display: none !important;", css, re.S).group(1)
    for selector in (".site-search", ".breadcrumbs", ".side-box", ".article-tools", ".tags"):
        assert selector in hidden
    assert ".page-article .site-header" in css and ".print-only { display: block !important; }" in css


# ---- Rendered pages ---------------------------------------------------------------------------


def block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def site(tree, make_articles):
    """Every public page type, each with some content."""
    article = make_articles(1)[0]
    library = LegalDocumentIndexPageFactory(parent=tree.home)
    document = LegalDocumentPageFactory(parent=library, issue_date=datetime.date(2026, 1, 5))
    schedule = ScheduleIndexPageFactory(parent=tree.home)
    monday = datetime.date(2026, 11, 23)
    week = make_week(schedule, monday, [entry(monday, "Họp giao ban")])
    communes = publish(tree.home, CommuneIndexPage(title="Xã, thị trấn", slug="xa-thi-tran"))
    unit = Unit.objects.create(name="Xã Thạch Kênh", slug="xa-thach-kenh", kind=Unit.Kind.COMMUNE)
    commune = publish(communes, CommunePage(title="Xã Thạch Kênh", slug="xa-thach-kenh", unit=unit))
    body = json.dumps([block("heading", "Cơ cấu tổ chức"), block("paragraph", "<p>Huyện ủy, HĐND, UBND.</p>")])
    publish(tree.home, IntroductionPage(title="Giới thiệu", slug="gioi-thieu", body=body, phone="0239 3845 123"))
    publish(tree.home, EnglishPage(title="English", slug="english", body=body, phone="+84 239 3845 123"))
    publish(tree.home, AgencyLinksPage(title="Liên kết website", slug="lien-ket-website"))
    AgencyLink.objects.create(name="Cổng TTĐT tỉnh Hà Tĩnh", url="https://hatinh.gov.vn", featured=True)
    return {
        "home": "/",
        "news index": tree.news.url,
        "section": tree.culture.url,
        "article": article.url,
        "article print view": article.url + "?print=1",
        "documents": library.url,
        "document": document.url,
        "document print view": document.url + "ban-in/",
        "schedule": schedule.url + "?week=2026-W48",
        "week": week.url,
        "communes": communes.url,
        "commune": commune.url,
        "search": "/tim-kiem/?q=giao+ban",
        "introduction": "/gioi-thieu/",
        "english": "/english/",
        "links": "/lien-ket-website/",
        "not found": "/khong-co-trang-nay/",
    }


PAGES = [
    "home",
    "news index",
    "section",
    "article",
    "article print view",
    "documents",
    "document",
    "document print view",
    "schedule",
    "week",
    "communes",
    "commune",
    "search",
    "introduction",
    "english",
    "links",
    "not found",
]


def inline_code_problems(html: BeautifulSoup) -> list[str]:
    """What a strict Content-Security-Policy (no 'unsafe-inline') would block."""
    problems = [f"style attribute on <{tag.name}>" for tag in html.find_all(style=True)]
    problems += ["<style> element" for _ in html.find_all("style")]
    for script in html.find_all("script"):
        if not script.get("src") and script.get("type") != "application/ld+json":
            problems.append("inline <script>")
    for tag in html.find_all(True):
        problems += [f"{name} on <{tag.name}>" for name in tag.attrs if name.startswith("on")]
        for name in ("href", "src", "action"):
            if str(tag.get(name, "")).strip().lower().startswith("javascript:"):
                problems.append(f"javascript: URL on <{tag.name}>")
    return problems


def heading_levels(html: BeautifulSoup) -> list[int]:
    return [int(h.name[1]) for h in html.find_all(re.compile(r"^h[1-6]$"))]


@pytest.mark.parametrize("name", PAGES)
def test_every_public_page_type_has_landmarks_headings_and_nothing_inline(client, site, name):
    response = client.get(site[name])
    assert response.status_code == (404 if name == "not found" else 200)
    html = BeautifulSoup(response.content, "html.parser")
    assert html.find("html")["lang"] == "vi"
    assert html.find("meta", attrs={"name": "viewport"})["content"] == "width=device-width, initial-scale=1"

    # Skip link first, to the one main landmark.
    first_link = html.body.find("a")
    assert "skip-link" in first_link["class"] and first_link["href"] == "#main"
    assert len(html.find_all("main")) == 1 and html.main["id"] == "main"
    assert html.find("header", class_="site-header") and html.find("footer", class_="site-footer")
    assert html.main.find_parent(["header", "footer", "nav"]) is None
    for nav in html.find_all("nav"):
        assert nav.get("aria-label") or nav.get("aria-labelledby"), nav.get("class")

    # One h1, and no level skipped on the way down.
    levels = heading_levels(html.main)
    assert levels.count(1) == 1 and levels[0] == 1, levels
    for previous, current in itertools.pairwise(levels):
        assert current <= previous + 1, levels

    assert inline_code_problems(html) == []
    for image in html.find_all("img"):
        assert image.has_attr("alt"), image
    for table in html.find_all("table"):
        assert table.find("th") or table.find("caption"), table
    labelled = {label.get("for") for label in html.find_all("label")}
    for field in html.find_all(["input", "select", "textarea"]):
        if field.get("type") in {"hidden", "submit", "button"}:
            continue
        assert field.get("id") in labelled or field.get("aria-label") or field.find_parent("label"), field


def test_phone_menu_works_without_javascript(client, site):
    html = BeautifulSoup(client.get(site["section"]).content, "html.parser")
    nav = html.select_one("nav.main-nav")
    assert nav["aria-label"] == "Menu chính"
    toggle = nav.select_one("details.main-nav__toggle")
    # Open in the markup: without JavaScript every link is there and shown; the summary is the
    # phone's menu button, which portal.js closes on small screens.
    assert toggle.has_attr("open")
    assert toggle.find("summary").get_text(strip=True) == "Danh mục"
    assert [a.get_text(strip=True) for a in toggle.select(".main-nav__list a")][:2] == ["Trang chủ", "Tin tức"]
    css = (STATIC / "css" / "portal.css").read_text()
    assert ".main-nav summary { display: none; }" in css
    assert "@media (max-width: 47.99rem)" in css
    script = (STATIC / "js" / "portal.js").read_text()
    assert 'menu.removeAttribute("open")' in script
    assert html.find("script", src=re.compile(r"js/portal(\.[0-9a-f]+)?\.js$"))


def test_article_offers_print_and_pdf_that_work_without_javascript(client, site):
    html = BeautifulSoup(client.get(site["article"]).content, "html.parser")
    tools = html.select_one(".article-tools")
    links = [(a.get_text(" ", strip=True), a["href"]) for a in tools.select("a[data-print]")]
    assert links == [("🖨 In bài", "?print=1"), ("⤓ Lưu PDF", "?print=1")]
    source = html.select_one(".article__print-source")
    assert "print-only" in source["class"] and "http://testserver" + site["article"] in source.get_text()

    view = BeautifulSoup(client.get(site["article print view"]).content, "html.parser")
    assert "print-view" in view.body["class"]
    assert view.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"
    note = view.select_one(".print-note").get_text(" ", strip=True)
    assert "Lưu dưới dạng PDF" in note
    assert view.select_one(".print-note a")["href"] == site["article"]
    assert view.select_one(".article-tools") is None


def test_legal_document_offers_print_and_pdf(client, site):
    html = BeautifulSoup(client.get(site["document"]).content, "html.parser")
    hrefs = {a["href"] for a in html.select(".article-tools a[data-print]")}
    assert hrefs == {site["document"] + "ban-in/"}


def test_server_error_page_has_no_inline_style_and_keeps_the_landmarks():
    html = BeautifulSoup(render_to_string("500.html"), "html.parser")
    assert inline_code_problems(html) == []
    assert html.find("link", rel="stylesheet")
    assert html.main["id"] == "main" and html.find("h1")
