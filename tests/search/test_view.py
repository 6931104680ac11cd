"""/tim-kiem/: Vietnamese folding, document numbers, ranking, filters, labels, snippets, pagination."""

import datetime
import html

import pytest

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

from tests.legal_docs.factories import attach, make_document, pdf_bytes
from tests.news.factories import paragraphs
from tests.search.factories import article, day, document, portal_for, result_urls, search, week

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(tree):
    return portal_for(tree)


@pytest.fixture
def sample(portal):
    tree = portal.tree
    return {
        "decision": document(
            portal.library,
            "7210/QĐ-UBND",
            summary="Ban hành Quy chế tổ chức và hoạt động của Cổng Thông tin điện tử huyện",
            issued=datetime.date(2017, 12, 8),
        ),
        "other_decision": document(portal.library, "7211/QĐ-UBND", summary="Về việc kiện toàn Ban Biên tập"),
        "plan": document(
            portal.library,
            "15/KH-UBND",
            summary="Kế hoạch triển khai Quyết định số 7210/QĐ-UBND năm 2024",
            issued=datetime.date(2024, 3, 1),
        ),
        "training": article(
            tree.culture,
            "Đào tạo nghề cho lao động nông thôn",
            lead="Hơn 300 lao động được học nghề miễn phí.",
            body="Các lớp học mở tại xã Thạch Đài.",
            when=day(2024, 5, 2),
        ),
        "mention": article(
            tree.economy,
            "Triển khai Quyết định 7210/QĐ-UBND về cổng thông tin",
            lead="Các phòng, ban cập nhật tin bài thường xuyên.",
            when=day(2024, 6, 1),
        ),
        "week": week(portal.schedule, datetime.date(2024, 6, 3), "Họp Ban Chỉ đạo đào tạo nghề"),
    }


# --- Folding -------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["quyet dinh", "Quyết định", "QUYẾT ĐỊNH", "QUYET DINH", "quyết  ĐỊNH"])
def test_tone_marks_case_and_spacing_do_not_matter(client, sample, q):
    urls = result_urls(search(client, q))
    assert sample["decision"].url in urls
    assert sample["mention"].url in urls


@pytest.mark.parametrize("q", ["dao tao", "Đào tạo", "ĐÀO TẠO", "Dao Tao", "đao tao"])
def test_d_with_stroke_folds_to_d(client, sample, q):
    urls = result_urls(search(client, q))
    assert urls[0] == sample["training"].url
    assert sample["week"].url in urls


def test_words_are_whole_words_not_parts_of_words(client, sample):
    # "ke hoach" must not be found inside "kết quả thu hoạch" (a different word), but "ke hoach" is.
    article(sample["training"].get_parent(), "Kết quả thu hoạch lúa vụ Xuân")
    urls = result_urls(search(client, "ke hoach"))
    assert urls == [sample["plan"].url]


def test_an_abbreviation_finds_its_long_form_and_the_long_form_finds_it(client, tree):
    written_out = article(tree.culture, "Ủy ban nhân dân huyện họp phiên thường kỳ tháng 6", lead="Tin ngắn.")
    abbreviated = article(tree.economy, "UBND xã Thạch Đài tổng kết công tác năm", lead="Tin ngắn.")
    council = article(tree.economy, "HĐND huyện khai mạc kỳ họp thứ 7", lead="Tin ngắn.")
    assert result_urls(search(client, "UBND huyện")) == [written_out.url]
    assert result_urls(search(client, "ủy ban nhân dân xã")) == [abbreviated.url]
    assert set(result_urls(search(client, "uy ban"))) == {written_out.url, abbreviated.url}
    assert result_urls(search(client, "Hội đồng nhân dân")) == [council.url]


# --- Document numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    "q", ["7210", "7210/QĐ-UBND", "7210/qd-ubnd", "qd-ubnd 7210", "QĐ-UBND 7210", "7210 / QĐ - UBND", "quyết định 7210"]
)
def test_a_document_number_finds_that_decision_first(client, sample, q):
    urls = result_urls(search(client, q))
    assert urls[0] == sample["decision"].url
    # Pages merely mentioning the number come after it; another number is not found.
    assert sample["mention"].url in urls[1:]
    assert sample["other_decision"].url not in urls


