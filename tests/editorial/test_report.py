"""The editorial activity report: every figure of a known two-year history, who may see it, bad
addresses, and a query count that does not grow with the history."""

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from editorial.models import EditorialDecision, EditorialSettings
from editorial.report.periods import Period
from editorial.report.queries import build_report, target_for_period
from tests.editorial.factories import build_history, local, travel

pytestmark = pytest.mark.django_db

URL = "/admin/reports/editorial-activity/"
NOW = local(2026, 11, 2, 10)


@pytest.fixture
def history(pipeline):
    return build_history(pipeline)


def get(client, user, query="", when=NOW):
    client.force_login(user)
    with travel(when):
        return client.get(URL + query)


def table(html, heading_id):
    """The cells of the first table after the heading, one list per body row."""
    soup = BeautifulSoup(html, "html.parser")
    section = soup.find(id=heading_id).find_parent("section")
    body = section.find("table").find("tbody")
    return [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])] for row in body.find_all("tr")]


def test_report_counts_the_recorded_history_exactly(history):
    report = build_report(Period(date(2026, 1, 1), date(2026, 11, 2)))
    figures = {key: (figure.current, figure.previous) for key, figure in report.totals.items()}
    assert figures == {
        "received": (7, 4),  # A B C D E J F | G H M K (K sent at 23:30 on the last day)
        "resubmitted": (1, 0),  # B, after changes were requested
        "published": (5, 2),  # A B P E J | G M
        "published_directly": (0, 0),  # P was never in a workflow run: nothing was skipped
        "sent_back": (1, 0),
        "rejected": (2, 1),
        "withdrawn": (0, 0),  # K and L were withdrawn on 03/11/2025, after the period
    }
    assert [(str(label), figure.current, figure.previous) for label, figure in report.rejections] == [
        ("Trùng lặp", 1, 1),
        ("Chất lượng thấp", 1, 0),
        ("Không phù hợp", 0, 0),
        ("Lý do khác", 0, 0),
    ]
    assert report.totals["received"].change == 3
    assert str(report.totals["received"].percent) == "75.0"
    assert report.totals["sent_back"].percent is None  # nothing last year: no division by zero

    months = [(row.label, row.received.current, row.received.previous, row.published.current) for row in report.months]
    assert months == [
        ("01/2026", 0, 0, 0),
        ("02/2026", 0, 0, 0),
        ("03/2026", 1, 1, 1),
        ("04/2026", 1, 0, 1),
        ("05/2026", 1, 1, 0),
        ("06/2026", 1, 1, 0),
        ("07/2026", 0, 0, 1),
        ("08/2026", 0, 0, 0),
        ("09/2026", 1, 0, 1),
        ("10/2026", 2, 0, 1),
        ("11/2026", 0, 1, 0),
    ]

    def cells(row):
        return (
            row.label,
            (row.received.current, row.received.previous),
            (row.published.current, row.published.previous),
            (row.sent_back.current, row.rejected.current),
        )

    assert [cells(row) for row in report.sections] == [
        ("Văn hóa – Xã hội", (4, 1), (3, 1), (0, 1)),
        ("Kinh tế – Chính trị", (3, 3), (2, 1), (1, 1)),
        ("Giao thông", (0, 0), (0, 0), (0, 0)),
    ]
    # Departments and each commune; the higher-level and the retired units are not listed.
    assert [cells(row) for row in report.units] == [
        ("Phòng Nông nghiệp và PTNT", (6, 3), (3, 1), (1, 2)),
        ("Xã Thạch Đài", (1, 0), (1, 0), (0, 0)),
        ("Huyện đoàn Thạch Hà", (0, 0), (0, 0), (0, 0)),
        ("Xã Việt Tiến", (0, 1), (0, 1), (0, 0)),
        ("(không ghi đơn vị)", (0, 0), (1, 0), (0, 0)),
    ]
    assert [(str(row.target), str(row.achievement)) for row in report.units[:2]] == [("10.1", "59.4"), ("20.1", "5.0")]
    assert [cells(row) for row in report.contributors] == [
        ("Phạm Cộng", (4, 3), (3, 1), (1, 1)),
        ("congtacvien2", (2, 0), (0, 0), (0, 1)),
        ("xa-thach-dai-bientap", (1, 0), (1, 0), (0, 0)),
        ("Lê Biên", (0, 0), (1, 0), (0, 0)),
        ("xa-viet-tien-bientap", (0, 1), (0, 1), (0, 0)),
    ]
    assert [unit.name for unit in report.silent_units] == ["Huyện đoàn Thạch Hà", "Xã Việt Tiến"]
    assert report.active_units == 4
    assert [(stale.label, stale.days) for stale in report.stale_sections] == [
        ("Văn hóa – Xã hội", 55),  # last publication E, 08/09/2026
        ("Giao thông", None),  # never
    ]
    # A 25 h, B 73 h (late), E 24 h, J 24 h 30 | G 49 h (late), M 6 h; P had no workflow.
    timing = report.timing
    assert (timing.published, timing.count, timing.median, timing.percentile, timing.within_limit) == (
        5,
        4,
        timedelta(hours=24, minutes=45),
        timedelta(hours=73),
        3,
    )
    assert str(timing.share_within_limit) == "75.0"
    previous = report.previous_timing
    assert (previous.count, previous.median, previous.percentile, previous.within_limit) == (
        2,
        timedelta(hours=27, minutes=30),
        timedelta(hours=49),
        1,
    )


