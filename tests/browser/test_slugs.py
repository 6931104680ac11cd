"""The new article form as an editor meets it: no error before anything is typed, and the slug
that the admin fills while the title is typed folds Vietnamese as the server does."""

import pytest
from playwright.sync_api import expect

from core.text import slugify_vi

from .test_editorial import log_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TITLES = {
    "Thôn Đông Hà khánh thành nhà văn hóa mới": "thon-dong-ha-khanh-thanh-nha-van-hoa-moi",
    "Phòng Giáo dục huyện tổ chức hội thi giáo viên dạy giỏi cấp tiểu học": (
        "phong-giao-duc-huyen-to-chuc-hoi-thi-giao-vien-day-gioi-cap-tieu-hoc"
    ),
}


def test_new_article_form_starts_clean_and_fills_a_folded_slug_from_the_title(site):
    editor = log_in(site, "desktop", "bientap")
    add_article = f"/admin/pages/add/news/newsarticlepage/{site.ids['section']}/"

    # Typed or pasted into the slug field itself, Vietnamese is folded too, on leaving the field.
    # (On a form without a title: autosave, which starts with a title, cannot overwrite it.)
    editor.goto(add_article)
    editor.get_by_role("tab", name="Quảng bá").click()
    editor.locator("#id_slug").fill("Đông Hà: đón Tết “vui, khỏe”")
    editor.locator("#id_slug").blur()
    expect(editor.locator("#id_slug")).to_have_value("dong-ha-don-tet-vui-khoe")

    for title, slug in TITLES.items():
        assert slugify_vi(title) == slug
        editor.goto(add_article)
        body = editor.locator("[data-contentpath='body']")
        expect(body).to_be_visible()
        # The blank form shows no error under "Nội dung" (it used to: "Đoạn văn: Cần có ít nhất 1 mục").
        expect(body).not_to_contain_text("ít nhất")
        expect(editor.locator(".w-field--error, .error-message")).to_have_count(0)
        # Typed key by key, as an editor does: the slug follows each key.
        editor.locator("#id_title").press_sequentially(title)
        expect(editor.locator("#id_slug")).to_have_value(slug)
    editor.context.close()