def test_the_joined_spelling_of_a_number_finds_it_too(client, sample):
    assert result_urls(search(client, "7210QĐUBND"))[0] == sample["decision"].url
    assert result_urls(search(client, "qdubnd 7210"))[0] == sample["decision"].url


def test_a_number_without_its_leading_zero_finds_it(client, portal):
    first = document(portal.library, "01/QĐ-UBND", summary="Quyết định đầu năm")
    assert result_urls(search(client, "1/QĐ-UBND"))[0] == first.url


# --- Ranking ----------------------------------------------------------------------------


def test_title_above_summary_above_body_and_newer_above_older(client, tree):
    in_body = article(tree.culture, "Tin thứ nhất", body="Mùa lúa chiêm bội thu.", when=day(2024, 9, 1))
    in_lead = article(tree.culture, "Tin thứ hai", lead="Vụ lúa chiêm năm nay.", when=day(2024, 8, 1))
    old_title = article(tree.culture, "Lúa chiêm được mùa", when=day(2020, 1, 1))
    new_title = article(tree.economy, "Thu hoạch lúa chiêm sớm", when=day(2023, 1, 1))
    urls = result_urls(search(client, "lua chiem"))
    assert urls == [new_title.url, old_title.url, in_lead.url, in_body.url]


def test_document_title_and_number_above_summary_above_file_text(client, portal):
    library = portal.library
    in_text = document(library, "30/TB-UBND", summary="Thông báo lịch tiếp dân", issued=datetime.date(2024, 5, 1))
    attach(in_text, make_document(pdf_bytes("Chuong trinh giam ngheo ben vung cua huyen")))
    in_summary = document(library, "31/KH-UBND", summary="Kế hoạch giảm nghèo", issued=datetime.date(2024, 4, 1))
    in_title = document(library, "32/QĐ-UBND", title="Quyết định về giảm nghèo", issued=datetime.date(2019, 1, 1))
    urls = result_urls(search(client, "giam ngheo"))
    assert urls == [in_title.url, in_summary.url, in_text.url]


# --- Filters ----------------------------------------------------------------------------


def test_type_filter(client, sample):
    assert result_urls(search(client, "7210", type="van-ban")) == [sample["decision"].url, sample["plan"].url]
    assert result_urls(search(client, "7210", type="tin-tuc")) == [sample["mention"].url]
    assert result_urls(search(client, "dao tao", type="lich-cong-tac")) == [sample["week"].url]


def test_section_filter_keeps_news_of_that_section(client, sample, tree):
    urls = result_urls(search(client, "7210", section=tree.economy.slug))
    assert urls == [sample["mention"].url]
    assert result_urls(search(client, "7210", section=tree.culture.slug)) == []


@pytest.mark.parametrize(("start", "end"), [("01/01/2024", "31/03/2024"), ("2024-01-01", "2024-03-31")])
def test_date_range_in_either_format(client, sample, start, end):
    response = search(client, "7210", **{"from": start, "to": end})
    assert result_urls(response) == [sample["plan"].url]
    # The dates are shown back in the form, in the date input's format.
    assert 'value="2024-01-01"' in response.content.decode()


def test_a_schedule_week_is_in_a_range_that_covers_any_of_its_days(client, sample):
    assert result_urls(search(client, "dao tao", type="lich-cong-tac", **{"from": "05/06/2024"})) == [
        sample["week"].url
    ]
    assert result_urls(search(client, "dao tao", type="lich-cong-tac", **{"from": "10/06/2024"})) == []


@pytest.mark.parametrize(
    ("params", "label"),
    [
        ({"type": "cong-van"}, "Loại"),
        ({"section": "khong-co"}, "Chuyên mục tin tức"),
        ({"from": "32/13/2024"}, "Từ ngày"),
        ({"to": "hôm qua"}, "Đến ngày"),
        ({"from": "01/01/1200"}, "Từ ngày"),
    ],
)
def test_a_bad_filter_is_ignored_with_a_vietnamese_notice(client, sample, params, label):
    response = search(client, "7210", **params)
    text = html.unescape(response.content.decode())
    assert f"Giá trị của bộ lọc “{label}” không hợp lệ nên bộ lọc này đã được bỏ qua." in text
    assert result_urls(response)[0] == sample["decision"].url


