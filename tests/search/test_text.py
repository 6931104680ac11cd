"""How the search reads text and queries, and how it marks matches (no database)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.text import fold
from search.highlight import highlight, snippet
from search.text import MAX_QUERY_TOKENS, fast_fold, fold_in_place, index_text, parse_query


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Quyết định", "quyet dinh qd"),  # and its abbreviation (core.abbreviations)
        ("ĐÀO TẠO nghề", "dao tao nghe"),
        ("Thạch Hà, Hà Tĩnh.", "thach ha ha tinh"),
        ("COVID-19", "covid 19"),
        ("08/12/2017", "08 12 2017"),
    ],
)
def test_index_text_folds_and_splits(text, words):
    assert index_text(text) == words


# QĐ and UBND written out: "Quyết định", "Ủy ban nhân dân".
DECISION_OF_COMMITTEE = {"quyet", "dinh", "uy", "ban", "nhan", "dan"}


@pytest.mark.parametrize(
    ("number", "joined"),
    [
        ("7210/QĐ-UBND", {"7210", "qd", "ubnd", "7210qdubnd", "qdubnd", *DECISION_OF_COMMITTEE}),
        ("43/2011/NĐ-CP", {"43", "2011", "nd", "cp", "432011ndcp", "2011ndcp", "ndcp", "nghi", "dinh"}),
        ("15-CT/HU", {"15", "ct", "hu", "15cthu", "cthu"}),
        ("01/QĐ-UBND", {"01", "1", "qd", "ubnd", "01qdubnd", "1qdubnd", "qdubnd", *DECISION_OF_COMMITTEE}),
    ],
)
def test_document_numbers_are_indexed_split_and_joined(number, joined):
    assert set(index_text(number).split()) == joined
    assert set(index_text(f"Theo Quyết định số {number} ngày 08/12/2017").split()) >= joined


@pytest.mark.parametrize(
    ("text", "added"),
    [
        ("UBND huyện Thạch Hà", "uy ban nhan dan"),
        ("Ủy ban nhân dân huyện Thạch Hà", "ubnd"),
        ("HĐND xã", "hoi dong nhan dan"),
        ("Ủy ban MTTQ huyện", "mat tran to quoc ubmttq"),
        ("Uỷ ban Mặt trận Tổ quốc Việt Nam", "mttq ubmttq"),
        ("Đoàn TNCS Hồ Chí Minh", ""),
    ],
)
def test_abbreviations_are_indexed_with_their_long_form_and_back(text, added):
    words = index_text(text).split()
    folded = index_text(text, abbreviations=False).split()
    assert words[len(folded) :] == added.split()


def test_tu_and_other_vietnamese_words_are_never_taken_for_abbreviations():
    assert index_text("Từ tư tự tu bổ trường học, tổ chức kỷ niệm") == "tu tu tu tu bo truong hoc to chuc ky niem"


def test_dates_and_ranges_are_not_taken_for_numbers():
    assert index_text("giai đoạn 2021-2025, ngày 08/12/2017") == "giai doan 2021 2025 ngay 08 12 2017"


def test_a_query_is_cleaned_folded_and_capped():
    query = parse_query("  QUYẾT\tĐỊNH\x00 <b>7210/QĐ-UBND</b>  ")
    assert query.text == "QUYẾT ĐỊNH <b>7210/QĐ-UBND</b>"
    assert query.tokens == ("quyet", "dinh", "b", "7210", "qd", "ubnd")
    long = parse_query("x" * 500)
    assert long.truncated and len(long.text) == 200
    many = parse_query(" ".join(f"tu{n}" for n in range(20)))
    assert many.too_many_words and len(many.tokens) == MAX_QUERY_TOKENS


def test_operator_words_and_signs_are_not_operators():
    query = parse_query('quyết AND "định" OR -7210 NOT *')
    assert query.tokens == ("quyet", "dinh", "7210")
    assert query.operators_ignored
    assert not parse_query("and or not").operators_ignored  # lower case: ordinary words


def test_invisible_characters_do_not_split_words():
    assert parse_query("quy\u00adết đ\u200bịnh").tokens == ("quyet", "dinh")


def test_fold_in_place_keeps_positions():
    assert fold_in_place("Quyết Định ĐÀO tạo") == "quyet dinh dao tao"
    # Lower-casing "İ" alone would give two characters and shift every later match.
    assert fold_in_place("İstanbul quyết") == "istanbul quyet"
    assert highlight("İstanbul quyết", {"quyet", "istanbul"}) == "<mark>İstanbul</mark> <mark>quyết</mark>"


def test_highlight_escapes_and_marks_folded_matches():
    marked = highlight("<b>Quyết định</b> & ĐÀO TẠO", {"quyet", "dao"})
    assert marked == "&lt;b&gt;<mark>Quyết</mark> định&lt;/b&gt; &amp; <mark>ĐÀO</mark> TẠO"


def test_highlight_never_marks_inside_words():
    assert highlight("quyết tâm, quyếtđịnh", {"quyet"}) == "<mark>quyết</mark> tâm, quyếtđịnh"


def test_snippet_takes_the_passage_around_the_words():
    text = "Mở đầu. " * 80 + "Nông dân <thu> hoạch lúa vụ Xuân sớm." + " Kết thúc." * 80
    passage = snippet(["Tóm tắt không liên quan", text], {"lua", "xuan"})
    assert passage.startswith("… ") and passage.endswith(" …")
    assert "&lt;thu&gt; hoạch <mark>lúa</mark> vụ <mark>Xuân</mark> sớm." in passage
    assert len(passage) < 600


def test_snippet_without_a_match_is_the_start_of_the_first_text():
    assert snippet(["", "Một đoạn <i>ngắn</i>."], {"xyz"}) == "Một đoạn &lt;i&gt;ngắn&lt;/i&gt;."
    assert snippet([None, ""], {"xyz"}) == ""


@settings(database=None)
@given(st.text(max_size=80))
def test_fast_fold_is_core_fold(text):
    assert fast_fold(text) == fold(text)


def test_fast_fold_on_vietnamese_punctuation():
    text = "Quyết định “số” 7210/QĐ-UBND – huyện Thạch Hà…"
    assert fast_fold(text) == fold(text) == 'quyet dinh "so" 7210/qd-ubnd - huyen thach ha...'
