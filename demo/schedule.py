"""Demo content of the schedule app: the leaders and their schedules for last, this and next week.

This week is published twice: the second publication moves a meeting, adds an entry and
cancels one, so the public page shows "Điều chỉnh lần 1" and the marked entries.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from wagtail.models import PageLogEntry, Revision

from schedule import weeks
from schedule.entries import Leader, ScheduleEntry
from schedule.models import ScheduleIndexPage, WeeklySchedulePage

LEADERS = [  # key, name, position, order
    ("bi-thu", "Lê Văn Thành", "Bí thư Huyện ủy", 10),
    ("pbt", "Trần Đình Hải", "Phó Bí thư Thường trực Huyện ủy", 20),
    ("ct-hdnd", "Phạm Quốc Hưng", "Chủ tịch HĐND huyện", 30),
    ("ct-ubnd", "Võ Trọng Nghĩa", "Chủ tịch UBND huyện", 40),
    ("pct-van", "Nguyễn Thị Hồng Vân", "Phó Chủ tịch UBND huyện", 50),
    ("pct-son", "Đặng Văn Sơn", "Phó Chủ tịch UBND huyện", 60),
]

ALL_UBND = "Các Phó Chủ tịch UBND huyện, Ủy viên UBND huyện, Trưởng các phòng, ban, đơn vị thuộc UBND huyện"
HALL = "Hội trường UBND huyện"
MEETING_ROOM = "Phòng họp tầng 2, UBND huyện"

# The two Monday meetings every week opens with.
MONDAY_ROUTINE = [
    (
        0,
        "morning",
        time(7, 30),
        "Giao ban Thường trực Huyện ủy đầu tuần",
        "bi-thu",
        "Thường trực Huyện ủy, Chánh Văn phòng Huyện ủy",
        "Phòng họp Thường trực Huyện ủy",
        "huyen-uy",
    ),
    (
        0,
        "morning",
        time(9, 0),
        "Họp giao ban lãnh đạo UBND huyện",
        "ct-ubnd",
        "Các Phó Chủ tịch UBND huyện, Chánh Văn phòng HĐND – UBND huyện",
        MEETING_ROOM,
        "van-phong-hdnd-ubnd",
    ),
]

# One plan per week: (weekday 0–5, part, start time or None, content, leader key, attendees, place, unit key)
WEEK_PLANS = [
    [
        *MONDAY_ROUTINE,
        (
            0,
            "afternoon",
            time(14, 0),
            "Làm việc với Phòng Tài chính – Kế hoạch về dự toán ngân sách năm {next_year}",
            "ct-ubnd",
            "Trưởng phòng Tài chính – Kế hoạch, Chi cục Thuế khu vực",
            MEETING_ROOM,
            "phong-tai-chinh-ke-hoach",
        ),
        (
            1,
            "morning",
            time(8, 0),
            "Kiểm tra tiến độ xây dựng xã nông thôn mới nâng cao tại xã Thạch Đài",
            "pct-van",
            "Phòng Nông nghiệp và PTNT, Văn phòng Điều phối nông thôn mới huyện",
            "UBND xã Thạch Đài",
            "phong-nong-nghiep",
        ),
        (
            1,
            "morning",
            time(8, 0),
            "Tiếp công dân định kỳ",
            "ct-ubnd",
            "Thanh tra huyện, Ban Tiếp công dân huyện, các phòng liên quan",
            "Trụ sở Tiếp công dân huyện",
            "thanh-tra-huyen",
        ),
        (
            1,
            "afternoon",
            time(14, 0),
            "Thẩm tra các báo cáo trình kỳ họp HĐND huyện",
            "ct-hdnd",
            "Thường trực HĐND, các Ban HĐND huyện",
            "Phòng họp HĐND huyện",
            "hdnd-huyen",
        ),
        (
            2,
            "morning",
            None,
            "Dự Hội nghị trực tuyến của UBND tỉnh về công tác phòng, chống thiên tai",
            "pct-son",
            "Thành viên Ban Chỉ huy Phòng chống thiên tai và TKCN huyện",
            "Điểm cầu UBND huyện",
            "ubnd-huyen",
        ),
        (
            2,
            "afternoon",
            time(13, 30),
            "Họp Ban Chỉ đạo chuyển đổi số huyện",
            "pct-van",
            "Thành viên Ban Chỉ đạo, Tổ giúp việc",
            MEETING_ROOM,
            "phong-van-hoa-thong-tin",
        ),
        (
            3,
            "morning",
            time(7, 30),
            "Hội nghị Ban Thường vụ Huyện ủy",
            "bi-thu",
            "Ủy viên Ban Thường vụ Huyện ủy, lãnh đạo các ban xây dựng Đảng",
            "Hội trường Huyện ủy",
            "huyen-uy",
        ),
        (
            3,
            "afternoon",
            time(14, 0),
            "Kiểm tra công tác giải phóng mặt bằng dự án đường ven biển",
            "pct-son",
            "Phòng Kinh tế – Hạ tầng, Trung tâm Phát triển quỹ đất, UBND các xã liên quan",
            "Xã Thạch Kênh",
            "phong-kinh-te-ha-tang",
        ),
        (
            4,
            "morning",
            time(8, 0),
            "Làm việc với Công an huyện về công tác bảo đảm an ninh trật tự",
            "ct-ubnd",
            "Lãnh đạo Công an huyện, Ban Chỉ huy Quân sự huyện",
            MEETING_ROOM,
            "cong-an-huyen",
        ),
        (4, "afternoon", time(14, 0), "Làm việc tại cơ quan, giải quyết công việc thường xuyên", "pct-van", "", "", ""),
        (
            4,
            "evening",
            time(19, 30),
            "Dự sinh hoạt Chi bộ thôn Trung Tiến, xã Việt Tiến",
            "pbt",
            "Đảng viên Chi bộ thôn Trung Tiến",
            "Nhà văn hóa thôn Trung Tiến",
            "",
        ),
        (
            5,
            "morning",
            time(7, 30),
            "Kiểm tra mô hình sản xuất lúa chất lượng cao",
            "pct-van",
            "Phòng Nông nghiệp và PTNT, Trạm Khuyến nông huyện",
            "Xã Nam Điền",
            "phong-nong-nghiep",
        ),
    ],
    [
        *MONDAY_ROUTINE,
        (0, "afternoon", None, "Làm việc tại cơ quan, giải quyết công việc thường xuyên", "pct-son", "", "", ""),
        (
            1,
            "morning",
            time(7, 30),
            "Họp UBND huyện thường kỳ tháng {month}",
            "ct-ubnd",
            ALL_UBND,
            HALL,
            "van-phong-hdnd-ubnd",
        ),
        (
            1,
            "afternoon",
            time(14, 0),
            "Làm việc với Huyện đoàn về công tác thanh niên",
            "pbt",
            "Ban Thường vụ Huyện đoàn, Ban Tuyên giáo Huyện ủy",
            "Phòng họp Huyện ủy",
            "huyen-doan",
        ),
        (
            2,
            "morning",
            time(8, 0),
            "Dự Hội nghị sơ kết công tác Mặt trận và các đoàn thể",
            "ct-hdnd",
            "Ủy ban MTTQ huyện, các tổ chức chính trị – xã hội huyện",
            "Hội trường Huyện ủy",
            "mttq-huyen",
        ),
        (
            2,
            "morning",
            time(8, 0),
            "Kiểm tra công tác chuẩn bị năm học tại các trường trên địa bàn",
            "pct-van",
            "Phòng Giáo dục và Đào tạo, hiệu trưởng các trường liên quan",
            "Thị trấn Thạch Hà",
            "phong-giao-duc-dao-tao",
        ),
        (
            2,
            "afternoon",
            time(14, 0),
            "Tiếp và làm việc với Đoàn công tác của Sở Nông nghiệp và Môi trường",
            "ct-ubnd",
            "Phó Chủ tịch UBND huyện Nguyễn Thị Hồng Vân, Phòng Nông nghiệp và PTNT",
            MEETING_ROOM,
            "phong-nong-nghiep",
        ),
        (
            3,
            "morning",
            time(7, 30),
            "Hội nghị Ban Chấp hành Đảng bộ huyện",
            "bi-thu",
            "Ủy viên Ban Chấp hành Đảng bộ huyện; mời lãnh đạo các phòng, ban dự",
            "Hội trường Huyện ủy",
            "huyen-uy",
        ),
        (
            3,
            "afternoon",
            time(14, 0),
            "Kiểm tra tiến độ thi công cầu Thạch Đài",
            "pct-son",
            "Phòng Kinh tế – Hạ tầng, Ban Quản lý dự án đầu tư xây dựng huyện, nhà thầu thi công",
            "Xã Thạch Đài",
            "phong-kinh-te-ha-tang",
        ),
        (
            4,
            "morning",
            time(8, 0),
            "Tiếp công dân định kỳ",
            "ct-ubnd",
            "Thanh tra huyện, Ban Tiếp công dân huyện, các phòng liên quan",
            "Trụ sở Tiếp công dân huyện",
            "thanh-tra-huyen",
        ),
        (
            4,
            "afternoon",
            time(14, 0),
            "Họp Thường trực HĐND huyện chuẩn bị kỳ họp chuyên đề",
            "ct-hdnd",
            "Thường trực HĐND, Trưởng các Ban HĐND huyện, Chánh Văn phòng HĐND – UBND huyện",
            "Phòng họp HĐND huyện",
            "hdnd-huyen",
        ),
        (
            5,
            "morning",
            time(7, 0),
            "Dự Ngày hội Đại đoàn kết toàn dân tộc tại khu dân cư",
            "bi-thu",
            "Ban Dân vận Huyện ủy, Ủy ban MTTQ huyện",
            "Thôn Bắc Sơn, xã Lưu Vĩnh Sơn",
            "mttq-huyen",
        ),
    ],
    [
        *MONDAY_ROUTINE,
        (
            1,
            "morning",
            time(8, 0),
            "Hội nghị triển khai kế hoạch phòng, chống dịch bệnh trên đàn gia súc, gia cầm",
            "pct-van",
            "Phòng Nông nghiệp và PTNT, Trạm Chăn nuôi và Thú y, UBND các xã, thị trấn",
            HALL,
            "phong-nong-nghiep",
        ),
        (
            1,
            "afternoon",
            time(14, 0),
            "Làm việc với Phòng Nội vụ về công tác cán bộ",
            "ct-ubnd",
            "Trưởng phòng Nội vụ",
            MEETING_ROOM,
            "phong-noi-vu",
        ),
        (
            2,
            "morning",
            time(7, 30),
            "Kỳ họp chuyên đề HĐND huyện",
            "ct-hdnd",
            "Đại biểu HĐND huyện; mời Thường trực Huyện ủy, lãnh đạo UBND huyện",
            HALL,
            "hdnd-huyen",
        ),
        (
            2,
            "afternoon",
            time(14, 0),
            "Kiểm tra công tác thu ngân sách tại các xã",
            "pct-son",
            "Phòng Tài chính – Kế hoạch, Chi cục Thuế khu vực",
            "Xã Thạch Kênh, xã Việt Tiến",
            "phong-tai-chinh-ke-hoach",
        ),
        (
            3,
            "morning",
            time(8, 0),
            "Đối thoại với nhân dân về công tác bồi thường, hỗ trợ tái định cư",
            "ct-ubnd",
            "Phòng Tài nguyên và Môi trường, Trung tâm Phát triển quỹ đất, UBND xã Thạch Kênh",
            "UBND xã Thạch Kênh",
            "phong-kinh-te-ha-tang",
        ),
        (
            3,
            "evening",
            time(19, 0),
            "Dự chương trình nghệ thuật chào mừng kỷ niệm ngày truyền thống của huyện",
            "pbt",
            "Lãnh đạo các phòng, ban, đơn vị",
            "Quảng trường trung tâm huyện",
            "trung-tam-van-hoa-truyen-thong",
        ),
        (
            4,
            "morning",
            time(8, 0),
            "Giao ban công tác nội chính, phòng chống tham nhũng",
            "bi-thu",
            "Ban Nội chính Huyện ủy, Công an huyện, Thanh tra huyện, Tòa án và Viện Kiểm sát nhân dân huyện",
            "Phòng họp Thường trực Huyện ủy",
            "huyen-uy",
        ),
        (4, "afternoon", None, "Làm việc tại cơ quan, giải quyết công việc thường xuyên", "ct-ubnd", "", "", ""),
        (
            5,
            "morning",
            time(7, 30),
            "Dự ra quân vệ sinh môi trường, xây dựng khu dân cư kiểu mẫu",
            "pct-van",
            "Ủy ban MTTQ huyện, Huyện đoàn, Hội Liên hiệp Phụ nữ huyện",
            "Thị trấn Thạch Hà",
            "hoi-lhpn-huyen",
        ),
    ],
]

THIS_WEEK_NOTE = (
    "Lịch có thể điều chỉnh theo yêu cầu công việc. Mọi thay đổi được cập nhật trên Cổng thông tin điện tử huyện; "
    "liên hệ Văn phòng HĐND – UBND huyện, điện thoại 0239 3845 123."
)


def build(builder, home):
    leaders = build_leaders(builder)
    schedule_index = builder.child_page(
        home,
        ScheduleIndexPage,
        "lich-cong-tac",
        title="Lịch công tác",
        show_in_menus=True,
        intro="<p>Lịch công tác tuần của Thường trực Huyện ủy, Thường trực HĐND và lãnh đạo UBND huyện.</p>",
    )
    this_monday = weeks.monday_of(timezone.localtime(builder.now).date())
    for offset, plan in zip((-1, 0, 1), WEEK_PLANS, strict=True):
        monday = this_monday + timedelta(weeks=offset)
        if WeeklySchedulePage.objects.child_of(schedule_index).filter(week_start=monday).exists():
            continue
        page = build_week(builder, schedule_index, monday, plan, leaders)
        if offset == 0:
            adjust_this_week(builder, page, leaders)
    return schedule_index


def build_leaders(builder) -> dict[str, Leader]:
    leaders = {}
    for key, name, position, order in LEADERS:
        leader, _created = Leader.objects.get_or_create(name=name, defaults={"position": position, "sort_order": order})
        leaders[key] = leader
    return leaders


def local(day, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def make_entry(builder, monday, item, leaders, order) -> ScheduleEntry:
    weekday, part, start, content, leader_key, attendees, place, unit_key = item
    day = monday + timedelta(days=weekday)
    return ScheduleEntry(
        day=day,
        part_of_day=part,
        start_time=start,
        content=content.format(month=day.month, next_year=day.year + 1),
        chaired_by=leaders[leader_key],
        attendees=attendees,
        place=place,
        preparing_unit=builder.units.get(unit_key) if unit_key else None,
        sort_order=order,
    )


def build_week(builder, schedule_index, monday, plan, leaders) -> WeeklySchedulePage:
    clerk = builder.users.get("vanthu")
    page = WeeklySchedulePage(
        week_start=monday,
        note=THIS_WEEK_NOTE,
        owner=clerk,
        live=False,
        has_unpublished_changes=True,
    )
    page.entries = [make_entry(builder, monday, item, leaders, order) for order, item in enumerate(plan)]
    schedule_index.add_child(instance=page)
    revision = page.save_revision(user=clerk)
    # The clerks get their rights on the new index when the builder applies the roles again.
    revision.publish(user=clerk, skip_permission_checks=True)
    # Published the Friday before, as the office does, but never in the future.
    published_at = min(local(monday - timedelta(days=3), time(16, 30)), builder.now - timedelta(minutes=30))
    backdate(page, revision, published_at)
    builder.created["pages"] += 1
    return page


def adjust_this_week(builder, page, leaders):
    """The second publication: one meeting moved, one added, one cancelled."""
    clerk = builder.users.get("vanthu")
    page = WeeklySchedulePage.objects.get(pk=page.pk)
    entries = list(page.entries.all())
    moved = next(entry for entry in entries if entry.content.startswith("Làm việc với Huyện đoàn"))
    moved.start_time = time(15, 30)
    moved.place = "Phòng họp Huyện đoàn"
    moved.notes = "Dời từ 14:00 sang 15:30"
    cancelled = next(entry for entry in entries if entry.content.startswith("Kiểm tra tiến độ thi công cầu"))
    added = ScheduleEntry(
        day=page.week_start + timedelta(days=3),
        part_of_day="morning",
        start_time=time(9, 30),
        content="Tiếp và làm việc với Đoàn kiểm tra của UBND tỉnh về công tác cải cách hành chính",
        chaired_by=leaders["ct-ubnd"],
        attendees="Phó Chủ tịch UBND huyện Đặng Văn Sơn, Phòng Nội vụ, Văn phòng HĐND – UBND huyện",
        place=MEETING_ROOM,
        preparing_unit=builder.units.get("phong-noi-vu"),
        sort_order=len(entries),
    )
    page.entries = [entry for entry in entries if entry is not cancelled] + [added]
    revision = page.save_revision(user=clerk)
    # The clerks get their rights on the new index when the builder applies the roles again.
    revision.publish(user=clerk, skip_permission_checks=True)
    first = page.first_published_at
    adjusted_at = max(first + timedelta(hours=1), builder.now - timedelta(minutes=10))
    backdate(page, revision, adjusted_at, first_published_at=first)


def backdate(page, revision, moment, first_published_at=None):
    """Date the publication ``moment``, so the demo reads like a schedule published on time."""
    Revision.objects.filter(pk=revision.pk).update(created_at=moment)
    PageLogEntry.objects.filter(page_id=page.pk, revision_id=revision.pk).update(timestamp=moment)
    WeeklySchedulePage.objects.filter(pk=page.pk).update(
        first_published_at=first_published_at or moment,
        last_published_at=moment,
        latest_revision_created_at=moment,
    )
    page.refresh_from_db()
