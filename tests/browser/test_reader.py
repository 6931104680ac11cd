"""A reader on a desktop and on a phone: reads the news, searches without tone marks, filters the
documents, walks the schedule's weeks and sends a question."""

import itertools
import re
import time
from collections import Counter

import pytest
from playwright.sync_api import expect

from .conftest import VIEWPORTS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def main_menu(page):
    """The main menu's links, after opening the menu where a phone keeps it closed."""
    nav = page.get_by_role("navigation", name="Menu chính")
    toggle = nav.locator("summary")
    if toggle.is_visible() and not nav.get_by_role("link", name="Tin tức", exact=True).is_visible():
        toggle.click()
    return nav


def search_filters(page):
    """The search page's filters, after unfolding them where a phone keeps them folded."""
    fold = page.locator(".search-filters-fold")
    summary = fold.locator("summary")
    if summary.is_visible() and fold.get_attribute("open") is None:
        summary.click()
    return fold


def browser_roles(page) -> Counter:
    """The roles in Chromium's own accessibility tree, which is what a screen reader is given and
    which CSS can change (table cells displayed as blocks may stop being cells)."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    return Counter(node["role"]["value"] for node in nodes if not node.get("ignored") and "role" in node)


def test_reader_reads_home_section_and_article(page, site):
    page.goto("/")
    expect(page).to_have_title(re.compile("Cổng thông tin điện tử huyện Thạch Hà"))
    expect(page.get_by_role("banner")).to_contain_text("Cổng thông tin điện tử huyện Thạch Hà")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    # The home page shows the latest news, each linking to an article.
    home_articles = page.get_by_role("main").locator("a[href^='/tin-tuc/'][href$='/']")
    assert home_articles.count() >= 10

    main_menu(page).get_by_role("link", name=site.titles["section"]).click()
    expect(page).to_have_url(site.url + site.paths["section"])
    expect(page.get_by_role("heading", level=1)).to_have_text(site.titles["section"])
    expect(page.get_by_role("navigation", name=re.compile("Vị trí|Đường dẫn|Breadcrumb", re.I))).to_contain_text(
        "Tin tức"
    )

    link = page.get_by_role("main").get_by_role("link", name=site.titles["article"]).first
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(site.url + site.paths["article"])
    expect(page.get_by_role("heading", level=1)).to_have_text(site.titles["article"])
    article = page.get_by_role("main").locator("article").first
    expect(article).to_contain_text(re.compile(r"\d{2}/\d{2}/\d{4}"))  # its date, dd/mm/yyyy
    assert len(article.inner_text()) > 500
    # Decree 42: print and "save as PDF" for every article; printed, the menu and search are left out.
    expect(article.get_by_role("link", name="In bài")).to_be_visible()
    expect(article.get_by_role("link", name="Lưu PDF")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu chính")).to_be_hidden()
    expect(article.get_by_role("link", name="In bài")).to_be_hidden()


def test_search_without_tone_marks_finds_quyet_dinh(page, site):
    page.goto(site.paths["section"])
    search_box = page.get_by_role("search", name="Tìm kiếm trên cổng thông tin").get_by_role("combobox")
    search_box.fill("quyet dinh")
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"/tim-kiem/\?q=quyet\+dinh"))
    results = page.locator(".search-results h3 a")
    expect(results.first).to_be_visible()
    titles = results.all_text_contents()
    assert any("Quyết định" in title for title in titles), titles
    # The words found are marked in the titles, with their tone marks.
    expect(page.locator(".search-results mark").filter(has_text="Quyết").first).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"\d+ kết quả cho “quyet dinh”"))).to_be_visible()

    # Narrowing to documents keeps the query and shows only documents.
    filters = search_filters(page)
    filters.get_by_label("Loại", exact=True).select_option(label="Văn bản")
    filters.get_by_role("button", name="Áp dụng bộ lọc").click()
    expect(page).to_have_url(re.compile(r"type=van-ban"))
    expect(page.get_by_label("Từ khóa hoặc số ký hiệu văn bản")).to_have_value("quyet dinh")
    kinds = page.locator(".search-results .search-result__kind").all_text_contents()
    assert kinds and set(kinds) == {"Văn bản"}, kinds


def test_search_shows_a_phone_its_results_first_and_keeps_the_filters_a_tap_away(page, site, width):
    page.goto("/tim-kiem/?q=quyet+dinh")
    count = page.get_by_role("heading", name=re.compile(r"^\d+ kết quả cho “quyet dinh”$"))
    first_result = page.locator(".search-list .search-result").first
    type_filter = page.get_by_label("Loại", exact=True)
    fold = page.locator(".search-filters-fold summary")
    screen_height = VIEWPORTS[width]["height"]
    if width == "desktop":
        # As before: the filters are laid out above the results, with nothing to unfold.
        expect(type_filter).to_be_visible()
        expect(fold).to_be_hidden()
        assert type_filter.bounding_box()["y"] < count.bounding_box()["y"]
        return

    # The count and the first result's title are on the first screen, the filters folded.
    expect(type_filter).to_be_hidden()
    top = first_result.bounding_box()["y"]
    assert count.bounding_box()["y"] < top
    assert first_result.locator("h3").bounding_box()["y"] + 30 < screen_height, f"first result at {top:.0f} px"
    # The filters open from the keyboard, without JavaScript's help, and work.
    expect(fold).to_have_text("Bộ lọc")
    fold.focus()
    page.keyboard.press("Enter")
    expect(type_filter).to_be_visible()
    type_filter.select_option(label="Văn bản")
    page.get_by_role("button", name="Áp dụng bộ lọc").click()
    expect(page).to_have_url(re.compile(r"type=van-ban"))
    expect(fold).to_have_text("Bộ lọc (đang dùng 1)")
    expect(type_filter).to_be_hidden()
    assert first_result.locator("h3").bounding_box()["y"] + 30 < screen_height
    assert set(page.locator(".search-result__kind").all_text_contents()) == {"Văn bản"}


def test_search_with_no_result_says_so(page, site):
    page.goto("/tim-kiem/?q=xyzzyqwv")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Không tìm thấy kết quả nào.")
    expect(page.get_by_label("Từ khóa hoặc số ký hiệu văn bản")).to_have_value("xyzzyqwv")


def test_reader_filters_legal_documents(page, site):
    page.goto(site.paths["documents"])
    expect(page.get_by_role("heading", level=1)).to_have_text(site.titles["documents"])
    count_heading = page.get_by_role("heading", name=re.compile(r"^\d+ văn bản$"))
    total = int(count_heading.text_content().split()[0])

    page.get_by_label("Loại văn bản").select_option(label="Quyết định")
    page.get_by_role("button", name="Tìm kiếm", exact=True).last.click()
    expect(page).to_have_url(re.compile(r"type=quyet-dinh"))
    expect(page.get_by_label("Loại văn bản")).to_have_value("quyet-dinh")
    filtered = int(count_heading.text_content().split()[0])
    assert 0 < filtered < total
    cards = page.locator(".legal-card__title").all_text_contents()
    assert cards and all(title.startswith("Quyết định") for title in cards), cards

    # Words no document holds: a clear message and a way back to every document.
    page.get_by_label("Số ký hiệu hoặc từ trong trích yếu").fill("xyzzyqwv")
    page.get_by_role("button", name="Tìm kiếm", exact=True).last.click()
    expect(page.get_by_role("main")).to_contain_text("Không có văn bản nào phù hợp")
    page.get_by_role("main").get_by_role("link", name="Xóa bộ lọc").first.click()
    expect(count_heading).to_have_text(f"{total} văn bản")


def test_reader_walks_schedule_weeks(page, site):
    page.goto(site.paths["schedule"])
    heading = page.get_by_role("heading", level=1)
    this_week = heading.text_content()
    assert re.match(r"Lịch công tác tuần \d+ \(\d{2}/\d{2} – \d{2}/\d{2}/\d{4}\)", this_week), this_week
    weeks = page.get_by_role("navigation", name="Các tuần khác")

    weeks.get_by_role("link", name="Tuần trước").click()
    expect(heading).not_to_have_text(this_week)
    last_week = heading.text_content()
    assert int(re.search(r"tuần (\d+)", last_week).group(1)) in {
        int(re.search(r"tuần (\d+)", this_week).group(1)) - 1,
        52,
        53,
    }
    expect(page.get_by_role("table").first).to_be_visible()  # the demo has a schedule every week
    # A screen reader is given a table, also where a phone shows each entry as a card: six
    # column headers, a header for each day and each entry, and their cells.
    roles = browser_roles(page)
    assert roles["table"] == 1 and roles["columnheader"] == 6, roles
    assert roles["rowheader"] >= 10 and roles["cell"] >= 40, roles

    weeks.get_by_role("link", name="Tuần sau").click()
    expect(heading).to_have_text(this_week)
    weeks.get_by_role("link", name="Tuần sau").click()
    expect(heading).not_to_have_text(this_week)
    weeks.get_by_role("link", name="Tuần này").click()
    expect(heading).to_have_text(this_week)


def test_reader_sends_a_question(page, site, monkeypatch):
    from questions import spam

    path = site.paths.get("questions:questionindexpage")
    if path is None:
        pytest.fail("The questions page (/hoi-dap/) is missing from the demo")
    page.goto(path)
    form = page.locator("form[method='post']")
    form.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    form.get_by_label("Thư điện tử").fill("an.nguyen@example.com")
    form.get_by_label("Chủ đề").select_option(label="Thủ tục hành chính")
    question = "Xin hỏi thủ tục cấp lại giấy khai sinh bản sao cần những giấy tờ gì và nộp ở đâu?"
    form.get_by_label("Câu hỏi hoặc góp ý của bạn").fill(question)

    # Sent at once, the form is taken for a script: it says so and keeps what was typed.
    form.get_by_role("button", name="Gửi câu hỏi").click()
    expect(page.get_by_role("main")).to_contain_text("quá nhanh")
    expect(form.get_by_label("Câu hỏi hoặc góp ý của bạn")).to_have_value(question)
    expect(form.get_by_label("Họ và tên")).to_have_value("Nguyễn Văn An")

    # Without consent the form is refused with the reason next to the box.
    # From here on the reader takes a minute over each sending.
    clock = itertools.count(time.time() + 60, 60)
    monkeypatch.setattr(spam, "now", lambda: next(clock))
    form.get_by_role("button", name="Gửi câu hỏi").click()
    expect(page.locator("#id_consent_errors")).not_to_be_empty()
    expect(form.get_by_label("Câu hỏi hoặc góp ý của bạn")).to_have_value(question)

    form.get_by_role("checkbox").check()
    form.get_by_role("button", name="Gửi câu hỏi").click()
    expect(page.get_by_role("main")).to_contain_text("Cảm ơn bạn: câu hỏi đã được gửi")
