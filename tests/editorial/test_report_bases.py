"""Every rate, median and share of the report says what it is based on; a section is never both a
strength and a weakness of the draft; the period's help says how people write dates."""

import io
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from docx import Document
from openpyxl import load_workbook

from editorial.models import EditorialDecision
from editorial.report.periods import Period
from editorial.report.queries import build_report
from tests.editorial.factories import build_history, local, travel
from tests.news.factories import NewsArticlePageFactory

pytestmark = pytest.mark.django_db

URL = "/admin/reports/editorial-activity/"
NOW = local(2026, 11, 2, 10)
Action = EditorialDecision.Action


def runless(page, action, when, section=None):
    """A record written without a workflow run, as imported history (and the demo's) is."""
    return EditorialDecision(
        page=page, page_title=page.title, action=action, created_at=when, section=section, submitter=page.owner
    )


@pytest.fixture
def history(pipeline):
    return build_history(pipeline)


def test_publications_recorded_without_a_run_count_from_their_page_submission(pipeline):
    news = pipeline.tree.culture
    imported = NewsArticlePageFactory(parent=news, title="Tin nhập từ hệ thống cũ")
    corrected = NewsArticlePageFactory(parent=news, title="Tin đăng lại sau khi sửa lỗi chính tả")
    direct = NewsArticlePageFactory(parent=news, title="Tin Ban Biên tập đăng trực tiếp")
    EditorialDecision.objects.bulk_create(
        [
            # Sent Monday 09:00, published Tuesday 15:00: 30 hours, within two working days.
            runless(imported, Action.SUBMITTED, local(2026, 3, 2, 9)),
            runless(imported, Action.PUBLISHED, local(2026, 3, 3, 15)),
            # Sent and published, then published again a month later without a new submission.
            runless(corrected, Action.SUBMITTED, local(2026, 4, 6, 8)),
            runless(corrected, Action.PUBLISHED, local(2026, 4, 9, 9)),
            runless(corrected, Action.PUBLISHED, local(2026, 5, 11, 9)),
            runless(direct, Action.PUBLISHED, local(2026, 6, 1, 9)),
        ]
    )
    timing = build_report(Period(date(2026, 1, 1), date(2026, 11, 2))).timing
    # The republication is not paired with the month-old submission, the direct one has nothing.
    assert (timing.published, timing.count, timing.without_data) == (4, 2, 2)
    assert (timing.median, timing.percentile, timing.within_limit) == (
        timedelta(hours=(30 + 73) / 2),
        timedelta(hours=73),
        1,
    )


def test_the_page_says_what_each_time_is_based_on(client, history):
    client.force_login(history.users["board"])
    with travel(NOW):
        html = client.get(URL).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    section = soup.find(id="report-timing").find_parent("section")
    rows = [[cell.get_text(" ", strip=True) for cell in row("th") + row("td")] for row in section.tbody("tr")]
    assert rows == [
        ["Số tin, bài đã đăng trong kỳ", "5", "2"],
        ["Số tin, bài đã đăng có ghi nhận thời điểm gửi", "4", "2"],
        ["Trung vị", "1 ngày 45 phút (trên 4 tin, bài)", "1 ngày 3 giờ 30 phút (trên 2 tin, bài)"],
        ["Phân vị 90", "3 ngày 1 giờ (trên 4 tin, bài)", "2 ngày 1 giờ (trên 2 tin, bài)"],
        ["Đăng tải trong vòng 2 ngày làm việc", "3 trên 4 tin, bài (75,0%)", "1 trên 2 tin, bài (50,0%)"],
    ]
    base = section.find(class_="editorial-report__base").get_text(" ", strip=True)
    assert "Số liệu kỳ này tính trên 4 trong 5 tin, bài đã đăng có đủ dữ liệu." in base
    assert "Số liệu cùng kỳ năm trước tính trên 2 trong 2 tin, bài đã đăng có đủ dữ liệu." in base
    silent = soup.find(id="report-silent").find_parent("section").find(class_="editorial-report__base")
    assert (
        silent.get_text(" ", strip=True)
        == "2 trong 4 cơ quan, đơn vị, xã, thị trấn phải gửi tin, bài chưa gửi tin, bài nào."
    )
    # The help says how people write dates (the inputs still send yyyy-mm-dd, which is accepted too).
    assert "Ngày theo dạng dd/mm/yyyy" in soup.find(id="report-period-help").get_text()
    assert "yyyy-mm-dd" not in soup.find(id="report-period-help").get_text()


