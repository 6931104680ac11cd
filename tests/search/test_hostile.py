"""Hostile and odd input: a sensible answer, never an error, nothing reflected unescaped."""

import datetime
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.search.factories import article, document, portal_for, result_urls, search, week

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
QUERY_FIELD = re.compile(r'id="search-q" value="[^"<>]*" maxlength="200" ')


@pytest.fixture
def portal(tree):
    portal = portal_for(tree)
    article(tree.culture, "Quyết định khen thưởng học sinh giỏi")
    document(portal.library, "7210/QĐ-UBND", summary="Ban hành Quy chế hoạt động")
    week(portal.schedule, datetime.date(2024, 6, 3), "Họp giao ban")
    return portal


def assert_safe(response, raw=SCRIPT):
    assert response.status_code == 200
    text = response.content.decode()
    assert "<script>alert" not in text
    assert "<mark><" not in text
    if raw and "<" in raw:
        assert raw not in text


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        SCRIPT,
        '"><img src=x onerror=alert(1)>',
        "'; DROP TABLE wagtailcore_page; --",
        '"quyết định"',
        "quyết AND định OR NOT 7210",
        "-7210",
        "*",
        "quy*",
        '"',
        "'",
        "\\",
        "NEAR(quyet dinh)",
        "title:quyet",
        "{title}: quyet",
        "quyet^2",
        "(((",
        "%",
        "_",
        "\x00\x01\x02quyết\x1f\x7f",
        "quy\u200bết\u00ad định",
        "\u202equyết định",
        "🎉 quyết định 🎉",
        "ĐĐĐĐ",
        "a" * 5000,
        "quyết định " * 100,
    ],
)
def test_hostile_queries_get_a_page(client, portal, q):
    assert_safe(client.get("/tim-kiem/", {"q": q}), raw=q)
    assert client.get("/tim-kiem/goi-y/", {"q": q}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"type": SCRIPT},
        {"section": SCRIPT},
        {"from": SCRIPT, "to": "\x00"},
        {"from": "99/99/9999", "to": "0000-00-00"},
        {"from": "31/12/9999"},
        {"page": SCRIPT},
        {"page": "-1"},
        {"page": "9" * 50},
        {"type": ["tin-tuc", "van-ban"]},
        # NUL (PostgreSQL refuses it in a string), integers beyond the database's, the calendar's ends.
        {"type": "\x00"},
        {"type": "ab\x00cd"},
        {"section": "\x00", "page": "ab\x00cd"},
        {"type": ["tin-tuc", "\x00"]},
        {"page": "99999999999999999999"},
        {"page": str(2**63)},
        {"from": "0001-01-01", "to": "9999-12-31"},
        {"from": "01/01/0001", "to": "31/12/9999"},
    ],
)
def test_hostile_filters_get_a_page(client, portal, params):
    response = client.get("/tim-kiem/", {"q": "quyết định", **params})
    assert_safe(response)
    assert result_urls(response)


def test_a_very_long_query_is_capped_with_a_notice(client, portal):
    response = search(client, "quyết định " + "x" * 400)
    text = response.content.decode()
    assert "Nội dung tìm kiếm dài hơn 200 ký tự; chỉ 200 ký tự đầu được dùng." in text
    assert "x" * 201 not in text


def test_operator_words_are_ignored_with_a_notice(client, portal):
    response = search(client, "quyết AND định")
    assert "không phải là toán tử tìm kiếm" in response.content.decode()
    assert result_urls(response)


def test_punctuation_alone_asks_for_a_word(client, portal):
    response = search(client, "!!! ??? ***")
    assert "Hãy gõ ít nhất một từ hoặc một con số để tìm." in response.content.decode()
    assert result_urls(response) == []


def test_the_query_is_shown_back_escaped(client, portal):
    text = search(client, SCRIPT).content.decode()
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in text


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=300), kind=st.sampled_from(["", "tin-tuc", "van-ban", "lich-cong-tac", "x"]))
def test_fuzzed_queries_never_fail(client, portal, q, kind):
    response = client.get("/tim-kiem/", {"q": q, "type": kind})
    assert response.status_code == 200
    text = response.content.decode()
    # Whatever was typed comes back inside the field's value, escaped: it cannot end the
    # attribute or open a tag. (The page itself is full of "<", so the raw query may be in it.)
    assert QUERY_FIELD.search(text)
    if "<script" in q.lower():
        assert "<script" not in text.lower().replace('<script src="/static/', "")
    assert client.get("/tim-kiem/goi-y/", {"q": q}).status_code == 200


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    q=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
    start=st.text(max_size=12),
    end=st.text(max_size=12),
    page=st.text(max_size=6),
)
def test_fuzzed_filters_never_fail(client, portal, q, start, end, page):
    response = client.get("/tim-kiem/", {"q": q, "from": start, "to": end, "page": page})
    assert response.status_code == 200