def test_reversed_dates_are_swapped_with_a_notice(client, sample):
    response = search(client, "7210", **{"from": "31/03/2024", "to": "01/01/2024"})
    assert "Ngày bắt đầu sau ngày kết thúc nên hai ngày đã được đổi chỗ cho nhau." in response.content.decode()
    assert result_urls(response) == [sample["plan"].url]


def test_a_section_with_another_type_is_ignored_with_a_notice(client, sample, tree):
    response = search(client, "7210", type="van-ban", section=tree.economy.slug)
    assert "Chuyên mục chỉ áp dụng cho tin tức nên đã được bỏ qua." in response.content.decode()
    assert result_urls(response) == [sample["decision"].url, sample["plan"].url]


# --- What a result shows ----------------------------------------------------------------


def test_results_are_labelled_by_type_and_counted(client, sample):
    text = search(client, "7210").content.decode()
    assert '<span class="badge">Văn bản</span>' in text
    assert '<span class="badge">Tin tức</span>' in text
    assert "3 kết quả cho “7210”" in text
    assert "Văn bản (2)" in text and "Tin tức (1)" in text and "Lịch công tác (0)" in text


def test_matched_words_are_marked_in_title_and_snippet(client, sample):
    text = search(client, "cong thong tin").content.decode()
    assert "<mark>Cổng</mark> <mark>Thông</mark> <mark>tin</mark> điện tử" in text
    assert "về <mark>cổng</mark> <mark>thông</mark> <mark>tin</mark>" in text


def test_the_snippet_comes_from_the_body_when_the_words_are_there(client, tree):
    article(
        tree.culture,
        "Tin thứ ba",
        body="Đoạn mở đầu rất dài. " * 30 + "Nông dân phấn khởi với giống lúa mới. " + "Đoạn kết. " * 30,
    )
    text = search(client, "giong lua").content.decode()
    assert "… " in text
    assert "<mark>giống</mark> <mark>lúa</mark> mới" in text


def test_a_snippet_shows_the_body_s_characters_not_its_markup(client, tree):
    article(tree.culture, "Tin thứ tư", body="Hội thảo <b>nông nghiệp</b> &amp; <i>nông thôn</i> &lt;2024&gt;.")
    text = search(client, "hoi thao").content.decode()
    assert "<mark>Hội</mark> <mark>thảo</mark> nông nghiệp &amp; nông thôn &lt;2024&gt;." in text
    assert "&amp;amp;" not in text


def test_a_section_is_shown_with_news_results(client, sample):
    text = search(client, "dao tao nghe").content.decode()
    assert '<span class="search-result__section">Văn hóa – Xã hội</span>' in text


def test_pagination_keeps_the_query_and_filters(client, tree):
    for number in range(25):
        article(
            tree.culture,
            f"Giải bóng đá thanh niên lượt {number}",
            when=day(2024, 1, 1) + datetime.timedelta(days=number),
        )
    first = search(client, "bong da", type="tin-tuc")
    assert len(result_urls(first)) == 20
    assert "?q=bong+da&amp;type=tin-tuc&amp;page=2" in first.content.decode()
    second = search(client, "bong da", type="tin-tuc", page="2")
    assert len(result_urls(second)) == 5
    assert set(result_urls(first)).isdisjoint(result_urls(second))
    assert result_urls(search(client, "bong da", type="tin-tuc", page="abc")) == result_urls(first)
    assert result_urls(search(client, "bong da", type="tin-tuc", page="99")) == result_urls(second)


def test_nothing_found_says_so_with_hints(client, sample):
    text = search(client, "xyzzy").content.decode()
    assert "Không tìm thấy kết quả nào." in text
    assert "0 kết quả cho “xyzzy”" in text


def test_no_page_with_every_word_falls_back_to_pages_with_some(client, sample):
    response = search(client, "đào tạo xyzzy")
    assert result_urls(response)[0] == sample["training"].url
    assert "Không có trang nào chứa đủ mọi từ" in response.content.decode()


def test_empty_search_shows_the_form_only(client, sample):
    text = search(client, "").content.decode()
    assert 'id="search-q"' in text
    assert result_urls(search(client, "")) == []
    assert "kết quả cho" not in text


# --- The page itself --------------------------------------------------------------------


def test_the_search_page_is_not_indexed(client, sample):
    response = search(client, "7210")
    assert '<meta name="robots" content="noindex, follow">' in response.content.decode()


