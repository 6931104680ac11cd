"""Accessibility of every public page type at desktop and phone widths: axe-core finds no serious
or critical violation, nothing scrolls sideways, the Content-Security-Policy refuses nothing the
page needs, and the phone menu works without JavaScript.

Each page's counts are printed and recorded; ``make test-browser`` ends with the table, and
``.venv/bin/python -m tests.browser.axe`` prints it after any run.
"""

import re

import pytest
from playwright.sync_api import expect

from . import axe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.usefixtures("axe_installed"),
]

SCREENSHOTS = axe.RESULTS_DIR / "screenshots"

# page type -> the address, from the demo's pages (Portal.paths) or fixed.
PAGE_TYPES = {
    "home": "home",
    "news index": "news_index",
    "section": "section",
    "article": "article",
    "article, print view": ("article", "?print=1"),
    "commune index": "commune_index",
    "commune": "commune",
    "documents": "documents",
    "documents, filtered": ("documents", "?type=quyet-dinh&status=con-hieu-luc"),
    "documents, no match": ("documents", "?q=xyzzyqwv"),
    "document": "document",
    "schedule, this week": "schedule",
    "schedule, other week": "week",
    "search results": "/tim-kiem/?q=quyet+dinh",
    "search, no result": "/tim-kiem/?q=xyzzyqwv",
    "search, empty": "/tim-kiem/",
    "not found (404)": "/trang-khong-ton-tai/",
    "introduction": "about:introductionpage",
    "English page": "about:englishpage",
    "agency links": "about:agencylinkspage",
    "questions": "questions:questionindexpage",
    "question and answer": "questions:questionpage",
}


def address(site, page_type):
    spec = PAGE_TYPES[page_type]
    key, query = spec if isinstance(spec, tuple) else (spec, "")
    if key.startswith("/"):
        return key
    if key not in site.paths:
        pytest.fail(f"The demo has no page for “{page_type}” ({key})")
    return site.paths[key] + query


def csp_refusals(page):
    """Collect what the page's Content-Security-Policy refuses (inline styles, scripts, ...)."""
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return refused


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_page_type_has_no_serious_violation(page, site, width, page_type):
    path = address(site, page_type)
    refused = csp_refusals(page)
    response = page.goto(path)
    assert response.status == (404 if "404" in page_type else 200), path

    refused_before_axe = list(refused)
    violations = axe.run(page)
    entry = axe.record(page_type, width, path, violations)
    counts = ", ".join(f"{impact} {rules} ({nodes} elements)" for impact, (rules, nodes) in entry["counts"].items())
    print(f"axe-core {page_type} [{width}] {path}: {counts}")
    blocking = [v for v in violations if v["impact"] in axe.BLOCKING]
    assert not blocking, f"{page_type} [{width}] {path}:\n{axe.describe(blocking)}"

    # Nothing wider than the screen: no sideways scrolling.
    assert overflow(page) is None, f"{path}: {overflow(page)}"
    if page_type == "home":  # for people to look at (test-results/ is kept by CI, ignored by git)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"home-{width}.png", full_page=True)
    # Nothing the page needs is refused by its Content-Security-Policy (read before axe-core was
    # injected, which the policy refuses on purpose).
    assert refused_before_axe == [], refused_before_axe


def overflow(page):
    """Why the page scrolls sideways, or None."""
    scroll_width, inner_width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if scroll_width <= inner_width:
        return None
    widest = page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""))"""
    )
    return f"{scroll_width}px wide on a {inner_width}px screen, past the edge: {widest}"


def test_no_page_scrolls_sideways_on_the_narrowest_phone(site):
    """320 px, the narrowest phone the portal supports."""
    context = site.browser.new_context(base_url=site.url, viewport={"width": 320, "height": 640}, is_mobile=True)
    page = context.new_page()
    wide = {}
    for page_type in PAGE_TYPES:
        page.goto(address(site, page_type))
        if (reason := overflow(page)) is not None:
            wide[page_type] = reason
    context.close()
    assert wide == {}


def test_questions_form_errors_are_accessible(page, site, width):
    """The form sent empty: its errors must be as accessible as the form."""
    path = address(site, "questions")
    page.goto(path)
    page.locator("form[method='post']").get_by_role("button", name="Gửi câu hỏi").click()
    expect(page.locator(".questions-field__errors").filter(has_text=re.compile(r"\S")).first).to_be_visible()
    violations = axe.run(page)
    axe.record("questions, form with errors", width, path, violations)
    blocking = [v for v in violations if v["impact"] in axe.BLOCKING]
    assert not blocking, axe.describe(blocking)


def test_phone_menu_works_without_javascript(site):
    context = site.new_context("phone", java_script_enabled=False)
    page = context.new_page()
    page.goto(site.paths["article"])
    nav = page.get_by_role("navigation", name="Menu chính")
    toggle = nav.locator("summary")
    expect(toggle).to_be_visible()
    documents = nav.get_by_role("link", name="Văn bản", exact=True)
    # The menu can be closed and opened again by its button, and its links lead where they say.
    if documents.is_visible():
        toggle.click()
        expect(documents).to_be_hidden()
    toggle.click()
    expect(documents).to_be_visible()
    documents.click()
    expect(page).to_have_url(site.url + site.paths["documents"])
    expect(page.get_by_role("heading", level=1)).to_have_text(site.titles["documents"])
    # The page itself is readable: its filter form works without JavaScript too.
    page.get_by_label("Loại văn bản").select_option(label="Quyết định")
    page.get_by_role("button", name="Tìm kiếm", exact=True).last.click()
    expect(page).to_have_url(re.compile(r"type=quyet-dinh"))
    context.close()


def test_phone_menu_starts_closed_and_opens_with_javascript(site):
    context = site.new_context("phone")
    page = context.new_page()
    page.goto("/")
    nav = page.get_by_role("navigation", name="Menu chính")
    news = nav.get_by_role("link", name="Tin tức", exact=True)
    expect(news).to_be_hidden()  # the page starts with its content, not a screenful of links
    nav.locator("summary").click()
    expect(news).to_be_visible()
    news.click()
    expect(page).to_have_url(site.url + site.paths["news_index"])
    context.close()


def test_desktop_menu_is_open_and_keyboard_focus_is_visible(site):
    context = site.new_context("desktop")
    page = context.new_page()
    page.goto("/")
    # The first Tab reaches the skip link, which shows itself and leads to the content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    outline = skip.evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).boxShadow")
    assert outline.split()[0] != "none" or "rgb" in outline, outline
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    expect(
        page.get_by_role("navigation", name="Menu chính").get_by_role("link", name="Tin tức", exact=True)
    ).to_be_visible()
    context.close()


def test_axe_finds_what_it_should(site):
    """The check itself: axe-core, as loaded here, reports a missing alt text and low contrast,
    also under the portal's Content-Security-Policy."""
    context = site.new_context("phone")
    page = context.new_page()
    page.goto("/trang-khong-ton-tai/")
    page.evaluate(
        """() => {
            const img = document.createElement("img");
            img.src = "/static/missing.png";
            const faint = document.createElement("p");
            faint.textContent = "Chữ mờ khó đọc";
            faint.style.color = "#eee";
            document.querySelector("main").append(img, faint);
        }"""
    )
    found = {violation["id"]: violation["impact"] for violation in axe.run(page)}
    assert found.get("image-alt") == "critical"
    assert found.get("color-contrast") == "serious"
    context.close()
