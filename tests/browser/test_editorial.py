"""The admin as its users see it: a contributor writes and submits an article, a board member
approves the first step (on a phone), a board head approves the second, and readers see it; a
contributor starts an article from the dashboard; a commune editor cannot reach another commune's
pages; the board cannot publish past the heads, who may publish directly with a reason; a
rejection needs a chosen reason, which its author reads in the editor."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TITLE = "Hội thi kể chuyện theo sách dành cho thiếu nhi toàn huyện năm 2026"
LEAD = "Hơn 300 em thiếu nhi của 31 xã, thị trấn tham gia hội thi do Phòng Văn hóa và Thông tin tổ chức."
PARAGRAPH = (
    "Sáng nay, tại Nhà văn hóa huyện, Phòng Văn hóa và Thông tin phối hợp với Huyện đoàn tổ chức hội thi kể "
    "chuyện theo sách dành cho thiếu nhi. Các em đã kể lại những câu chuyện về quê hương, về tấm gương hiếu học "
    "và về các anh hùng của dân tộc bằng giọng kể tự tin, sinh động."
)


def log_in(site, width, username):
    context = site.new_context(width)
    page = context.new_page()
    page.goto("/admin/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page


def more_actions(page):
    """The save button's menu of other actions (submit, approve, ...)."""
    page.get_by_role("button", name="Thao tác khác").click()
    return page


def test_article_goes_from_contributor_through_both_approvals_to_the_public_site(site):
    # The contributor, at a desk, finds the section in the explorer and writes an article.
    contributor = log_in(site, "desktop", "congtacvien")
    contributor.goto(f"/admin/pages/{site.ids['section']}/")
    contributor.get_by_role("link", name="Thêm trang con").click()
    expect(contributor.get_by_role("heading", level=1)).to_contain_text("Tin, bài")
    contributor.locator("#id_title").fill(TITLE)
    contributor.get_by_role("textbox", name=re.compile("^Sapo")).fill(LEAD)
    body = contributor.locator("[data-contentpath='body']")
    body.get_by_title("Chèn khối nội dung").click()
    contributor.get_by_role("option", name="Đoạn văn").click()
    body.get_by_role("textbox").first.click()
    contributor.keyboard.type(PARAGRAPH + " " + PARAGRAPH)
    # Draftail keeps the text in a hidden field a moment after the typing stops.
    expect(contributor.locator("input[name='body-0-value']")).to_have_value(re.compile("hội thi kể chuyện"))
    contributor.get_by_role("textbox", name=re.compile("^Tác giả")).fill("Phạm Văn Cộng")
    more_actions(contributor).get_by_role("button", name="Gửi duyệt theo Tin, bài cấp huyện").click()
    # Created by this first save: the new-page form does not autosave (editorial/admin_views.py).
    submitted = re.compile(f"Trang “{re.escape(TITLE)}” đã được tạo và gửi duyệt")
    expect(contributor.locator(".messages")).to_contain_text(submitted)
    contributor.context.close()

    # Not public while it waits.
    reader = site.new_context("phone").new_page()
    response = reader.goto(site.paths["section"])
    assert response.status == 200
    expect(reader.get_by_role("main")).not_to_contain_text(TITLE)

    # A board member, on a phone, finds it waiting on the dashboard and approves the first step.
    board = log_in(site, "phone", "bientap")
    waiting = board.locator("section").filter(has=board.get_by_role("heading", name="Tin, bài chờ bạn duyệt"))
    waiting.get_by_role("link", name=TITLE).click()
    expect(board.locator("#id_title")).to_have_value(TITLE)
    expect(board.locator("[data-contentpath='body']")).to_contain_text("hội thi kể chuyện theo sách")
    more_actions(board).get_by_role("button", name="Phê duyệt", exact=True).click()
    expect(board.locator(".messages")).to_contain_text(f"Trang “{TITLE}” đã được cập nhật")
    board.goto("/admin/")
    expect(board.get_by_role("link", name=TITLE)).to_have_count(0)  # no longer waiting for the board
    board.context.close()
    reader.reload()
    expect(reader.get_by_role("main")).not_to_contain_text(TITLE)

    # A board head approves the last step, which publishes it.
    head = log_in(site, "desktop", "truongban")
    head.get_by_role("link", name=TITLE).first.click()
    more_actions(head).get_by_role("button", name="Phê duyệt và xuất bản", exact=True).click()
    expect(head.locator(".messages")).to_contain_text(TITLE)
    head.context.close()

    # Readers find it in its section and read it.
    reader.reload()
    reader.get_by_role("main").get_by_role("link", name=TITLE).first.click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.get_by_role("main")).to_contain_text(LEAD)
    expect(reader.get_by_role("main")).to_contain_text("Phạm Văn Cộng")
    reader.goto("/")
    expect(reader.get_by_role("main").get_by_role("link", name=TITLE).first).to_be_visible()
    reader.context.close()