def test_search_is_a_view_not_a_page_type():
    assert not [model for model in apps.get_app_config("search").get_models() if issubclass(model, Page)]


def test_every_page_has_the_search_form_in_its_header(client, tree):
    text = client.get("/").content.decode()
    assert '<form class="site-search" method="get" action="/tim-kiem/" role="search"' in text
    assert '<label class="visually-hidden" for="site-search-q">Tìm kiếm</label>' in text
    assert '<input type="search" name="q" id="site-search-q"' in text
    assert '<button type="submit">Tìm kiếm</button>' in text


def test_only_get_and_head(client, sample):
    assert client.post("/tim-kiem/", {"q": "7210"}).status_code == 405
    assert client.head("/tim-kiem/?q=7210").status_code == 200


def test_query_count_does_not_grow_with_the_results(client, portal):
    tree = portal.tree

    def count(q, **params):
        client.get("/tim-kiem/", {"q": q, **params})
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/tim-kiem/", {"q": q, **params}).status_code == 200
        return len(queries)

    article(tree.culture, "Hội nghị ít người")
    document(portal.library, "5/KH-UBND", summary="Hội nghị nhỏ")
    week(portal.schedule, datetime.date(2024, 6, 3), "Hội nghị giao ban")
    small = count("hoi nghi")
    for number in range(30):
        article(tree.economy if number % 2 else tree.culture, f"Hội nghị lần {number}")
        document(portal.library, f"{100 + number}/KH-UBND", summary=f"Hội nghị số {number}")
    for number in range(5):
        week(portal.schedule, datetime.date(2024, 7, 1) + datetime.timedelta(weeks=number), "Hội nghị tổng kết")
    # The first page now holds news only: one query fewer for snippets, never more.
    assert count("hoi nghi") <= small
    assert count("hoi nghi", type="van-ban") <= small


def test_beyond_the_candidates_title_matches_still_come_first(client, tree, monkeypatch):
    from search import engine

    monkeypatch.setattr(engine, "CANDIDATES_PER_KIND", 3)
    old_title = article(tree.culture, "Hợp tác xã nuôi ong mật", when=day(2019, 1, 1))
    in_body = [
        article(
            tree.economy, f"Tin kinh tế số {n}", body="Mô hình nuôi ong mật cho thu nhập khá.", when=day(2024, 1, n + 1)
        )
        for n in range(5)
    ]
    response = search(client, "nuoi ong mat")
    urls = result_urls(response)
    # The three newest body matches, and the older title match above them.
    assert urls == [old_title.url, in_body[4].url, in_body[3].url, in_body[2].url]
    text = response.content.decode()
    assert "Hơn 3 kết quả cho “nuoi ong mat”" in text
    assert "Tin tức (3+)" in text


@pytest.mark.parametrize("few_matches", [2000, 1], ids=["looked-up-by-id", "pages-walked-by-date"])
def test_dates_and_a_section_search_the_whole_archive_not_only_the_newest_matches(
    client, tree, monkeypatch, few_matches
):
    """PostgreSQL first looks among the most recently indexed matches; a filter must look further."""
    from search.backends.postgres import FoldingPostgresSearchBackend

    monkeypatch.setattr(FoldingPostgresSearchBackend, "recent_scan_limit", 3)
    monkeypatch.setattr(FoldingPostgresSearchBackend, "few_matches", few_matches)
    old = [article(tree.economy, f"Đề án nuôi ong mật năm 2019 số {n}", when=day(2019, 5, n + 1)) for n in range(2)]
    for n in range(4):  # indexed later, and newer
        article(tree.culture, f"Nuôi ong mật ở xã số {n}", when=day(2024, 1, n + 1))
    in_2019 = search(client, "nuoi ong mat", **{"from": "01/01/2019", "to": "31/12/2019"})
    assert result_urls(in_2019) == [old[1].url, old[0].url]
    economy = search(client, "nuoi ong mat", section=tree.economy.slug)
    assert result_urls(economy) == [old[1].url, old[0].url]


@pytest.fixture
def small_postgres_windows(monkeypatch):
    """PostgreSQL's newest-matches window at the scale of a test: two candidates of each kind
    ranked, three matches of each type ordered (elsewhere these settings change nothing)."""
    from search import engine
    from search.backends import postgres

    monkeypatch.setattr(engine, "CANDIDATES_PER_KIND", 2)
    monkeypatch.setattr(postgres.FoldingPostgresSearchBackend, "recent_scan_limit", 3)
    monkeypatch.setattr(postgres, "_floors", {})
    return postgres.FoldingPostgresSearchBackend


