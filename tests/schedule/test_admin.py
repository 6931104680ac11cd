"""Editing schedules in the admin: the week page form, its checks, "copy to next week", leaders."""

from datetime import date, time, timedelta

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from editorial import roles, setup
from schedule.entries import Leader
from schedule.models import WeeklySchedulePage
from tests.schedule.factories import LeaderFactory, ScheduleIndexPageFactory, entry, latest_for_editing, make_week

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)


def make_user(username, group_name=None, **fields):
    user = get_user_model().objects.create_user(username=username, password="ThachHa@2020", **fields)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def schedule(tree):
    index = ScheduleIndexPageFactory(parent=tree.home)
    setup.apply_roles()  # after the index exists, so the clerks' rights reach it
    return index


@pytest.fixture
def clerk(schedule):
    return make_user("vanthu", roles.DOCUMENT_CLERKS)


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


@pytest.fixture
def leader(db):
    return LeaderFactory(name="Võ Trọng Nghĩa", position="Chủ tịch UBND huyện")


def add_url(schedule):
    return f"/admin/pages/add/schedule/weeklyschedulepage/{schedule.pk}/"


def week_form(week_start, entries, action="action-publish", **fields):
    rows = []
    for item in entries:
        row = {"day": "", "part_of_day": "morning", "start_time": "", "content": "", "chaired_by": ""}
        row.update({"chaired_by_other": "", "attendees": "", "place": "", "preparing_unit": "", "notes": ""})
        row.update(item)
        rows.append(row)
    data = {
        "week_start": week_start,
        "note": "",
        "search_description": "",
        "entries": inline_formset(rows),
        "comments": inline_formset([]),
        **fields,
    }
    if action:
        data[action] = action.removeprefix("action-")
    return nested_form_data(data)


def entry_errors(response, index=0):
    return response.context["form"].formsets["entries"].forms[index].errors