def test_commune_editor_cannot_reach_another_commune(site, width):
    own, other = site.titles["commune"], site.titles["other_commune"]
    editor = log_in(site, width, site.commune_editors["commune"])

    # The explorer opens on the editor's own commune; another commune's address leads back there.
    editor.goto("/admin/pages/")
    expect(editor.get_by_role("heading", level=1)).to_contain_text(own)
    editor.goto(f"/admin/pages/{site.ids['other_commune']}/")
    expect(editor.get_by_role("heading", level=1)).to_contain_text(own)
    expect(editor.get_by_role("main")).not_to_contain_text(other, use_inner_text=True)

    # Editing or adding in the other commune is refused, in Vietnamese.
    for address in (
        f"/admin/pages/{site.ids['other_commune']}/edit/",
        f"/admin/pages/{site.ids['other_commune']}/add_subpage/",
    ):
        response = editor.goto(address)
        assert response.status == 403, address
        expect(editor.get_by_role("heading", level=1)).to_have_text("Không có quyền truy cập")

    # The admin's page search does not show the other commune either.
    editor.goto(f"/admin/pages/search/?q={other.split()[-1]}")
    expect(editor.get_by_role("main")).not_to_contain_text(other, use_inner_text=True)

    # In the own commune the editor may write.
    editor.goto(f"/admin/pages/{site.ids['commune']}/add_subpage/")
    expect(editor.get_by_role("heading", level=1)).to_contain_text("Tin, bài")
    editor.context.close()


# The demo's district article waiting at the board's step (demo/communes.py, "step1").
WAITING = "Huyện triển khai kế hoạch chuyển đổi số trong cơ quan hành chính"


def edit_address(title):
    from news.models import NewsArticlePage

    return f"/admin/pages/{NewsArticlePage.objects.get(title=title).pk}/edit/"


def test_only_a_direct_publication_with_a_reason_skips_the_heads(site):
    # A board member finds no plain "Xuất bản" on an item waiting for the board: the heads approve last.
    board = log_in(site, "desktop", "bientap")
    board.goto(edit_address(WAITING))
    more_actions(board)
    expect(board.get_by_role("button", name="Phê duyệt", exact=True)).to_be_visible()
    expect(board.get_by_role("button", name="Xuất bản", exact=True)).to_have_count(0)
    expect(board.get_by_role("link", name="Xuất bản trực tiếp…")).to_have_count(0)
    board.context.close()

    # A board head may publish it at once, but only with a reason.
    head = log_in(site, "desktop", "truongban")
    head.goto(edit_address(WAITING))
    expect(head.get_by_role("button", name="Xuất bản", exact=True)).to_have_count(0)
    more_actions(head).get_by_role("link", name="Xuất bản trực tiếp…").click()
    expect(head.get_by_role("main")).to_contain_text("Kiểm duyệt của Ban Biên tập")
    head.get_by_role("button", name="Xuất bản trực tiếp").click()
    expect(head.get_by_role("main")).to_contain_text("Nhập lý do xuất bản trực tiếp.")
    head.get_by_role("textbox", name=re.compile("Lý do cần đăng ngay")).fill("Thông báo khẩn của UBND huyện.")
    head.get_by_role("button", name="Xuất bản trực tiếp").click()
    expect(head.locator(".messages")).to_contain_text("đã được xuất bản trực tiếp")
    head.goto(edit_address(WAITING).replace("/edit/", "/history/"))
    expect(head.get_by_role("main")).to_contain_text("Xuất bản trực tiếp, bỏ qua bước Kiểm duyệt của Ban Biên tập")
    expect(head.get_by_role("main")).to_contain_text("Thông báo khẩn của UBND huyện.")
    head.context.close()


def test_a_rejection_needs_a_chosen_reason_and_its_author_reads_it(site):
    # At desktop width: on a phone Wagtail leaves the actions menu open over its dialog.
    board = log_in(site, "desktop", "bientap")
    board.goto(edit_address(WAITING))
    more_actions(board).get_by_role("button", name="Từ chối đăng", exact=True).click()
    dialog = board.get_by_role("dialog")
    expect(dialog.get_by_role("radio")).to_have_count(4)
    expect(dialog.locator("input[type='radio']:checked")).to_have_count(0)
    dialog.get_by_role("button", name="Từ chối đăng").click()
    expect(dialog).to_contain_text("Chọn lý do từ chối đăng.")
    dialog.get_by_role("radio", name="Trùng lặp").check()
    dialog.get_by_role("textbox").fill("Trùng với tin đăng ngày 02/12.")
    dialog.get_by_role("button", name="Từ chối đăng").click()
    expect(board).to_have_url(re.compile(r"/admin/pages/\d+/$"))  # back to the section's listing
    board.context.close()

    author = log_in(site, "desktop", "congtacvien")
    author.goto(edit_address(WAITING))
    outcome = author.locator("[data-review-outcome]")
    expect(outcome).to_contain_text("Bị từ chối đăng")
    expect(outcome).to_contain_text("Lý do: Trùng lặp")
    expect(outcome).to_contain_text("Trùng với tin đăng ngày 02/12.")
    author.context.close()


def test_contributor_starts_an_article_from_the_dashboard_button(site):
    contributor = log_in(site, "desktop", "congtacvien")
    contributor.get_by_role("link", name="Viết tin, bài", exact=True).click()
    expect(contributor.get_by_role("heading", level=1)).to_have_text("Viết tin, bài")
    main = contributor.get_by_role("main")
    # Only sections, under "Tin tức": never "Tin tức" itself, where a new page would be a section.
    expect(main.get_by_role("heading", level=2)).to_have_text([site.titles["news_index"]])
    main.get_by_role("link", name=site.titles["section"], exact=True).click()
    expect(contributor).to_have_url(re.compile(rf"/admin/pages/add/news/newsarticlepage/{site.ids['section']}/$"))
    expect(contributor.get_by_role("heading", level=1)).to_contain_text("Tin, bài")
    expect(contributor.locator("#id_title")).to_be_visible()
    response = contributor.goto(f"/admin/pages/{site.ids['news_index']}/add_subpage/")
    assert response.status == 403
    contributor.context.close()
