"""Starting a new item: each role's dashboard button, the places it offers, the page types the
role may create (a contributor never a section), and no page before its author's first save."""

import json

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, streamfield

from editorial import setup
from news.models import NewsArticlePage, NewsCategoryPage
from tests.legal_docs.factories import LegalDocumentIndexPageFactory
from tests.news.factories import NewsCategoryPageFactory
from tests.schedule.factories import ScheduleIndexPageFactory

pytestmark = pytest.mark.django_db

EMPTY_FORMSET = {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}


def html_of(response):
    return BeautifulSoup(response.content, "html.parser")


def add_url(app_label, model_name, parent):
    return reverse("wagtailadmin_pages:add", args=(app_label, model_name, parent.pk))


def start_url(app_label="news", model_name="newsarticlepage"):
    return reverse("editorial_start", args=(app_label, model_name))


def dashboard_buttons(client):
    panel = html_of(client.get("/admin/")).find(id="editorial-start")
    if panel is None:
        return {}
    return {link.get_text(" ", strip=True): link["href"] for link in panel.find_all("a")}


@pytest.fixture
def places(pipeline):
    """The pipeline's tree with a document library and a schedule, so that clerks have a start too."""
    library = LegalDocumentIndexPageFactory(parent=pipeline.tree.home)
    schedule = ScheduleIndexPageFactory(parent=pipeline.tree.home)
    setup.apply_roles()
    return {"library": library, "schedule": schedule}


# --- a contributor is never offered a section --------------------------------------------------


def test_a_contributor_cannot_create_a_section(client, pipeline):
    tree = pipeline.tree
    client.force_login(pipeline.users["contributor"])
    section_form = add_url("news", "newscategorypage", tree.news)

    assert client.get(reverse("wagtailadmin_pages:add_subpage", args=(tree.news.pk,))).status_code == 403
    assert client.get(section_form).status_code == 403
    response = client.post(section_form, {"title": "Chuyên mục của tôi", "slug": "chuyen-muc-cua-toi"})
    assert response.status_code == 403
    assert not NewsCategoryPage.objects.filter(title="Chuyên mục của tôi").exists()
    # The explorer of "Tin tức" offers no "add child page" there.
    explorer = client.get(f"/admin/pages/{tree.news.pk}/")
    assert explorer.status_code == 200
    assert reverse("wagtailadmin_pages:add_subpage", args=(tree.news.pk,)) not in explorer.content.decode()


def test_a_contributor_writes_in_every_section_including_one_added_later(client, pipeline):
    tree = pipeline.tree
    client.force_login(pipeline.users["contributor"])
    for section in (tree.culture, tree.economy):
        # A section has one page type to offer: the article form opens directly.
        response = client.get(reverse("wagtailadmin_pages:add_subpage", args=(section.pk,)))
        assert response.status_code == 302
        assert response["Location"] == add_url("news", "newsarticlepage", section)
    sport = NewsCategoryPageFactory(parent=tree.news, title="Thể dục – Thể thao", slug="the-duc-the-thao")
    assert client.get(add_url("news", "newsarticlepage", sport)).status_code == 200


def test_the_board_may_still_create_sections(client, pipeline):
    client.force_login(pipeline.users["board"])
    assert client.get(add_url("news", "newscategorypage", pipeline.tree.news)).status_code == 200


# --- the dashboard button and the places it offers ----------------------------------------------


def test_a_contributor_starts_an_article_from_the_dashboard(client, places, pipeline):
    tree = pipeline.tree
    client.force_login(pipeline.users["contributor"])
    assert dashboard_buttons(client) == {"Viết tin, bài": start_url()}

    page = html_of(client.get(start_url()))
    assert page.find("h1").get_text(" ", strip=True) == "Viết tin, bài"
    main = page.find("main")
    assert "Bạn viết tin, bài cho chuyên mục hoặc xã, thị trấn nào?" in main.get_text(" ", strip=True)
    headings = [h.get_text(strip=True) for h in main.find_all("h2")]
    assert headings == [tree.news.title]
    offered = {a.get_text(strip=True): a["href"] for a in main.select("ul a")}
    assert offered == {
        "Văn hóa – Xã hội": add_url("news", "newsarticlepage", tree.culture),
        "Kinh tế – Chính trị": add_url("news", "newsarticlepage", tree.economy),
    }
    assert client.get(offered["Văn hóa – Xã hội"]).status_code == 200


