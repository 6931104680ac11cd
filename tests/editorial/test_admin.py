"""The admin works for the people who use it, in Vietnamese."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Page

from editorial import roles, setup
from news.models import NewsArticlePage
from tests.news.factories import NewsArticlePageFactory

pytestmark = pytest.mark.django_db


def make_user(username, group_name=None, **fields):
    user = get_user_model().objects.create_user(username=username, password="ThachHa@2020", **fields)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def board_client(client, tree):
    setup.apply_roles()
    client.force_login(make_user("bientap", roles.EDITORIAL_BOARD))
    return client


@pytest.fixture
def contributor(tree):
    setup.apply_roles()
    return make_user("congtacvien", roles.CONTRIBUTORS)


def test_admin_login_page_is_vietnamese(client, tree):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/admin/", "/admin/pages/{news}/", "/admin/pages/{culture}/", "/admin/pages/add/news/newsarticlepage/{culture}/"],
)
def test_board_member_reaches_the_editing_screens(board_client, tree, url):
    response = board_client.get(url.format(news=tree.news.pk, culture=tree.culture.pk))
    assert response.status_code == 200


def test_article_form_offers_the_article_fields(board_client, tree):
    response = board_client.get(f"/admin/pages/add/news/newsarticlepage/{tree.culture.pk}/")
    form = response.context["form"]
    for name in ["title", "lead", "featured_image", "body", "author_names", "contributing_unit", "source", "tags"]:
        assert name in form.fields, name


def test_article_created_through_the_admin_gets_a_folded_slug_and_its_section(board_client, tree):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    data = nested_form_data(
        {
            "title": "Đại hội Đảng bộ xã Thạch Đài",
            "slug": "",
            "lead": "Đại hội diễn ra thành công tốt đẹp.",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung đại hội.</p>"))]),
            "related_links": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            "action-publish": "publish",
        }
    )
    response = board_client.post(f"/admin/pages/add/news/newsarticlepage/{tree.culture.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    article = NewsArticlePage.objects.get(title="Đại hội Đảng bộ xã Thạch Đài")
    assert article.slug == "dai-hoi-dang-bo-xa-thach-dai"
    assert article.live
    assert article.section_id == tree.culture.pk
    assert article.publication_date == article.first_published_at


def test_publishing_without_a_lead_is_refused_with_a_vietnamese_message(board_client, tree):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    data = nested_form_data(
        {
            "title": "Bài thiếu sapo",
            "slug": "bai-thieu-sapo",
            "lead": "",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
            "related_links": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            "action-publish": "publish",
        }
    )
    response = board_client.post(f"/admin/pages/add/news/newsarticlepage/{tree.culture.pk}/", data)
    assert response.status_code == 200
    assert "lead" in response.context["form"].errors
    assert "Trường này là bắt buộc." in response.context["form"].errors["lead"]
    assert not NewsArticlePage.objects.filter(slug="bai-thieu-sapo").exists()


def test_contributor_can_draft_an_article_but_not_publish_it(client, tree, contributor):
    client.force_login(contributor)
    article = NewsArticlePageFactory(parent=tree.culture, live=False, owner=contributor)
    article.save_revision(user=contributor)
    perms = article.permissions_for_user(contributor)
    assert perms.can_edit()
    assert not perms.can_publish()
    other = NewsArticlePageFactory(parent=tree.culture, live=False)
    assert not other.permissions_for_user(contributor).can_edit()
    response = client.get(f"/admin/pages/{article.pk}/edit/")
    assert response.status_code == 200
    assert client.get(f"/admin/pages/{other.pk}/edit/").status_code in {302, 403}


def test_contributor_cannot_touch_the_home_page(client, tree, contributor):
    client.force_login(contributor)
    assert not Page.objects.get(pk=tree.home.pk).permissions_for_user(contributor).can_edit()
    response = client.get(f"/admin/pages/{tree.home.pk}/edit/")
    assert response.status_code in {302, 403}


def test_units_are_managed_in_the_admin(board_client):
    response = board_client.get("/admin/snippets/core/unit/")
    assert response.status_code == 200
    response = board_client.post("/admin/snippets/core/unit/add/", {"name": "", "slug": "", "kind": "department"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
