"""Page slugs fold Vietnamese the same way wherever they come from (the browser's fill from the
title, typing, pasting, a script's post, code), and the slugs mangled before are repaired."""

import json
import re

import pytest

from django.apps import apps as django_apps

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site, get_page_models

from core.forms import PortalPageForm
from core.pages import BasePage
from core.slugs import SLUG_FORMATTERS, legacy_urlify, repair_mangled_slugs, slug_input
from core.text import slugify_vi
from news.models import NewsArticlePage, NewsCategoryPage
from tests.news.factories import NewsArticlePageFactory, NewsCategoryPageFactory

TITLES = [
    "Thôn Đông Hà khánh thành nhà văn hóa mới",
    "Phòng Giáo dục huyện tổ chức hội thi giáo viên dạy giỏi cấp tiểu học",
    "ĐẠI HỘI ĐẢNG BỘ XÃ THẠCH ĐÀI LẦN THỨ XXV, NHIỆM KỲ 2025 – 2030",
    "Quyết định số 7210/QĐ-UBND ngày 08/12/2017 của UBND huyện",
    "  “Ngày hội Đại đoàn kết” ở khu dân cư…  ",
    "Quye\u0302\u0301t đi\u0323nh (decomposed marks)",
    "Hội nghị tổng kết công tác năm 2025 và triển khai nhiệm vụ, giải pháp trọng tâm năm 2026 của ngành giáo dục",
    "Ưu tiên nguồn lực cho đồng bào vùng sâu, vùng xa: 100% hộ có điện lưới quốc gia",
    "Müller & Søren thăm Hà Tĩnh",
    "_-Đường-_",
]


def browser_fill(title: str) -> str:
    """What the admin's slug field does with a title (Wagtail 8.0's w-slug urlify, read from
    wagtailadmin/js/core.js): our formatters, then its own clean-up, here in Python."""
    value = title.strip()
    for (pattern, flags), replacement in json.loads(_formatters_attribute()):
        assert flags == "gu"
        value = re.sub(pattern, replacement.replace("$1", r"\1"), value)
    value = value.lower()
    value = re.sub(r"[^-\w\s]", "", value, flags=re.ASCII)
    value = re.sub(r"[-\s]+", "-", value)
    return value[:255].rstrip("-")


def _formatters_attribute() -> str:
    return slug_input().attrs["data-w-slug-formatters-value"]


@pytest.mark.parametrize("title", TITLES)
def test_browser_fill_from_the_title_matches_the_server_folding(title):
    assert browser_fill(title) == slugify_vi(title)


def test_formatters_are_the_ones_the_slug_field_sends():
    sent = json.loads(_formatters_attribute())
    assert len(sent) == len(SLUG_FORMATTERS)
    assert sent[-1] == [["^(?=.{81})(.{80}).*$", "gu"], "$1"]


@pytest.mark.parametrize(
    ("title", "mangled"),
    [
        ("Thôn Đông Hà khánh thành nhà văn hóa mới", "thon-djong-ha-khanh-thanh-nha-van-hoa-mi"),
        (
            "Phòng Giáo dục huyện tổ chức hội thi giáo viên dạy giỏi cấp tiểu học",
            "phong-giao-dc-huyn-t-chc-hi-thi-giao-vien-dy-gii-cp-tiu-hc",
        ),
    ],
)
def test_legacy_urlify_reproduces_the_slugs_wagtail_made(title, mangled):
    assert legacy_urlify(title) == mangled


def our_page_models():
    return [model for model in get_page_models() if not model.__module__.startswith("wagtail.")]