def test_the_board_chooses_among_sections_and_communes(client, places, pipeline):
    client.force_login(pipeline.users["board"])
    assert dashboard_buttons(client) == {
        "Viết tin, bài": start_url(),
        "Thêm văn bản": start_url("legal_docs", "legaldocumentpage"),
        "Thêm lịch công tác tuần": start_url("schedule", "weeklyschedulepage"),
    }
    main = html_of(client.get(start_url())).find("main")
    groups = {
        section.find("h2").get_text(strip=True): [a.get_text(strip=True) for a in section.select("ul a")]
        for section in main.find_all("section")
    }
    assert groups == {
        pipeline.tree.news.title: ["Văn hóa – Xã hội", "Kinh tế – Chính trị"],
        pipeline.communes_index.title: ["Xã Thạch Đài", "Xã Việt Tiến"],
    }


def test_a_commune_editor_goes_straight_to_the_article_form_of_their_commune(client, places, pipeline):
    client.force_login(pipeline.users["editor_a"])
    assert dashboard_buttons(client) == {"Viết tin, bài": start_url()}
    response = client.get(start_url())
    assert response.status_code == 302
    assert response["Location"] == add_url("news", "newsarticlepage", pipeline.commune_a)


def test_a_clerk_starts_documents_and_weeks_but_no_article(client, places, pipeline):
    client.force_login(pipeline.users["clerk"])
    assert dashboard_buttons(client) == {
        "Thêm văn bản": start_url("legal_docs", "legaldocumentpage"),
        "Thêm lịch công tác tuần": start_url("schedule", "weeklyschedulepage"),
    }
    response = client.get(start_url("legal_docs", "legaldocumentpage"))
    assert response["Location"] == add_url("legal_docs", "legaldocumentpage", places["library"])
    refused = client.get(start_url())
    assert refused.status_code == 403
    assert "Không có quyền truy cập" in refused.content.decode()


@pytest.mark.parametrize(("app_label", "model_name"), [("news", "newscategorypage"), ("news", "khong-co"), ("x", "y")])
def test_only_the_items_people_write_have_a_start(client, pipeline, app_label, model_name):
    client.force_login(pipeline.users["admin"])
    assert client.get(start_url(app_label, model_name)).status_code == 404


# --- no page before the author's first save ----------------------------------------------------


def article_form(title, **actions):
    return nested_form_data(
        {
            "title": title,
            "slug": "",
            "lead": "",
            "body": streamfield([]),
            "author_names": "",
            "related_links": EMPTY_FORMSET,
            "comments": EMPTY_FORMSET,
            **actions,
        }
    )


def test_the_new_article_form_does_not_autosave(client, pipeline):
    client.force_login(pipeline.users["contributor"])
    form = html_of(client.get(add_url("news", "newsarticlepage", pipeline.tree.culture))).find(
        "form", attrs={"data-edit-form": True}
    )
    assert form is not None
    assert "w-autosave" not in form["data-controller"].split()
    assert "w-unsaved" in form["data-controller"].split()  # leaving unsaved still warns


def test_an_autosave_before_the_first_save_creates_no_page(client, pipeline):
    client.force_login(pipeline.users["contributor"])
    response = client.post(
        add_url("news", "newsarticlepage", pipeline.tree.culture),
        article_form("Tin mới đang gõ dở"),
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    answer = json.loads(response.content)
    assert answer["success"] is False
    assert "được tạo khi bạn lưu nháp, gửi duyệt hoặc xuất bản" in answer["error_message"]
    assert not NewsArticlePage.objects.filter(title="Tin mới đang gõ dở").exists()


def test_the_first_explicit_save_creates_the_draft(client, pipeline):
    client.force_login(pipeline.users["contributor"])
    response = client.post(add_url("news", "newsarticlepage", pipeline.tree.culture), article_form("Bản nháp đầu"))
    assert response.status_code == 302
    draft = NewsArticlePage.objects.get(title="Bản nháp đầu")
    assert not draft.live
    assert draft.owner == pipeline.users["contributor"]
    # From then on the editor autosaves as usual.
    form = html_of(client.get(reverse("wagtailadmin_pages:edit", args=(draft.pk,)))).find(
        "form", attrs={"data-edit-form": True}
    )
    assert "w-autosave" in form["data-controller"].split()
