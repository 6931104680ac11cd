"""The public week view at /lich-cong-tac/: default week, navigation, bad input, filter, revision marks."""

import re
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

from schedule.entries import ScheduleEntry
from tests.schedule.factories import (
    LeaderFactory,
    ScheduleIndexPageFactory,
    entry,
    latest_for_editing,
    make_week,
    republish,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)  # a Wednesday of 2026-W48 (23/11 – 29/11/2026)
MONDAY = date(2026, 11, 23)


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(node):
    return " ".join(node.get_text(" ", strip=True).split()) if node else ""


@pytest.fixture
def today(monkeypatch):
    original = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else original(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY


@pytest.fixture
def schedule(tree):
    return ScheduleIndexPageFactory(parent=tree.home)


@pytest.fixture
def leaders(db):
    return {
        "chairman": LeaderFactory(name="Võ Trọng Nghĩa", position="Chủ tịch UBND huyện", sort_order=1),
        "deputy": LeaderFactory(name="Nguyễn Thị Hồng Vân", position="Phó Chủ tịch UBND huyện", sort_order=2),
    }


@pytest.fixture
def week48(schedule, leaders):
    return make_week(
        schedule,
        MONDAY,
        [
            entry(MONDAY, "Họp giao ban lãnh đạo UBND huyện", start_time=time(7, 30), chaired_by=leaders["chairman"]),
            entry(
                MONDAY + timedelta(days=2),
                "Kiểm tra nông thôn mới tại xã Thạch Đài",
                part="afternoon",
                start_time=time(14, 0),
                chaired_by=leaders["deputy"],
                attendees="Phòng Nông nghiệp và PTNT",
                place="UBND xã Thạch Đài",
            ),
            entry(MONDAY + timedelta(days=2), "Tiếp công dân định kỳ", chaired_by=leaders["chairman"]),
            entry(MONDAY + timedelta(days=5), "Dự ngày hội đại đoàn kết", chaired_by_other="Bí thư Huyện ủy"),
        ],
    )


def day_headers(html):
    return [text(th) for th in html.select(".schedule-day__header th")]


def entries_of(html, day: date):
    header = html.find(id=f"day-{day:%Y-%m-%d}")
    body = header.find_parent("tbody")
    return [text(row.select_one(".schedule-entry__content")) for row in body.select("tr.schedule-entry")]


def test_the_current_week_is_shown_by_default(client, today, week48):
    response = client.get("/lich-cong-tac/")
    assert response.status_code == 200
    html = soup(response)
    assert text(html.find("h1")) == "Lịch công tác tuần 48 (23/11 – 29/11/2026)"
    assert day_headers(html) == [
        "Thứ Hai, 23/11/2026",
        "Thứ Ba, 24/11/2026",
        "Thứ Tư, 25/11/2026 Hôm nay",
        "Thứ Năm, 26/11/2026",
        "Thứ Sáu, 27/11/2026",
        "Thứ Bảy, 28/11/2026",
        "Chủ nhật, 29/11/2026",
    ]
    # Entries by day, in the order of the day; the morning entry without a time comes first.
    assert entries_of(html, TODAY) == ["Tiếp công dân định kỳ", "Kiểm tra nông thôn mới tại xã Thạch Đài"]
    assert entries_of(html, MONDAY) == ["Họp giao ban lãnh đạo UBND huyện"]
    assert entries_of(html, MONDAY + timedelta(days=1)) == []
    row = html.find(string=re.compile("Kiểm tra nông thôn mới")).find_parent("tr")
    assert text(row.select_one("th")) == "Chiều 14:00"
    cells = [text(td) for td in row.select("td")]
    assert cells[1:4] == [
        "Nguyễn Thị Hồng Vân – Phó Chủ tịch UBND huyện",
        "Phòng Nông nghiệp và PTNT",
        "UBND xã Thạch Đài",
    ]
    saturday = html.find(string=re.compile("Dự ngày hội")).find_parent("tr")
    assert "Bí thư Huyện ủy" in text(saturday)


def test_today_is_highlighted_for_screen_readers_and_by_style(client, today, week48):
    html = soup(client.get("/lich-cong-tac/"))
    current = html.select('[aria-current="date"]')
    assert len(current) == 1
    assert current[0]["id"] == "day-2026-11-25"
    assert "schedule-day--today" in current[0].find_parent("tbody")["class"]
    assert len(html.select(".schedule-day--today")) == 1


def test_table_keeps_its_headers(client, today, week48):
    html = soup(client.get("/lich-cong-tac/"))
    table = html.select_one("table.schedule-table")
    assert [text(th) for th in table.select("thead th[scope=col]")] == [
        "Thời gian",
        "Nội dung",
        "Chủ trì",
        "Thành phần",
        "Địa điểm",
        "Đơn vị chuẩn bị",
    ]
    assert len(table.select("th[scope=rowgroup]")) == 7
    assert len(table.select("tr.schedule-entry th[scope=row]")) == 4
    assert text(table.select_one("caption")) == "Lịch công tác tuần 48 (23/11 – 29/11/2026)"


def test_previous_and_next_week_links_and_week_picker(client, today, week48):
    html = soup(client.get("/lich-cong-tac/"))
    assert html.select_one("a[rel=prev]")["href"] == "/lich-cong-tac/?week=2026-W47"
    assert html.select_one("a[rel=next]")["href"] == "/lich-cong-tac/?week=2026-W49"
    assert "Tuần này" not in text(html.select_one(".schedule-nav"))
    picker = html.select_one("form.schedule-filter")
    assert picker["method"] == "get" and picker["action"] == "/lich-cong-tac/"
    week_input = picker.select_one("input[name=week]")
    assert week_input["type"] == "week" and week_input["value"] == "2026-W48"
    assert html.select_one(f"label[for={week_input['id']}]")
    assert picker.select_one("button[type=submit]")

    # The picker works as a plain GET form: what it submits is what this asks for.
    html = soup(client.get("/lich-cong-tac/", {"week": "2026-W49", "leader": ""}))
    assert text(html.find("h1")) == "Lịch công tác tuần 49 (30/11 – 06/12/2026)"
    assert "Chưa có lịch công tác nào được đăng cho tuần này." in text(html.select_one(".schedule-none"))
    assert html.select_one(".schedule-none a")["href"] == "/lich-cong-tac/"
    assert html.select_one("a[rel=prev]")["href"] == "/lich-cong-tac/?week=2026-W48"
    assert "Tuần này" in text(html.select_one(".schedule-nav"))
    assert not html.select("table.schedule-table")
    assert not html.select('[aria-current="date"]')


def test_navigation_across_the_year_boundary(client, today, schedule):
    html = soup(client.get("/lich-cong-tac/", {"week": "2026-W53"}))
    assert text(html.find("h1")) == "Lịch công tác tuần 53 (28/12/2026 – 03/01/2027)"
    assert html.select_one("a[rel=next]")["href"] == "/lich-cong-tac/?week=2027-W01"
    html = soup(client.get("/lich-cong-tac/", {"week": "2023-w01"}))
    assert text(html.find("h1")) == "Lịch công tác tuần 1 (02/01 – 08/01/2023)"
    assert html.select_one("a[rel=prev]")["href"] == "/lich-cong-tac/?week=2022-W52"


@pytest.mark.parametrize(
    "value",
    [
        "2026-W54",
        "2026-W00",
        "2021-W53",
        "99999-W01",
        "abc",
        "<script>alert(1)</script>",
        "2026-W48' OR 1=1 --",
        "%00",
        "1999-W52",
        "２０２６-W48",
    ],
)
def test_bad_week_values_give_the_current_week_and_a_notice(client, today, week48, value):
    response = client.get("/lich-cong-tac/", {"week": value})
    assert response.status_code == 200
    html = soup(response)
    assert text(html.find("h1")) == "Lịch công tác tuần 48 (23/11 – 29/11/2026)"
    assert "Tuần cần xem không tồn tại hoặc không được ghi theo dạng 2026-W48" in text(
        html.select_one(".schedule-notices")
    )
    assert b"<script>alert(1)</script>" not in response.content
    assert html.select_one("input[name=week]")["value"] == "2026-W48"


def test_several_week_parameters_and_an_empty_one(client, today, week48):
    html = soup(client.get("/lich-cong-tac/?week=&leader="))
    assert text(html.find("h1")).startswith("Lịch công tác tuần 48")
    assert not html.select(".schedule-notices")
    html = soup(client.get("/lich-cong-tac/?week=2026-W47&week=2026-W49"))
    assert text(html.find("h1")).startswith("Lịch công tác tuần 49")


def test_drafts_and_private_weeks_are_not_shown(client, today, schedule, tree):
    make_week(schedule, MONDAY, [entry(MONDAY, "Nội dung bản nháp")], publish=False)
    html = soup(client.get("/lich-cong-tac/"))
    assert "Nội dung bản nháp" not in html.get_text()
    assert html.select_one(".schedule-none")

    private = make_week(schedule, MONDAY + timedelta(days=7), [entry(MONDAY + timedelta(days=7), "Nội dung mật")])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/lich-cong-tac/", {"week": "2026-W49"})
    assert "Nội dung mật" not in response.content.decode()
    assert client.get(private.url).status_code == 302  # to the login form


def test_the_week_page_itself_shows_the_same_week(client, today, week48):
    assert week48.url == "/lich-cong-tac/2026-w48/"
    html = soup(client.get(week48.url))
    assert text(html.find("h1")) == week48.title == "Lịch công tác tuần 48 (23/11 – 29/11/2026)"
    assert entries_of(html, MONDAY) == ["Họp giao ban lãnh đạo UBND huyện"]
    assert html.select_one("a[rel=next]")["href"] == "/lich-cong-tac/?week=2026-W49"
    index_html = soup(client.get("/lich-cong-tac/", {"week": "2026-W48"}))
    assert index_html.select_one("link[rel=canonical]")["href"] == "http://testserver/lich-cong-tac/2026-w48/"


def test_filter_by_leader(client, today, week48, leaders):
    chairman = leaders["chairman"]
    html = soup(client.get("/lich-cong-tac/", {"leader": chairman.pk}))
    shown = [text(cell) for cell in html.select(".schedule-entry__content")]
    assert shown == ["Họp giao ban lãnh đạo UBND huyện", "Tiếp công dân định kỳ"]
    assert html.select_one("select[name=leader] option[selected]")["value"] == str(chairman.pk)
    assert "Tuần này có 2 nội dung do Võ Trọng Nghĩa – Chủ tịch UBND huyện chủ trì." in text(
        html.select_one(".schedule-summary")
    )
    # The filter follows the week links and the calendar links.
    assert html.select_one("a[rel=next]")["href"] == f"/lich-cong-tac/?week=2026-W49&leader={chairman.pk}"
    options = [text(option) for option in html.select("select[name=leader] option")]
    assert options == [
        "Tất cả lãnh đạo",
        "Võ Trọng Nghĩa – Chủ tịch UBND huyện",
        "Nguyễn Thị Hồng Vân – Phó Chủ tịch UBND huyện",
    ]


def test_leaders_no_longer_in_office_are_not_offered(client, today, week48, leaders):
    leaders["deputy"].is_active = False
    leaders["deputy"].save()
    html = soup(client.get("/lich-cong-tac/"))
    options = [text(option) for option in html.select("select[name=leader] option")]
    assert "Nguyễn Thị Hồng Vân – Phó Chủ tịch UBND huyện" not in options
    # An old link to their schedule still works.
    html = soup(client.get("/lich-cong-tac/", {"leader": leaders["deputy"].pk}))
    assert [text(cell) for cell in html.select(".schedule-entry__content")] == [
        "Kiểm tra nông thôn mới tại xã Thạch Đài"
    ]


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "1.5", "<script>x</script>", "1" * 30])
def test_unknown_leader_is_ignored_with_a_notice(client, today, week48, value):
    response = client.get("/lich-cong-tac/", {"leader": value})
    assert response.status_code == 200
    html = soup(response)
    assert len(html.select(".schedule-entry")) == 4
    assert "Không tìm thấy lãnh đạo cần xem; đang hiển thị lịch của tất cả lãnh đạo." in text(
        html.select_one(".schedule-notices")
    )
    assert b"<script>x</script>" not in response.content


