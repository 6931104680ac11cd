"""Calendar feeds, read back with a real iCalendar parser (the icalendar package)."""

from datetime import UTC, date, time, timedelta

import pytest
from icalendar import Calendar

from django.urls import include, path
from django.utils import timezone

from schedule import weeks
from tests.schedule.factories import LeaderFactory, ScheduleIndexPageFactory, entry, make_week, republish

pytestmark = pytest.mark.django_db

PLUS_7 = timedelta(hours=7)


@pytest.fixture
def schedule(tree):
    return ScheduleIndexPageFactory(parent=tree.home)


@pytest.fixture
def leader(db):
    return LeaderFactory(name="Võ Trọng Nghĩa", position="Chủ tịch UBND huyện")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_summary(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def week(schedule, leader):
    monday = date(2026, 11, 23)
    return make_week(
        schedule,
        monday,
        [
            entry(
                monday,
                "Họp UBND huyện thường kỳ",
                start_time=time(8, 0),
                chaired_by=leader,
                attendees="Các Phó Chủ tịch, Ủy viên UBND huyện",
                place="Hội trường UBND huyện",
                notes="Mang theo tài liệu",
            ),
            entry(monday, "Làm việc tại cơ quan", part="afternoon"),
            entry(
                monday + timedelta(days=2), "Dự sinh hoạt chi bộ", part="evening", chaired_by_other="Bí thư Huyện ủy"
            ),
            entry(monday + timedelta(days=4), "Kiểm tra đê", part="morning"),
        ],
    )


def test_week_download_has_every_entry_in_local_time(client, week, leader):
    response = client.get("/lich-cong-tac/ics/2026-W48/")
    assert response["Content-Disposition"] == 'attachment; filename="lich-cong-tac-2026-W48.ics"'
    calendar = parse(response)
    assert str(calendar["X-WR-CALNAME"]) == "Lịch công tác tuần 48 (23/11 – 29/11/2026)"
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Asia/Ho_Chi_Minh"]
    events = events_by_summary(calendar)
    assert set(events) == {"Họp UBND huyện thường kỳ", "Làm việc tại cơ quan", "Dự sinh hoạt chi bộ", "Kiểm tra đê"}

    meeting = events["Họp UBND huyện thường kỳ"]
    start = meeting.decoded("DTSTART")
    assert start.utcoffset() == PLUS_7
    assert meeting["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert start.replace(tzinfo=None).isoformat() == "2026-11-23T08:00:00"
    assert start.astimezone(UTC).isoformat() == "2026-11-23T01:00:00+00:00"
    assert meeting.decoded("DTEND") > start
    assert str(meeting["LOCATION"]) == "Hội trường UBND huyện"
    description = str(meeting["DESCRIPTION"])
    assert "Chủ trì: Võ Trọng Nghĩa – Chủ tịch UBND huyện" in description
    assert "Thành phần: Các Phó Chủ tịch, Ủy viên UBND huyện" in description
    assert "Ghi chú: Mang theo tài liệu" in description
    assert str(meeting["URL"]) == "http://testserver/lich-cong-tac/2026-w48/"

    # Entries without a start time take the usual hours of their part of the day.
    def local_start(summary):
        return events[summary].decoded("DTSTART").replace(tzinfo=None)

    assert local_start("Làm việc tại cơ quan").time() == time(13, 30)
    assert local_start("Dự sinh hoạt chi bộ").time() == time(19, 0)
    assert local_start("Kiểm tra đê").time() == time(7, 30)
    assert local_start("Kiểm tra đê").date() == date(2026, 11, 27)
    assert "Chủ trì: Bí thư Huyện ủy" in str(events["Dự sinh hoạt chi bộ"]["DESCRIPTION"])
    assert all(event.decoded("DTSTART").utcoffset() == PLUS_7 for event in events.values())


def test_event_uids_are_stable_and_follow_the_entry(client, week):
    first = parse(client.get("/lich-cong-tac/ics/2026-W48/"))
    second = parse(client.get("/lich-cong-tac/ics/2026-W48/"))
    uids = sorted(str(event["UID"]) for event in first.walk("VEVENT"))
    assert uids == sorted(str(event["UID"]) for event in second.walk("VEVENT"))
    assert first.to_ical() == second.to_ical()
    expected = sorted(f"{e.uid}@testserver" for e in week.entries.all())
    assert uids == expected and len(set(uids)) == 4

    # Editing an entry and publishing again keeps its event's UID.
    def move(page):
        page.entries.all()[0].start_time = time(9, 0)

    republish(week, move)
    after = parse(client.get("/lich-cong-tac/ics/2026-W48/"))
    assert sorted(str(event["UID"]) for event in after.walk("VEVENT")) == uids


def test_subscription_feed_covers_last_week_to_four_weeks_ahead(client, schedule):
    this_monday = weeks.monday_of(timezone.localdate())
    for offset in range(-3, 7):
        monday = this_monday + timedelta(weeks=offset)
        make_week(schedule, monday, [entry(monday + timedelta(days=1), f"Tuần {offset:+d}")])
    draft_monday = this_monday + timedelta(weeks=7)
    make_week(schedule, draft_monday, [entry(draft_monday, "Bản nháp")], publish=False)

    response = client.get("/lich-cong-tac/ics/")
    assert "Content-Disposition" not in response  # served inline, so calendars can subscribe
    calendar = parse(response)
    assert sorted(events_by_summary(calendar)) == sorted(f"Tuần {offset:+d}" for offset in range(-1, 5))
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    assert calendar.decoded("REFRESH-INTERVAL") == timedelta(hours=1)
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    assert parse(client.get("/lich-cong-tac/ics/")).to_ical() == calendar.to_ical()


def test_feeds_can_follow_one_leader(client, week, leader):
    calendar = parse(client.get(f"/lich-cong-tac/ics/2026-W48/?leader={leader.pk}"))
    assert list(events_by_summary(calendar)) == ["Họp UBND huyện thường kỳ"]
    # An unknown leader is ignored rather than refused.
    calendar = parse(client.get("/lich-cong-tac/ics/2026-W48/?leader=abc"))
    assert len(calendar.walk("VEVENT")) == 4


@pytest.mark.parametrize(
    "url",
    [
        "/lich-cong-tac/ics/2026-W49/",  # no page for that week
        "/lich-cong-tac/ics/2026-W54/",
        "/lich-cong-tac/ics/2021-W53/",
        "/lich-cong-tac/ics/1999-W01/",
        "/lich-cong-tac/ics/abc/",
    ],
)
def test_missing_or_impossible_weeks_are_not_found(client, week, url):
    assert client.get(url).status_code == 404


def test_empty_feed_is_still_a_calendar(client, schedule):
    calendar = parse(client.get("/lich-cong-tac/ics/"))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["VERSION"]) == "2.0"


def test_the_week_view_links_to_both_feeds(client, week):
    html = client.get("/lich-cong-tac/", {"week": "2026-W48"}).content.decode()
    assert 'href="/lich-cong-tac/ics/2026-W48/"' in html
    assert 'rel="alternate" type="text/calendar"' in html and 'href="/lich-cong-tac/ics/"' in html


urlpatterns = [path("", include("schedule.urls")), path("", include("portal.urls"))]


@pytest.mark.urls("tests.schedule.test_ics")
def test_ics_addresses_with_the_extension(client, week):
    calendar = parse(client.get("/lich-cong-tac/2026-W48.ics"))
    assert len(calendar.walk("VEVENT")) == 4
    assert parse(client.get("/lich-cong-tac/lich.ics")).walk("VCALENDAR")
    assert client.get("/lich-cong-tac/2026-W54.ics").status_code == 404
    assert client.get("/khong-co/lich.ics").status_code == 404
    assert client.get("/tin-tuc/lich.ics").status_code == 404
