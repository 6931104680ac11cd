"""Blocks are checked without the database: clean() and the HTML they render."""

import pytest
from bs4 import BeautifulSoup

from django.core.exceptions import ValidationError

from core.blocks import CaptionedTableBlock, ParagraphBlock, QuoteBlock
from news.blocks import ArticleBodyBlock


def test_quote_renders_text_and_attribution_escaped():
    block = QuoteBlock()
    value = block.to_python({"text": "Dân biết, dân bàn <b>dân làm</b>", "attribution": "Chủ tịch UBND huyện"})
    html = BeautifulSoup(block.render(value), "html.parser")
    assert html.select_one("blockquote").get_text(strip=True) == "Dân biết, dân bàn <b>dân làm</b>"
    assert html.select_one("figcaption").get_text(strip=True) == "Chủ tịch UBND huyện"
    assert html.select_one("blockquote b") is None


def test_quote_needs_its_text():
    block = QuoteBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"text": "", "attribution": "Ai đó"}))


def test_paragraph_keeps_allowed_formatting():
    block = ParagraphBlock()
    html = block.render(block.to_python("<p>Tin <b>quan trọng</b></p>"))
    assert "<b>quan trọng</b>" in html
    assert 'class="rich-text"' in html


def test_table_renders_caption_and_cells():
    block = CaptionedTableBlock()
    value = block.to_python(
        {
            "caption": "Kết quả thu hoạch",
            "table": {"data": [["Xã", "Sản lượng"], ["Thạch Đài", "1.200 tấn"]], "first_row_is_table_header": True},
        }
    )
    html = BeautifulSoup(block.render(value), "html.parser")
    assert html.select_one(".table-caption").get_text(strip=True) == "Kết quả thu hoạch"
    assert [td.get_text(strip=True) for td in html.select("td")] == ["Thạch Đài", "1.200 tấn"]
    assert html.select_one(".table-wrap")["aria-label"] == "Kết quả thu hoạch"


def test_article_body_needs_at_least_one_paragraph():
    block = ArticleBodyBlock()
    only_quote = block.to_python([{"type": "quote", "value": {"text": "Trích dẫn", "attribution": ""}}])
    with pytest.raises(ValidationError):
        block.clean(only_quote)
    with_paragraph = block.to_python([{"type": "paragraph", "value": "<p>Nội dung</p>"}])
    assert len(block.clean(with_paragraph)) == 1


def test_article_body_offers_every_block_the_issue_names():
    assert set(ArticleBodyBlock.base_blocks) == {
        "paragraph",
        "image",
        "gallery",
        "quote",
        "video",
        "document",
        "table",
    }