def test_revision_marks_show_what_changed_after_publishing(client, today, week48, leaders):
    html = soup(client.get("/lich-cong-tac/"))
    meta = text(html.select_one(".schedule__meta"))
    assert "Điều chỉnh" not in meta
    first_publish = timezone.localtime(week48.last_published_at)
    assert meta == f"Cập nhật lúc {first_publish:%H:%M %d/%m/%Y}"
    assert not html.select(".schedule-mark")

    def adjust(page):
        entries = list(page.entries.all())
        moved = next(e for e in entries if e.content.startswith("Kiểm tra"))
        moved.start_time = time(15, 30)
        cancelled = next(e for e in entries if e.content.startswith("Dự ngày hội"))
        page.entries = [e for e in entries if e is not cancelled] + [
            ScheduleEntry(day=MONDAY + timedelta(days=3), part_of_day="morning", content="Làm việc với Đoàn kiểm tra")
        ]

    page = republish(week48, adjust)
    html = soup(client.get("/lich-cong-tac/"))
    meta = text(html.select_one(".schedule__meta"))
    updated = timezone.localtime(page.last_published_at)
    assert meta == f"Điều chỉnh lần 1 · Cập nhật lúc {updated:%H:%M %d/%m/%Y}"
    marks = {
        text(row.select_one(".schedule-entry__content")): [c for c in row["class"] if c.startswith("schedule-entry--")]
        for row in html.select("tr.schedule-entry")
    }
    assert marks["Điều chỉnh Kiểm tra nông thôn mới tại xã Thạch Đài"] == ["schedule-entry--changed"]
    assert marks["Mới bổ sung Làm việc với Đoàn kiểm tra"] == ["schedule-entry--added"]
    assert marks["Đã hủy Dự ngày hội đại đoàn kết"] == ["schedule-entry--removed"]
    assert marks["Họp giao ban lãnh đạo UBND huyện"] == []
    assert "sau lần đăng đầu tiên" in text(html.select_one(".schedule-legend"))

    # A second adjustment counts; marks still compare with the first publication.
    page = republish(page, lambda p: setattr(p, "note", "Lịch có thể thay đổi."))
    html = soup(client.get("/lich-cong-tac/"))
    assert text(html.select_one(".schedule__meta")).startswith("Điều chỉnh lần 2 ·")
    assert len(html.select(".schedule-entry--changed")) == 1
    assert text(html.select_one(".schedule-note")) == "Lịch có thể thay đổi."


