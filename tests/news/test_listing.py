"""The news index's ``?tag=`` filter with hostile values: a page, never a server error."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def card_titles(response) -> list[str]:
    assert response.status_code == 200
    return [a.get_text(strip=True) for a in BeautifulSoup(response.content, "html.parser").select(".card__title a")]


@pytest.mark.parametrize("tag", ["\x00", "ab\x00cd", "nông thôn mới\x00", " \x00 "])
def test_a_tag_with_a_nul_is_a_tag_no_article_has(client, tree, make_articles, tag):
    tagged = make_articles(1)[0]
    tagged.tags.add("nông thôn mới")
    tagged.save()
    make_articles(2)
    assert len(card_titles(client.get("/tin-tuc/"))) == 3  # the whole list's count is cached first
    response = client.get("/tin-tuc/", {"tag": tag})
    assert card_titles(response) == []
    html = response.content.decode()
    assert "Chưa có tin, bài." in html
    assert "\x00" not in html
    # The list itself is untouched.
    assert len(card_titles(client.get("/tin-tuc/"))) == 3
