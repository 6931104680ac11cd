"""Editors' picks (Wagtail search promotions) and the title suggestions at /tim-kiem/goi-y/."""

import pytest

from django.contrib.auth.models import Group, Permission

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from tests.search.factories import article, document, portal_for, result_urls, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(tree):
    portal = portal_for(tree)
    return {
        "guide": article(tree.culture, "Hướng dẫn sử dụng cổng thông tin", when=None),
        "decision": document(portal.library, "7210/QĐ-UBND", summary="Ban hành Quy chế hoạt động của Cổng thông tin"),
        "tree": tree,
    }


def promote(query_string, page=None, **fields):
    query = Query.get(query_string)
    return SearchPromotion.objects.create(query=query, page=page, sort_order=0, **fields)


def picks_block(response) -> str:
    text = response.content.decode()
    start = text.find('class="search-picks"')
    return text[start : text.find("</section>", start)] if start >= 0 else ""


def test_a_promoted_page_comes_first_whatever_the_tone_marks(client, pages):
    promote("Cổng thông tin", page=pages["decision"], description="Quy chế của cổng")
    response = search(client, "cong thong tin")
    block = picks_block(response)
    assert "Được Ban Biên tập đề xuất" in block
    assert pages["decision"].url in block and "Quy chế của cổng" in block
    # Not repeated in the results below.
    assert pages["decision"].url not in result_urls(response)
    assert result_urls(response) == [pages["guide"].url]


def test_a_new_or_removed_promotion_shows_at_once_on_cached_search_pages(client, pages, settings):
    settings.PAGECACHE_ENABLED = True
    assert search(client, "cong thong tin")["X-Page-Cache"] == "miss"
    assert search(client, "cong thong tin")["X-Page-Cache"] == "hit"
    promotion = promote("Cổng thông tin", page=pages["decision"], description="Quy chế của cổng")
    response = search(client, "cong thong tin")
    assert response["X-Page-Cache"] == "miss"
    assert "Quy chế của cổng" in picks_block(response)
    promotion.delete()
    assert picks_block(search(client, "cong thong tin")) == ""


def test_a_promotion_is_only_for_its_own_query(client, pages):
    promote("Cổng thông tin", page=pages["decision"])
    assert picks_block(search(client, "thong tin")) == ""


def test_an_external_promotion_is_shown(client, pages):
    promote("dich vu cong", external_link_url="https://dichvucong.gov.vn/", external_link_text="Cổng Dịch vụ công")
    block = picks_block(search(client, "Dịch vụ công"))
    assert 'href="https://dichvucong.gov.vn/"' in block and "Cổng Dịch vụ công" in block


def test_a_promoted_page_the_reader_may_not_see_is_not_shown(client, pages):
    promote("cong thong tin", page=pages["guide"])
    PageViewRestriction.objects.create(page=pages["tree"].culture, restriction_type=PageViewRestriction.LOGIN)
    pages["decision"].unpublish()
    promote("cong thong tin", page=pages["decision"])
    assert picks_block(search(client, "cong thong tin")) == ""


def test_the_board_can_manage_promotions(pages):
    from editorial.roles import EDITORIAL_BOARD
    from editorial.setup import apply_roles

    apply_roles()
    board = Group.objects.get(name=EDITORIAL_BOARD)
    codenames = {"add_searchpromotion", "change_searchpromotion", "delete_searchpromotion"}
    available = set(
        Permission.objects.filter(content_type__app_label="wagtailsearchpromotions").values_list("codename", flat=True)
    )
    assert codenames <= available
    granted = set(
        board.permissions.filter(content_type__app_label="wagtailsearchpromotions").values_list("codename", flat=True)
    )
    assert codenames <= granted


def suggestions(client, q):
    response = client.get("/tim-kiem/goi-y/", {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["suggestions"]


def test_suggestions_fold_and_complete_the_last_word(client, pages):
    titles = [item["title"] for item in suggestions(client, "quyet d")]
    assert titles == ["Quyết định số 7210/QĐ-UBND"]
    assert [item["title"] for item in suggestions(client, "HUONG DAN su")] == ["Hướng dẫn sử dụng cổng thông tin"]
    assert suggestions(client, "quyet d")[0]["url"] == pages["decision"].url


def test_suggestions_find_a_document_by_its_number(client, pages):
    assert [item["title"] for item in suggestions(client, "7210")] == ["Quyết định số 7210/QĐ-UBND"]


def test_at_most_eight_suggestions(client, tree):
    for number in range(12):
        article(tree.culture, f"Quyết tâm hoàn thành kế hoạch {number}")
    assert len(suggestions(client, "quyet t")) == 8


@pytest.mark.parametrize("q", ["", "q", "   ", "\x00", "<script>", "AND"])
def test_too_little_to_suggest_gives_nothing(client, pages, q):
    assert suggestions(client, q) == []