def test_an_unpublished_draft_does_not_change_the_public_marks(client, today, week48):
    latest = latest_for_editing(week48)
    latest.entries.all()[0].content = "Sửa trong bản nháp"
    latest.save_revision()
    html = soup(client.get("/lich-cong-tac/"))
    assert "Sửa trong bản nháp" not in html.get_text()
    assert not html.select(".schedule-mark")


def test_phone_and_print_styles(client, today, week48):
    html = soup(client.get("/lich-cong-tac/"))
    stylesheet = html.select_one('link[rel=stylesheet][href$="schedule/schedule.css"]')
    assert stylesheet
    css = Path(finders.find("schedule/schedule.css")).read_text(encoding="utf-8")
    assert "@media screen and (max-width: 39.99rem)" in css
    assert re.search(r"@media print \{\s*@page \{ size: A4 landscape;", css)
    # On phones each cell says what it is.
    cells = html.select("tr.schedule-entry td")
    assert cells and all(cell.get("data-label") for cell in cells)
    assert html.select_one("[data-schedule-print]").has_attr("hidden")  # shown by the script only


def query_count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def many_entries(count, leaders):
    chosen = list(leaders.values())
    return [
        entry(
            MONDAY + timedelta(days=n % 6),
            f"Nội dung số {n}",
            part=["morning", "afternoon", "evening"][n % 3],
            chaired_by=chosen[n % 2],
            preparing_unit=None,
        )
        for n in range(count)
    ]