def test_every_page_type_of_ours_is_found():
    names = {model.__name__ for model in our_page_models()}
    assert {"NewsArticlePage", "LegalDocumentPage", "CommunePage", "QuestionPage", "IntroductionPage"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("model", our_page_models(), ids=lambda model: model.__name__)
def test_every_page_type_folds_the_slug_in_the_editor_and_on_save(model):
    assert issubclass(model, BasePage)  # its full_clean() and minimal_clean() fold the slug
    form_class = model.get_edit_handler().get_form_class()
    assert issubclass(form_class, PortalPageForm)
    field = form_class(instance=model()).fields.get("slug")
    if field is None:
        assert model.__name__ == "WeeklySchedulePage"  # its slug follows the week
        return
    assert "data-w-slug-formatters-value" in field.widget.attrs
    assert field.clean("Thôn Đông Hà mới") == "thon-dong-ha-moi"
    assert field.clean("nha-van-hoa_2025") == "nha-van-hoa_2025"


@pytest.mark.django_db
def test_pages_saved_by_code_fold_their_slug_as_drafts_and_live(tree):
    section = NewsCategoryPage(title="Giáo dục – Đào tạo", slug="Giáo dục – Đào tạo", live=False)
    tree.news.add_child(instance=section)
    assert section.slug == "giao-duc-dao-tao"
    draft = NewsArticlePage(title="Đón Tết", slug="đón-tết-2026", lead="Tóm tắt", body="[]", live=False)
    section.add_child(instance=draft)
    assert Page.objects.get(pk=draft.pk).slug == "don-tet-2026"
    untitled_draft = NewsArticlePage(title="Đường giao thông nông thôn", lead="Tóm tắt", body="[]", live=False)
    section.add_child(instance=untitled_draft)
    assert untitled_draft.slug == "duong-giao-thong-nong-thon"
    live = NewsArticlePage(title="Đón Tết", slug="Đón Tết", lead="Tóm tắt", body="[]")
    section.add_child(instance=live)
    assert live.slug == "don-tet"
    assert live.url_path.endswith("/giao-duc-dao-tao/don-tet/")


# --- Repairing the slugs mangled before ---------------------------------------------------


def mangled_article(parent, title, **fields):
    article = NewsArticlePageFactory(parent=parent, title=title, slug=legacy_urlify(title), **fields)
    article.save_revision()
    return article


@pytest.mark.django_db
def test_repair_gives_mangled_pages_their_folded_slug_and_redirects_the_old_address(tree, client):
    article = mangled_article(tree.culture, "Thôn Đông Hà khánh thành nhà văn hóa mới")
    old_url = "/tin-tuc/van-hoa-xa-hoi/thon-djong-ha-khanh-thanh-nha-van-hoa-mi/"
    assert client.get(old_url).status_code == 200

    repairs = repair_mangled_slugs(django_apps)

    assert [(r.page_id, r.old_slug, r.new_slug) for r in repairs] == [
        (article.pk, "thon-djong-ha-khanh-thanh-nha-van-hoa-mi", "thon-dong-ha-khanh-thanh-nha-van-hoa-moi")
    ]
    article.refresh_from_db()
    new_url = "/tin-tuc/van-hoa-xa-hoi/thon-dong-ha-khanh-thanh-nha-van-hoa-moi/"
    assert article.slug == "thon-dong-ha-khanh-thanh-nha-van-hoa-moi"
    assert article.url == new_url
    assert client.get(new_url).status_code == 200
    response = client.get(old_url, HTTP_HOST="testserver")
    assert response.status_code == 301
    assert response["Location"] == new_url
    # The revisions carry the new slug: publishing the latest does not bring the old one back.
    assert article.get_latest_revision().content["slug"] == "thon-dong-ha-khanh-thanh-nha-van-hoa-moi"
    article.get_latest_revision().publish()
    article.refresh_from_db()
    assert article.slug == "thon-dong-ha-khanh-thanh-nha-van-hoa-moi"
    # Once is enough.
    assert repair_mangled_slugs(django_apps) == []


@pytest.mark.django_db
def test_repair_moves_the_pages_below_and_redirects_them_on_every_site(tree, client):
    section = NewsCategoryPageFactory(parent=tree.news, title="Giáo dục – Đào tạo", slug="giao-dc-djao-to")
    article = NewsArticlePageFactory(parent=section, title="Lễ khai giảng", slug="le-khai-giang")
    Site.objects.create(hostname="localhost", port=80, root_page=tree.news)

    repair_mangled_slugs(django_apps)

    section.refresh_from_db()
    article.refresh_from_db()
    assert section.slug == "giao-duc-dao-tao"
    assert article.url_path == "/trang-chu/tin-tuc/giao-duc-dao-tao/le-khai-giang/"
    for host, old, new in [
        ("testserver", "/tin-tuc/giao-dc-djao-to/le-khai-giang/", "/tin-tuc/giao-duc-dao-tao/le-khai-giang/"),
        ("localhost", "/giao-dc-djao-to/le-khai-giang/", "/giao-duc-dao-tao/le-khai-giang/"),
        ("localhost", "/giao-dc-djao-to/", "/giao-duc-dao-tao/"),
    ]:
        response = client.get(old, HTTP_HOST=host)
        assert response.status_code == 301, (host, old)
        # To the page's own address, which Wagtail places on the site nearest to it.
        assert response["Location"] == "http://localhost" + new.removeprefix("/tin-tuc"), (host, old)
        assert client.get(new, HTTP_HOST=host).status_code == 200


@pytest.mark.django_db
def test_repair_keeps_the_new_slug_unique_among_siblings(tree):
    title = "Thôn Đông Hà khánh thành nhà văn hóa mới"
    NewsArticlePageFactory(parent=tree.culture, title=title, slug="thon-dong-ha-khanh-thanh-nha-van-hoa-moi")
    mangled = mangled_article(tree.culture, title)
    also_mangled = NewsArticlePageFactory(
        parent=tree.culture, title=title, slug="thon-djong-ha-khanh-thanh-nha-van-hoa-mi-2"
    )

    repair_mangled_slugs(django_apps)

    mangled.refresh_from_db()
    also_mangled.refresh_from_db()
    assert {mangled.slug, also_mangled.slug} == {
        "thon-dong-ha-khanh-thanh-nha-van-hoa-moi-2",
        "thon-dong-ha-khanh-thanh-nha-van-hoa-moi-3",
    }


@pytest.mark.django_db
def test_repair_leaves_chosen_and_correct_slugs_alone_and_redirects_only_public_pages(tree):
    chosen = NewsArticlePageFactory(parent=tree.culture, title="Hà Nội mùa thu", slug="ha-noi-2025")
    plain = NewsArticlePageFactory(parent=tree.culture, title="Hoi nghi COVID-19", slug="hoi-nghi-covid-19")
    correct = NewsArticlePageFactory(parent=tree.culture, title="Đón Tết", slug="don-tet")
    draft = mangled_article(tree.culture, "Đón Xuân mới", live=False)
    home_slug = tree.home.slug

    repairs = repair_mangled_slugs(django_apps)

    assert [(r.page_id, r.new_slug, r.redirects) for r in repairs] == [(draft.pk, "don-xuan-moi", ())]
    for page, slug in [(chosen, "ha-noi-2025"), (plain, "hoi-nghi-covid-19"), (correct, "don-tet")]:
        page.refresh_from_db()
        assert page.slug == slug
    tree.home.refresh_from_db()
    assert tree.home.slug == home_slug
    assert not Redirect.objects.exists()


@pytest.mark.django_db
def test_the_migration_repairs_with_its_own_historical_models(tree):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    article = mangled_article(tree.culture, "Phòng Giáo dục huyện tổ chức hội thi giáo viên dạy giỏi cấp tiểu học")
    historical = MigrationExecutor(connection).loader.project_state(("core", "0003_repair_mangled_slugs")).apps

    repairs = repair_mangled_slugs(historical)

    assert [r.new_slug for r in repairs] == ["phong-giao-duc-huyen-to-chuc-hoi-thi-giao-vien-day-gioi-cap-tieu-hoc"]
    article.refresh_from_db()
    assert (
        article.url == "/tin-tuc/van-hoa-xa-hoi/phong-giao-duc-huyen-to-chuc-hoi-thi-giao-vien-day-gioi-cap-tieu-hoc/"
    )
    redirect = Redirect.objects.get()
    assert redirect.old_path == "/tin-tuc/van-hoa-xa-hoi/phong-giao-dc-huyn-t-chc-hi-thi-giao-vien-dy-gii-cp-tiu-hc"
    assert redirect.redirect_page_id == article.pk
    assert redirect.is_permanent