def test_matches_older_than_the_recent_slice_are_still_found(client, tree, small_postgres_windows, monkeypatch):
    """PostgreSQL looks among each type's newest index entries first; beyond them when they hold too few."""
    monkeypatch.setattr(small_postgres_windows, "recent_slice", 2)
    matching = [article(tree.economy, f"Nuôi ong mật ở xã số {n}", when=day(2023, 1, n + 1)) for n in range(3)]
    for n in range(4):  # indexed later and newer, but about something else
        article(tree.culture, f"Lễ hội mùa xuân số {n}", when=day(2024, 1, n + 1))
    response = search(client, "nuoi ong mat")
    assert result_urls(response) == [matching[2].url, matching[1].url]
    assert "Hơn 2 kết quả" in response.content.decode()
    # Once the newest entries hold enough matches, those are the ones shown.
    newest = [article(tree.culture, f"Nuôi ong mật năm 2024 số {n}", when=day(2024, 2, n + 1)) for n in range(3)]
    monkeypatch.setattr(small_postgres_windows, "recent_slice", 3)
    urls = result_urls(search(client, "nuoi ong mat"))
    assert urls == [newest[2].url, newest[1].url]


def test_newest_matches_a_reader_may_not_see_do_not_hide_older_ones(client, tree, small_postgres_windows):
    published = [article(tree.economy, f"Nuôi ong mật ở xã số {n}", when=day(2023, 1, n + 1)) for n in range(2)]
    for n in range(3):  # the newest matches are drafts
        article(tree.culture, f"Nuôi ong mật (bản nháp) số {n}", when=day(2024, 1, n + 1), live=False)
    response = search(client, "nuoi ong mat")
    assert result_urls(response) == [published[1].url, published[0].url]
    assert "bản nháp" not in response.content.decode()


# --- Cards of the results shown -----------------------------------------------------------


def test_the_results_shown_are_read_once_then_kept(client, sample):
    def count():
        with CaptureQueriesContext(connection) as queries:
            search(client, "dao tao nghe")
        return [query["sql"] for query in queries]

    first, second = count(), count()
    assert any('"news_newsarticlepage"."body"' in sql for sql in first)
    assert not any('"news_newsarticlepage"."body"' in sql for sql in second)
    assert len(second) < len(first)


def test_a_published_change_shows_in_the_next_results(client, sample, tree):
    training = sample["training"]  # "Các lớp học mở tại xã Thạch Đài."
    assert "xã Thạch Đài" in search(client, "mo tai").content.decode()  # its card is kept
    training.body = paragraphs("Các lớp học mở tại xã Việt Tiến.")
    training.slug = "dao-tao-nghe-viet-tien"
    training.save_revision().publish()
    text = search(client, "mo tai").content.decode()
    assert "/dao-tao-nghe-viet-tien/" in text
    assert "<mark>mở</mark> <mark>tại</mark> xã Việt Tiến" in text
    training.unpublish()
    assert result_urls(search(client, "mo tai")) == []


def test_words_deep_in_a_long_file_text_still_give_the_snippet(client, portal):
    from search.results import CARD_TEXT_CHARS

    filler = "Điều khoản chung của dự án. " * (CARD_TEXT_CHARS // 20)
    decisions = []
    for number in (40, 41):
        decision = document(portal.library, f"{number}/QĐ-UBND", summary="Về việc phê duyệt dự án")
        decision.text_content = filler + f"Xây dựng cầu Khe Lau số {number}."  # as if read from its file
        decision.save()
        decisions.append(decision)
    # The cards are built (one query for both, which also gives the whole texts); the next
    # search keeps the cards (cut short) and reads the whole texts: one query again.
    for expected in (1, 1):
        with CaptureQueriesContext(connection) as queries:
            response = search(client, "cau khe lau")
        assert sorted(result_urls(response)) == sorted(decision.url for decision in decisions)
        text = response.content.decode()
        for number in (40, 41):
            assert f"<mark>cầu</mark> <mark>Khe</mark> <mark>Lau</mark> số {number}." in text
        assert len([query for query in queries if "text_content" in query["sql"]]) == expected