def test_week_view_query_count_does_not_grow_with_the_entries(client, today, schedule, leaders, tree):
    counts = []
    for number, size in enumerate((5, 40)):
        monday = MONDAY + timedelta(weeks=number)
        page = make_week(schedule, monday, many_entries(size, leaders))
        # Both weeks adjusted once, so the revision comparison runs for both.
        republish(page, lambda p: setattr(p.entries.all()[0], "content", "Đã sửa"))
        week = f"2026-W{48 + number}"
        counts.append(
            [
                query_count(client, f"/lich-cong-tac/?week={week}"),
                query_count(client, f"{page.url}?leader={leaders['chairman'].pk}"),
            ]
        )
    assert counts[0] == counts[1], f"5 entries: {counts[0]}, 40 entries: {counts[1]}"
    index_count, page_count = counts[1]
    # Measured: 16 for the index, 17 for the week page (which also looks up its parent).
    assert index_count <= 16, index_count
    assert page_count <= 17, page_count


def test_home_page_box_shows_the_rest_of_this_week_with_a_link_to_the_week(client, today, week48):
    html = soup(client.get("/"))
    box = html.select_one(".schedule-week-box")
    assert text(box.select_one("h2")) == "Lịch công tác tuần này"
    assert "Tuần 48 (23/11 – 29/11/2026)" in text(box)
    # From today on: Monday's meeting is over and left out; today comes first, marked.
    days = [text(h3) for h3 in box.select("h3")]
    assert days == ["Thứ Tư, 25/11 Hôm nay", "Thứ Bảy, 28/11"]
    assert "is-today" in box.select("h3")[0]["class"]
    items = [text(li) for li in box.select("li")]
    assert len(items) == 3
    assert items[0].startswith("Sáng: Tiếp công dân định kỳ")
    assert items[1].startswith("Chiều 14:00: Kiểm tra nông thôn mới tại xã Thạch Đài")
    assert "UBND xã Thạch Đài" in items[1]
    assert items[2].startswith("Sáng: Dự ngày hội đại đoàn kết")
    assert "Họp giao ban" not in text(box)
    assert box.find("a", string="Xem lịch công tác cả tuần")["href"] == "/lich-cong-tac/"


def test_home_page_box_without_entries_left_this_week_or_without_a_schedule(client, today, tree, schedule):
    html = soup(client.get("/"))
    assert "Lãnh đạo không còn lịch công tác nào trong tuần này." in text(html.select_one(".schedule-week-box"))
    schedule.unpublish()
    html = soup(client.get("/"))
    assert not html.select(".schedule-week-box")


def test_home_page_query_count_does_not_grow_with_the_weeks_entries(client, today, schedule, leaders):
    page = make_week(schedule, MONDAY, [entry(TODAY, f"Việc {n}") for n in range(3)])
    small = query_count(client, "/")
    latest = page.get_latest_revision_as_object()
    latest.entries = [*latest.entries.all(), *[ScheduleEntry(**entry(TODAY, f"Việc thêm {n}")) for n in range(30)]]
    latest.save_revision().publish()
    large = query_count(client, "/")
    assert small == large
    html = soup(client.get("/"))
    assert len(html.select(".schedule-week-box li")) == 12
    assert "Các nội dung khác trong tuần có trên lịch công tác tuần." in text(html.select_one(".schedule-week-box"))