def test_a_period_without_any_timing_shows_no_figure_and_no_false_base(client, history):
    client.force_login(history.users["board"])
    with travel(NOW):
        html = client.get(URL + "?from=01/11/2026&to=02/11/2026").content.decode()
    section = BeautifulSoup(html, "html.parser").find(id="report-timing").find_parent("section")
    cells = [row("td")[0].get_text(" ", strip=True) for row in section.tbody("tr")]
    assert cells == ["0", "0", "–", "–", "–"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from=abc", "Ngày bắt đầu “abc” không hợp lệ: hãy viết theo dạng dd/mm/yyyy, ví dụ 01/01/2026."),
        ("?to=31/02/2026", "Ngày kết thúc “31/02/2026” không hợp lệ: hãy viết theo dạng dd/mm/yyyy, ví dụ 01/11/2026."),
    ],
)
def test_a_bad_date_is_explained_the_way_people_write_dates(client, history, query, message):
    client.force_login(history.users["board"])
    with travel(NOW):
        response = client.get(URL + query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_workbook_gives_the_base_next_to_each_time(client, history):
    client.force_login(history.users["board"])
    with travel(NOW):
        response = client.get(URL + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["Thời gian xử lý"]
    this, last = (
        "tính trên 4 trong 5 tin, bài đã đăng có đủ dữ liệu",
        "tính trên 2 trong 2 tin, bài đã đăng có đủ dữ liệu",
    )
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        [
            "Chỉ số",
            "Kỳ này (01/01/2026–02/11/2026)",
            "Cơ sở tính",
            "Cùng kỳ năm trước (01/01/2025–02/11/2025)",
            "Cơ sở tính",
        ],
        ["Số tin, bài đã đăng trong kỳ", 5, None, 2, None],
        ["Số tin, bài đã đăng có ghi nhận thời điểm gửi", 4, None, 2, None],
        ["Thời gian trung vị (giờ)", 24.8, this, 27.5, last],
        ["Phân vị 90 (giờ)", 73, this, 49, last],
        ["Số tin, bài đăng tải đúng hạn", 3, this, 1, last],
        ["Tỷ lệ đúng hạn (%)", 75, this, 50, last],
    ]


def draft(client, history, query=""):
    client.force_login(history.users["board"])
    with travel(NOW):
        response = client.get(URL + "?export=docx" + query)
    return [paragraph.text for paragraph in Document(io.BytesIO(response.content)).paragraphs]


def test_the_draft_says_on_how_many_items_the_times_are_based(client, history):
    text = draft(client, history)
    assert (
        "- Thời gian từ khi nhận đến khi đăng tải, tính trên 4 trong 5 tin, bài đã đăng có đủ dữ liệu: trung vị "
        "1 ngày 45 phút, phân vị 90 là 3 ngày 1 giờ; 3 trên 4 tin, bài (75,0%) được đăng tải trong thời hạn "
        "2 ngày làm việc theo Quy chế."
    ) in text


def test_the_draft_says_when_no_time_can_be_measured(client, history):
    # 01/07/2026 to 31/07/2026: only P, which the board published directly.
    text = draft(client, history, "&from=01/07/2026&to=31/07/2026")
    assert (
        "- Thời gian từ khi nhận đến khi đăng tải: chưa tính được vì không có tin, bài nào trong 1 tin, bài "
        "đã đăng có ghi nhận thời điểm gửi."
    ) in text
    assert not any("100,0%" in line or "trung vị" in line for line in text)


def test_a_stale_section_is_a_weakness_never_also_a_strength(client, history):
    """Văn hóa – Xã hội published the most (3) but nothing since 08/09/2026: 55 days."""
    text = draft(client, history)
    strengths = text[text.index("2.1. Ưu điểm:") + 1 : text.index("2.2. Hạn chế")]
    weaknesses = text[text.index("2.2. Hạn chế") + 1 : text.index("2.3. Nguyên nhân của những hạn chế")]
    assert strengths[0] == (
        "- Các chuyên mục đăng tải nhiều tin, bài nhất (trong số các chuyên mục được cập nhật thường xuyên): "
        "Kinh tế – Chính trị (2)."
    )
    assert "Văn hóa – Xã hội" not in " ".join(strengths)
    assert weaknesses[0] == (
        "- Một số chuyên mục còn thiếu thông tin (không có tin, bài đăng tải từ 30 ngày trở lên): "
        "Văn hóa – Xã hội (3 tin, bài trong kỳ, lần gần nhất ngày 08/09/2026), "
        "Giao thông (chưa có tin, bài nào được đăng tải)."
    )


def test_with_every_section_stale_the_draft_names_no_strength(client, history):
    text = draft(client, history, "&from=01/01/2026&to=31/12/2026")
    strengths = text[text.index("2.1. Ưu điểm:") + 1 : text.index("2.2. Hạn chế")]
    assert strengths == ["- [Ban Biên tập bổ sung.]"]