def test_clerk_creates_and_publishes_a_week_in_one_step(clerk_client, schedule, leader):
    response = clerk_client.post(
        add_url(schedule),
        week_form(
            "23/11/2026",
            [
                {"day": "23/11/2026", "start_time": "07:30", "content": "Họp giao ban", "chaired_by": leader.pk},
                {
                    "day": "25/11/2026",
                    "part_of_day": "afternoon",
                    "content": "Kiểm tra đê điều",
                    "place": "Xã Nam Điền",
                },
            ],
        ),
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    page = WeeklySchedulePage.objects.get()
    assert page.live and not page.has_unpublished_changes
    assert page.title == "Lịch công tác tuần 48 (23/11 – 29/11/2026)"
    assert page.slug == "2026-w48"
    assert page.url == "/lich-cong-tac/2026-w48/"
    entries = sorted(page.entries.all(), key=lambda e: e.day)
    assert [(e.day, e.start_time, e.chaired_by) for e in entries] == [
        (date(2026, 11, 23), time(7, 30), leader),
        (date(2026, 11, 25), None, None),
    ]


def test_the_form_suggests_the_week_after_the_latest(clerk_client, schedule):
    make_week(schedule, date(2030, 1, 7))
    response = clerk_client.get(add_url(schedule))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["week_start"] == date(2030, 1, 14)
    assert "title" not in form.fields and "slug" not in form.fields
    entry_form = form.formsets["entries"].empty_form
    for name in ["day", "part_of_day", "start_time", "content", "chaired_by", "attendees", "place", "preparing_unit"]:
        assert name in entry_form.fields, name


def test_the_week_must_start_on_a_monday(clerk_client, schedule):
    response = clerk_client.post(add_url(schedule), week_form("25/11/2026", []))
    assert response.status_code == 200
    errors = response.context["form"].errors["week_start"]
    assert errors == ["Ngày 25/11/2026 là Thứ Tư; tuần bắt đầu từ Thứ Hai, ở đây là ngày 23/11/2026."]
    assert errors[0] in response.content.decode()
    assert not WeeklySchedulePage.objects.exists()


def test_dates_are_read_day_first(clerk_client, schedule):
    # 05/10/2026 is 5 October (a Monday), never 10 May.
    response = clerk_client.post(add_url(schedule), week_form("05/10/2026", [{"day": "06/10/2026", "content": "Họp"}]))
    assert response.status_code == 302
    page = WeeklySchedulePage.objects.get()
    assert page.week_start == date(2026, 10, 5)
    assert page.entries.get().day == date(2026, 10, 6)


def test_one_page_per_week(clerk_client, schedule):
    make_week(schedule, MONDAY, [entry(MONDAY)])
    response = clerk_client.post(add_url(schedule), week_form("23/11/2026", []))
    assert response.status_code == 200
    assert response.context["form"].errors["week_start"] == [
        "Đã có lịch công tác tuần 48 (23/11 – 29/11/2026); đề nghị chỉnh sửa lịch đó."
    ]
    assert WeeklySchedulePage.objects.count() == 1


def test_editing_a_week_keeps_it_and_cannot_take_another_weeks_place(clerk_client, schedule):
    week48 = make_week(schedule, MONDAY, [entry(MONDAY, "Họp")])
    make_week(schedule, MONDAY + timedelta(weeks=1))
    edit_url = f"/admin/pages/{week48.pk}/edit/"
    first = week48.entries.get()
    data = week_form("23/11/2026", [{"id": first.pk, "day": "24/11/2026", "content": "Họp (dời sang Thứ Ba)"}])
    data["entries-INITIAL_FORMS"] = "1"
    response = clerk_client.post(edit_url, data)
    assert response.status_code == 302
    assert WeeklySchedulePage.objects.get(pk=week48.pk).entries.get().day == date(2026, 11, 24)

    data["week_start"] = "30/11/2026"
    data["entries-0-day"] = "30/11/2026"
    response = clerk_client.post(edit_url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["week_start"][0].startswith("Đã có lịch công tác tuần 49")


def test_entries_must_fall_inside_the_week(clerk_client, schedule):
    response = clerk_client.post(
        add_url(schedule),
        week_form(
            "23/11/2026",
            [{"day": "23/11/2026", "content": "Trong tuần"}, {"day": "30/11/2026", "content": "Tuần sau"}],
        ),
    )
    assert response.status_code == 200
    assert not entry_errors(response, 0)
    assert entry_errors(response, 1)["day"] == ["Ngày 30/11/2026 không thuộc tuần này (23/11 – 29/11/2026)."]
    assert "Ngày 30/11/2026 không thuộc tuần này" in response.content.decode()
    assert not WeeklySchedulePage.objects.exists()


def test_deleted_entries_are_not_checked(clerk_client, schedule):
    data = week_form("23/11/2026", [{"day": "23/11/2026", "content": "Giữ"}, {"day": "01/01/2027", "content": "Bỏ"}])
    data["entries-1-DELETE"] = "1"
    assert clerk_client.post(add_url(schedule), data).status_code == 302
    assert [e.content for e in WeeklySchedulePage.objects.get().entries.all()] == ["Giữ"]


@pytest.mark.parametrize(
    ("part", "start", "message"),
    [
        ("morning", "14:00", "14:00 không thuộc buổi sáng: lịch buổi sáng bắt đầu trước 12:00."),
        ("morning", "12:00", "12:00 không thuộc buổi sáng: lịch buổi sáng bắt đầu trước 12:00."),
        ("afternoon", "09:00", "09:00 không thuộc buổi chiều: lịch buổi chiều bắt đầu trong khoảng 12:00 – 18:00."),
        ("afternoon", "19:30", "19:30 không thuộc buổi chiều: lịch buổi chiều bắt đầu trong khoảng 12:00 – 18:00."),
        ("evening", "16:00", "16:00 không thuộc buổi tối: lịch buổi tối bắt đầu từ 17:00 trở đi."),
        ("morning", "25:00", "Nhập một thời gian hợp lệ."),
        ("noon", "", "Hãy chọn một lựa chọn hợp lệ. noon không phải là một trong các lựa chọn khả thi."),
    ],
)
def test_start_time_must_suit_the_part_of_day(clerk_client, schedule, part, start, message):
    response = clerk_client.post(
        add_url(schedule),
        week_form("23/11/2026", [{"day": "24/11/2026", "part_of_day": part, "start_time": start, "content": "Họp"}]),
    )
    assert response.status_code == 200
    errors = entry_errors(response)
    assert message in [*errors.get("start_time", []), *errors.get("part_of_day", [])]
    assert not WeeklySchedulePage.objects.exists()


@pytest.mark.parametrize(("part", "start"), [("morning", "07:00"), ("afternoon", "17:30"), ("evening", "17:30")])
def test_sensible_times_are_accepted(clerk_client, schedule, part, start):
    response = clerk_client.post(
        add_url(schedule),
        week_form("23/11/2026", [{"day": "24/11/2026", "part_of_day": part, "start_time": start, "content": "Họp"}]),
    )
    assert response.status_code == 302


@pytest.mark.parametrize("action", ["action-publish", None])  # None: "save draft"
@pytest.mark.parametrize(("day", "content"), [("24/11/2026", "   "), ("", "Họp")])
def test_day_and_content_are_required_even_in_a_draft(clerk_client, schedule, action, day, content):
    response = clerk_client.post(
        add_url(schedule), week_form("23/11/2026", [{"day": day, "content": content}], action=action)
    )
    assert response.status_code == 200
    errors = entry_errors(response)
    assert errors[("content" if not content.strip() else "day")] == ["Trường này là bắt buộc."]
    assert not WeeklySchedulePage.objects.exists()


def test_clerk_publishes_directly_without_a_workflow(clerk_client, schedule, clerk):
    week = make_week(schedule, MONDAY, [entry(MONDAY, "Họp")], publish=False)
    assert not WeeklySchedulePage.objects.get(pk=week.pk).get_workflow()
    first = week.get_latest_revision_as_object().entries.all()[0]
    data = week_form("23/11/2026", [{"id": first.pk or "", "day": "23/11/2026", "content": "Họp"}])
    response = clerk_client.post(f"/admin/pages/{week.pk}/edit/", data)
    assert response.status_code == 302
    assert WeeklySchedulePage.objects.get(pk=week.pk).live


# --- Copy to next week -------------------------------------------------------------------


def copy_url(page):
    return reverse("schedule_copy_week", args=[page.pk])


def test_copy_to_next_week_makes_a_draft_with_entries_a_week_later(clerk_client, schedule, leader, clerk):
    source = make_week(
        schedule,
        MONDAY,
        [
            entry(MONDAY, "Họp giao ban", start_time=time(7, 30), chaired_by=leader, place="Phòng họp"),
            entry(MONDAY + timedelta(days=5), "Kiểm tra", part="afternoon", attendees="Phòng NN&PTNT"),
        ],
    )
    response = clerk_client.get(copy_url(source))
    assert response.status_code == 200
    page_text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "Bản nháp “Lịch công tác tuần 49 (30/11 – 06/12/2026)” sẽ được tạo" in page_text
    assert not WeeklySchedulePage.objects.filter(week_start=MONDAY + timedelta(weeks=1)).exists()

    response = clerk_client.post(copy_url(source))
    copy = WeeklySchedulePage.objects.get(week_start=date(2026, 11, 30))
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{copy.pk}/edit/"
    assert not copy.live and copy.has_unpublished_changes
    assert copy.title == "Lịch công tác tuần 49 (30/11 – 06/12/2026)"
    assert copy.get_parent().pk == schedule.pk
    assert copy.owner == clerk
    old = sorted(source.entries.all(), key=lambda e: e.day)
    new = sorted(copy.get_latest_revision_as_object().entries.all(), key=lambda e: e.day)
    assert [(e.day, e.part_of_day, e.start_time, e.content, e.chaired_by_id, e.place, e.attendees) for e in new] == [
        (e.day + timedelta(days=7), e.part_of_day, e.start_time, e.content, e.chaired_by_id, e.place, e.attendees)
        for e in old
    ]
    assert not {e.uid for e in new} & {e.uid for e in old}
    assert clerk_client.get(response["Location"]).status_code == 200
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Đã tạo bản nháp “Lịch công tác tuần 49" in m for m in messages)
    # The public does not see the draft.
    assert "Họp giao ban" not in clerk_client.get("/lich-cong-tac/", {"week": "2026-W49"}).content.decode()


def test_copy_refuses_when_next_week_exists(clerk_client, schedule):
    source = make_week(schedule, MONDAY, [entry(MONDAY)])
    existing = make_week(schedule, MONDAY + timedelta(weeks=1), [entry(MONDAY + timedelta(weeks=1), "Đã có")])
    for response in (clerk_client.get(copy_url(source)), clerk_client.post(copy_url(source))):
        assert response.status_code == 302
        assert response["Location"] == f"/admin/pages/{existing.pk}/edit/"
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert "Lịch công tác tuần 49 (30/11 – 06/12/2026) đã có, nên không sao chép." in messages[0]
    assert WeeklySchedulePage.objects.count() == 2
    assert [e.content for e in WeeklySchedulePage.objects.get(pk=existing.pk).entries.all()] == ["Đã có"]


def test_copy_takes_the_latest_draft_and_crosses_the_year(clerk_client, schedule):
    monday = date(2026, 12, 28)  # 2026-W53
    source = make_week(schedule, monday, [entry(monday, "Bản đã đăng")])
    draft = latest_for_editing(source)
    draft.entries.all()[0].content = "Bản đang sửa"
    draft.save_revision()
    clerk_client.post(copy_url(source))
    copy = WeeklySchedulePage.objects.get(week_start=date(2027, 1, 4))
    assert copy.title == "Lịch công tác tuần 1 (04/01 – 10/01/2027)"
    assert [e.content for e in copy.get_latest_revision_as_object().entries.all()] == ["Bản đang sửa"]


def test_only_people_who_can_add_schedules_may_copy(client, schedule):
    source = make_week(schedule, MONDAY, [entry(MONDAY)])
    assert client.get(copy_url(source)).status_code == 302  # to the login page
    client.force_login(make_user("congtacvien", roles.CONTRIBUTORS))
    assert client.post(copy_url(source)).status_code == 403
    assert WeeklySchedulePage.objects.count() == 1


def test_copy_buttons_in_the_admin(clerk_client, schedule):
    older = make_week(schedule, MONDAY, [entry(MONDAY)])
    latest = make_week(schedule, MONDAY + timedelta(weeks=1), [entry(MONDAY + timedelta(weeks=1))])
    html = clerk_client.get(f"/admin/pages/{older.pk}/edit/").content.decode()
    assert f'href="{copy_url(older)}"' in html and "Sao chép sang tuần sau" in html
    html = clerk_client.get(f"/admin/pages/{schedule.pk}/").content.decode()
    assert f'href="{copy_url(latest)}"' in html and "Sao chép tuần mới nhất sang tuần kế tiếp" in html


def test_copy_button_is_hidden_from_those_without_rights(client, schedule):
    week = make_week(schedule, MONDAY, [entry(MONDAY)])
    client.force_login(make_user("congtacvien", roles.CONTRIBUTORS))
    response = client.get(f"/admin/pages/{schedule.pk}/")
    assert copy_url(week) not in response.content.decode()


def test_wagtails_own_copy_leads_to_copy_to_next_week(clerk_client, schedule):
    week = make_week(schedule, MONDAY, [entry(MONDAY)])
    response = clerk_client.get(f"/admin/pages/{week.pk}/copy/")
    assert response.status_code == 302
    assert response["Location"] == copy_url(week)


# --- Leaders -----------------------------------------------------------------------------


def test_administrators_manage_leaders_as_snippets(client, tree):
    client.force_login(make_user("quantri", is_superuser=True, is_staff=True))
    response = client.post(
        "/admin/snippets/schedule/leader/add/",
        {"name": "Đặng Văn Sơn", "position": "Phó Chủ tịch UBND huyện", "sort_order": "60", "is_active": "on"},
    )
    assert response.status_code == 302
    leader = Leader.objects.get()
    assert str(leader) == "Đặng Văn Sơn – Phó Chủ tịch UBND huyện"
    listing = client.get("/admin/snippets/schedule/leader/").content.decode()
    assert "Đặng Văn Sơn" in listing and "Lãnh đạo" in listing


def test_preview_of_a_new_week_and_of_a_draft(clerk_client, schedule, leader):
    data = week_form(
        "23/11/2026", [{"day": "24/11/2026", "content": "Họp xem trước", "chaired_by": leader.pk}], action=None
    )
    preview_url = f"/admin/pages/add/schedule/weeklyschedulepage/{schedule.pk}/preview/"
    response = clerk_client.post(preview_url, data)
    assert response.json()["is_valid"]
    html = clerk_client.get(preview_url).content.decode()
    assert "Lịch công tác tuần 48 (23/11 – 29/11/2026)" in html and "Họp xem trước" in html

    week = make_week(schedule, MONDAY, [entry(MONDAY, "Họp đã đăng")])
    first = week.entries.get()
    data = week_form("23/11/2026", [{"id": first.pk, "day": "23/11/2026", "content": "Họp đã sửa"}], action=None)
    data["entries-INITIAL_FORMS"] = "1"
    preview_url = f"/admin/pages/{week.pk}/edit/preview/"
    assert clerk_client.post(preview_url, data).json()["is_valid"]
    html = BeautifulSoup(clerk_client.get(preview_url).content, "html.parser")
    row = html.select_one("tr.schedule-entry--changed")
    assert "Họp đã sửa" in row.get_text()


def test_the_admin_lists_weeks_newest_week_first_whatever_was_edited_last(clerk_client, schedule):
    week = {number: date(2026, 11, 30) + timedelta(weeks=number - 49) for number in (49, 50, 51)}
    for number in (49, 51, 50):  # week 50 edited last, week 49 first
        make_week(schedule, week[number])
    response = clerk_client.get(f"/admin/pages/{schedule.pk}/")
    html = BeautifulSoup(response.content, "html.parser")
    titles = [cell.get_text(" ", strip=True) for cell in html.select("td.title .title-wrapper a")]
    listed = [number for title in titles for number in (49, 50, 51) if f"tuần {number} " in title]
    assert listed == [51, 50, 49], titles
    # The other orders stay a click away.
    response = clerk_client.get(f"/admin/pages/{schedule.pk}/?ordering=-latest_revision_created_at")
    titles = [a.get_text(" ", strip=True) for a in BeautifulSoup(response.content, "html.parser").select("td.title a")]
    assert "tuần 50 " in titles[0], titles