def test_counts_come_from_the_history_not_the_pages(history):
    """Deleting a published page, or moving it, changes nothing that was recorded."""
    before = build_report(Period(date(2026, 1, 1), date(2026, 11, 2)))
    history.items["A"].delete()
    history.items["J"].specific.move(history.transport, pos="last-child")
    after = build_report(Period(date(2026, 1, 1), date(2026, 11, 2)))
    assert after.totals == before.totals
    assert [row.published.current for row in after.sections] == [row.published.current for row in before.sections]


def test_the_page_shows_the_default_period_against_last_year(client, history):
    response = get(client, history.users["board"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "01/01/2026 – 02/11/2026" in html and "01/01/2025 – 02/11/2025" in html
    assert table(html, "report-summary") == [
        ["Đã nhận (gửi phê duyệt)", "7", "4", "+3", "+75,0%"],
        ["Gửi lại sau khi chỉnh sửa", "1", "0", "+1", "–"],
        ["Đã đăng tải", "5", "2", "+3", "+150,0%"],
        ["Xuất bản trực tiếp, bỏ qua bước duyệt", "0", "0", "0", "–"],
        ["Trả lại để chỉnh sửa", "1", "0", "+1", "–"],
        ["Bị từ chối đăng", "2", "1", "+1", "+100,0%"],
        ["Người gửi rút lại", "0", "0", "0", "–"],
    ]
    assert table(html, "report-reasons")[1] == ["Chất lượng thấp", "1", "0", "+1", "–"]
    assert table(html, "report-months")[9] == ["10/2026", "2", "0", "1", "0"]
    assert table(html, "report-units")[0] == [
        "Phòng Nông nghiệp và PTNT",
        "Phòng, ban chuyên môn",
        *["6", "3", "+3", "+100,0%"],
        *["3", "1", "+2", "+200,0%"],
        *["1", "0", "2", "1"],
        "10,1",
        "59,4%",
    ]
    assert table(html, "report-timing") == [
        ["Số tin, bài đã đăng trong kỳ", "5", "2"],
        ["Số tin, bài đã đăng có ghi nhận thời điểm gửi", "4", "2"],
        ["Trung vị", "1 ngày 45 phút (trên 4 tin, bài)", "1 ngày 3 giờ 30 phút (trên 2 tin, bài)"],
        ["Phân vị 90", "3 ngày 1 giờ (trên 4 tin, bài)", "2 ngày 1 giờ (trên 2 tin, bài)"],
        ["Đăng tải trong vòng 2 ngày làm việc", "3 trên 4 tin, bài (75,0%)", "1 trên 2 tin, bài (50,0%)"],
    ]
    assert table(html, "report-stale") == [
        ["Văn hóa – Xã hội", "08/09/2026", "55"],
        ["Giao thông", "chưa bao giờ", "–"],
    ]
    soup = BeautifulSoup(html, "html.parser")
    silent = [item.get_text(" ", strip=True) for item in soup.find(id="report-silent").find_parent("section")("li")]
    assert silent == ["Huyện đoàn Thạch Hà (Mặt trận, đoàn thể)", "Xã Việt Tiến (Xã)"]
    # Three charts, each named for screen readers and followed by its figures.
    charts = soup.select("svg.editorial-chart")
    assert len(charts) == 3
    for chart in charts:
        title_id, desc_id = chart["aria-labelledby"].split()
        assert chart.find(id=title_id).get_text() and chart.find(id=desc_id).get_text()
    assert "Số tin, bài nhận được mỗi tháng" in charts[0].find("title").get_text()
    assert "<script" not in html.split('id="report-summary"')[1]


def test_the_stale_threshold_and_the_limit_are_site_settings(client, history):
    editorial_settings = EditorialSettings.current()
    editorial_settings.stale_after = 60
    editorial_settings.review_limit = 3
    editorial_settings.save()
    html = get(client, history.users["head"]).content.decode()
    assert table(html, "report-stale") == [["Giao thông", "chưa bao giờ", "–"]]
    # B (73 h from Monday 08:00 to Thursday 09:00) misses three working days by an hour.
    assert table(html, "report-timing")[4] == [
        "Đăng tải trong vòng 3 ngày làm việc",
        "3 trên 4 tin, bài (75,0%)",
        "2 trên 2 tin, bài (100,0%)",
    ]


def test_a_chosen_period_and_its_bounds_in_local_time(client, history):
    # K was sent at 23:30 on 02/11/2025 (16:30 UTC), L at 00:30 on 03/11/2025 (17:30 UTC on the 2nd).
    html = get(client, history.users["board"], "?from=2025-11-02&to=2025-11-02").content.decode()
    assert table(html, "report-summary")[0] == ["Đã nhận (gửi phê duyệt)", "1", "0", "+1", "–"]
    html = get(client, history.users["board"], "?from=2025-11-03&to=2025-11-03").content.decode()
    assert table(html, "report-summary")[0] == ["Đã nhận (gửi phê duyệt)", "1", "0", "+1", "–"]
    assert table(html, "report-summary")[6] == ["Người gửi rút lại", "2", "0", "+2", "–"]


def test_a_long_period_is_compared_with_its_overlapping_year_before(history):
    report = build_report(Period(date(2025, 1, 1), date(2026, 12, 31)))
    # 2025-2026 against 2024-2025: 2025 counts in both.
    assert (report.totals["received"].current, report.totals["received"].previous) == (13, 6)
    assert len(report.months) == 24


def test_targets_count_a_partial_month_by_its_days():
    assert str(target_for_period(3, Period(date(2026, 1, 1), date(2026, 3, 31)))) == "9.0"
    assert str(target_for_period(3, Period(date(2026, 2, 15), date(2026, 2, 28)))) == "1.5"
    assert str(target_for_period(1, Period(date(2026, 1, 1), date(2026, 11, 2)))) == "10.1"


@pytest.mark.parametrize("who", ["board", "head", "admin"])
def test_the_board_and_administrators_see_it_in_the_reports_menu(client, pipeline, who):
    response = get(client, pipeline.users[who])
    assert response.status_code == 200
    client.force_login(pipeline.users[who])
    assert URL in client.get("/admin/").content.decode()


@pytest.mark.parametrize("who", ["contributor", "contributor2", "editor_a", "board_a", "clerk"])
def test_contributors_and_commune_staff_get_403(client, pipeline, who):
    for query in ["", "?export=xlsx", "?export=docx"]:
        response = get(client, pipeline.users[who], query)
        assert response.status_code == 403, (who, query)
        assert "Kinh tế – Chính trị" not in response.content.decode()
    client.force_login(pipeline.users[who])
    assert URL not in client.get("/admin/").content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, pipeline):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from=abc", "Ngày bắt đầu “abc” không hợp lệ"),
        ("?from=2026-02-30", "Ngày bắt đầu “2026-02-30” không hợp lệ"),
        ("?to=2026-13-01", "Ngày kết thúc “2026-13-01” không hợp lệ"),
        ("?from=2026-11-01&to=2026-01-01", "Ngày bắt đầu (01/11/2026) sau ngày kết thúc (01/01/2026)"),
        ("?from=2019-01-01&to=2026-01-01", "Kỳ báo cáo dài tối đa 5 năm"),
        ("?from=1899-01-01&to=1899-02-01", "trong khoảng năm 2000 đến năm 2100"),
        ("?export=pdf", "Không có định dạng xuất “pdf”"),
        ("?from=<script>alert(1)</script>", "Ngày bắt đầu “&lt;script&gt;alert(1)&lt;/script&gt;” không hợp lệ"),
    ],
)
def test_bad_addresses_get_a_clear_message(client, pipeline, query, message):
    response = get(client, pipeline.users["board"], query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "<script>alert" not in html
    assert 'id="report-summary"' not in html


def test_dates_written_the_vietnamese_way_are_accepted(client, history):
    html = get(client, history.users["board"], "?from=01/01/2026&to=02/11/2026").content.decode()
    assert table(html, "report-summary")[0][1:3] == ["7", "4"]


def test_a_five_year_period_is_the_longest_allowed(client, pipeline):
    assert get(client, pipeline.users["board"], "?from=2021-11-03&to=2026-11-02").status_code == 200
    assert get(client, pipeline.users["board"], "?from=2021-11-02&to=2026-11-02").status_code == 400


def test_the_query_count_does_not_grow_with_the_history(client, history, django_user_model):
    board = history.users["board"]
    client.force_login(board)

    def count_queries():
        with travel(NOW), CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        assert response.status_code == 200
        return len(queries)

    count_queries()  # caches (settings, content types) filled once
    small = count_queries()
    # Many more decisions, spread over new submitters, units, sections and months.
    from core.models import Unit
    from tests.news.factories import NewsCategoryPageFactory

    sections = [NewsCategoryPageFactory(parent=history.pipeline.tree.news) for _ in range(5)]
    units = [Unit.objects.create(name=f"Đơn vị thử {n}", slug=f"don-vi-thu-{n}") for n in range(10)]
    people = [django_user_model.objects.create_user(username=f"ctv{n}") for n in range(10)]
    EditorialDecision.objects.bulk_create(
        EditorialDecision(
            page_title=f"Tin {n}",
            action=[EditorialDecision.Action.SUBMITTED, EditorialDecision.Action.PUBLISHED][n % 2],
            section=sections[n % 5],
            unit=units[n % 10],
            submitter=people[n % 10],
            created_at=local(2025, 1, 1) + timedelta(hours=13 * n),
        )
        for n in range(1000)
    )
    count_queries()  # the new units changed the content version: the caches are filled again
    assert count_queries() == small
    assert small <= 30


def test_only_an_end_date_reports_from_the_first_of_january_of_its_year(client, history):
    html = get(client, history.users["board"], "?to=2025-11-02").content.decode()
    assert "01/01/2025 – 02/11/2025" in html
    assert table(html, "report-summary")[0] == ["Đã nhận (gửi phê duyệt)", "4", "0", "+4", "–"]


def test_the_board_sets_unit_targets_and_the_report_follows(client, history):
    from editorial.models import UnitTarget

    board = history.users["board"]
    client.force_login(board)
    assert client.get("/admin/unit-targets/").status_code == 200
    front = history.units["front"]
    response = client.post("/admin/unit-targets/new/", {"unit": front.pk, "monthly_target": 3, "note": ""})
    assert response.status_code == 302
    assert UnitTarget.objects.get(unit=front).monthly_target == 3
    # A higher-level body cannot be given a target.
    response = client.post(
        "/admin/unit-targets/new/", {"unit": history.units["superior"].pk, "monthly_target": 3, "note": ""}
    )
    assert response.status_code == 200 and not UnitTarget.objects.filter(unit=history.units["superior"]).exists()
    html = get(client, board).content.decode()
    front_row = next(row for row in table(html, "report-units") if row[0] == "Huyện đoàn Thạch Hà")
    assert front_row[-2:] == ["30,2", "0,0%"]  # 3 a month over 10 months and 2 days of 30
    client.force_login(history.users["contributor"])
    assert client.get("/admin/unit-targets/").status_code == 403
