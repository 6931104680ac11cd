"""A page post whose StreamField blocks cannot be read (a count, a block type, an order missing
or not a number): a form error in Vietnamese and nothing saved, never a server error."""

import pytest

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from news.models import NewsArticlePage
from tests.news.factories import NewsArticlePageFactory, paragraphs

pytestmark = pytest.mark.django_db

MESSAGE = "Không đọc được nội dung này từ biểu mẫu đã gửi"
EMPTY_FORMSET = {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}


def article_data(title: str, broken: str | None) -> dict:
    data = nested_form_data(
        {
            "title": title,
            "slug": "bai-kiem-tra",
            "lead": "Sapo của bài viết.",
            "body": streamfield(
                [
                    ("paragraph", rich_text("<p>Đoạn mới.</p>")),
                    ("paragraph", rich_text("<p>Đoạn thứ hai.</p>")),
                ]
            ),
            "related_links": EMPTY_FORMSET,
            "comments": EMPTY_FORMSET,
        }
    )
    if broken is None:
        pass
    elif broken == "no count":
        del data["body-count"]
    elif broken == "count not a number":
        data["body-count"] = "hai"
    elif broken == "count too high":
        data["body-count"] = "99999999999999999999"
    else:  # a key of the second block missing
        del data[f"body-1-{broken}"]
    return data


BROKEN = ["no count", "count not a number", "count too high", "type", "order", "deleted"]


@pytest.fixture
def original(tree):
    return NewsArticlePageFactory(parent=tree.culture, title="Bài gốc", body=paragraphs("Nội dung gốc."))


@pytest.mark.parametrize("broken", BROKEN)
def test_an_edit_with_unreadable_blocks_is_refused_and_changes_nothing(admin_client, original, broken):
    revisions = original.revisions.count()
    response = admin_client.post(
        f"/admin/pages/{original.pk}/edit/", {**article_data("Tiêu đề mới", broken), "action-publish": "publish"}
    )
    assert response.status_code == 200
    assert any(MESSAGE in error for error in response.context["form"].errors["body"])
    # The form comes back with the body as it was saved.
    assert "Nội dung gốc." in str(response.context["form"]["body"].value())
    page = NewsArticlePage.objects.get(pk=original.pk)
    assert page.title == "Bài gốc"
    assert "Nội dung gốc." in str(page.body)
    assert page.revisions.count() == revisions


@pytest.mark.parametrize("broken", BROKEN)
def test_a_new_page_with_unreadable_blocks_is_refused(admin_client, tree, broken):
    response = admin_client.post(
        f"/admin/pages/add/news/newsarticlepage/{tree.culture.pk}/", article_data("Bài mới", broken)
    )
    assert response.status_code == 200
    assert any(MESSAGE in error for error in response.context["form"].errors["body"])
    assert not NewsArticlePage.objects.filter(title="Bài mới").exists()


@pytest.mark.parametrize("broken", BROKEN)
def test_a_preview_with_unreadable_blocks_is_not_valid(admin_client, original, broken):
    response = admin_client.post(f"/admin/pages/{original.pk}/edit/preview/", article_data("Xem trước", broken))
    assert response.status_code == 200
    assert response.json()["is_valid"] is False


def test_a_readable_post_is_saved_as_before(admin_client, original):
    response = admin_client.post(
        f"/admin/pages/{original.pk}/edit/", {**article_data("Tiêu đề mới", None), "action-publish": "publish"}
    )
    assert response.status_code == 302
    page = NewsArticlePage.objects.get(pk=original.pk)
    assert page.title == "Tiêu đề mới"
    assert "Đoạn thứ hai." in str(page.body)
