"""The article editor: a blank form starts without errors, an empty body is refused on submit,
and the slug comes out folded however it was filled."""

import html
import json
import re

import pytest

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from editorial import roles, setup
from news.models import NewsArticlePage
from tests.editorial.test_admin import make_user

pytestmark = pytest.mark.django_db

NO_PARAGRAPH = "Hãy viết nội dung bài: phần Nội dung cần có ít nhất một đoạn văn."


@pytest.fixture
def board_client(client, tree):
    setup.apply_roles()
    client.force_login(make_user("bientap", roles.EDITORIAL_BOARD))
    return client


def add_url(tree):
    return f"/admin/pages/add/news/newsarticlepage/{tree.culture.pk}/"


def article_post(body, action="action-publish", **fields):
    return nested_form_data(
        {
            "title": "Thôn Đông Hà khánh thành nhà văn hóa mới",
            "slug": "",
            "lead": "Nhà văn hóa mới được khánh thành.",
            "body": body,
            "related_links": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            action: action.removeprefix("action-"),
            **fields,
        }
    )


def body_definition(page_html: str) -> dict:
    """The body's block definition as the editor's script receives it."""
    definitions = [
        json.loads(html.unescape(raw)) for raw in re.findall(r'data-w-block-data-value="([^"]*)"', page_html)
    ]
    (body,) = [d["_args"][-1] for d in definitions if d["_type"] == "wagtail.blocks.StreamBlock"]
    assert body["label"] == "Nội dung tin, bài"
    return body


def body_errors(response) -> list[str]:
    """The messages shown above the body, as the page hands them to the editor's script."""
    (error,) = response.context["form"].errors["body"].as_data()
    return [str(message) for message in error.non_block_errors]


def test_blank_article_form_starts_without_a_body_error(board_client, tree):
    """The editor's script shows a block count's minimum as an error at once, on a blank form:
    the body's definition must carry none, and the page no error."""
    response = board_client.get(add_url(tree))
    assert response.status_code == 200
    page = response.content.decode()
    definition = body_definition(page)
    assert definition["blockCounts"] == {}
    assert definition["minNum"] is None
    assert "Cần có ít nhất" not in page
    assert NO_PARAGRAPH not in page


def test_publishing_an_empty_body_is_refused_with_a_clear_message(board_client, tree):
    response = board_client.post(add_url(tree), article_post(streamfield([])))
    assert response.status_code == 200
    assert body_errors(response) == [NO_PARAGRAPH]
    assert not NewsArticlePage.objects.exists()


def test_a_body_without_any_paragraph_is_refused(board_client, tree):
    body = streamfield([("quote", {"text": "Dân biết, dân bàn.", "attribution": ""})])
    response = board_client.post(add_url(tree), article_post(body))
    assert response.status_code == 200
    assert body_errors(response) == [NO_PARAGRAPH]
    assert not NewsArticlePage.objects.exists()


def test_a_draft_may_be_saved_before_the_body_is_written(board_client, tree):
    response = board_client.post(add_url(tree), article_post(streamfield([]), action="action-save"))
    assert response.status_code == 302
    article = NewsArticlePage.objects.get()
    assert not article.live
    assert article.slug == "thon-dong-ha-khanh-thanh-nha-van-hoa-moi"


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("", "thon-dong-ha-khanh-thanh-nha-van-hoa-moi"),
        ("thôn-đông-hà-mới", "thon-dong-ha-moi"),
        ("Đông Hà: khánh thành nhà văn hóa!", "dong-ha-khanh-thanh-nha-van-hoa"),
        ("Quye\u0302\u0301t-đi\u0323nh", "quyet-dinh"),
        ("nha-van-hoa-dong-ha", "nha-van-hoa-dong-ha"),
    ],
)
def test_slug_typed_or_pasted_is_folded_not_stripped(board_client, tree, typed, saved):
    body = streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))])
    response = board_client.post(add_url(tree), article_post(body, slug=typed))
    assert response.status_code == 302, response.context and response.context["form"].errors
    article = NewsArticlePage.objects.get()
    assert article.slug == saved
    assert article.url_path.endswith(f"/{saved}/")
    assert board_client.get(f"/tin-tuc/van-hoa-xa-hoi/{saved}/").status_code == 200


def test_folded_slug_taken_by_a_sibling_is_refused_with_a_vietnamese_message(board_client, tree):
    body = streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))])
    assert board_client.post(add_url(tree), article_post(body, slug="dong-ha")).status_code == 302
    response = board_client.post(add_url(tree), article_post(body, slug="Đông Hà"))
    assert response.status_code == 200
    assert "dong-ha" in " ".join(response.context["form"].errors["slug"])
    assert "đã được dùng" in " ".join(response.context["form"].errors["slug"])
    assert NewsArticlePage.objects.count() == 1
