"""Working days, the inbox's on time / due soon / overdue, the hourly reminders and the weekly digest."""

import io
from datetime import date
from unittest import mock

import pytest
from bs4 import BeautifulSoup

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from editorial.models import EditorialSettings, ReminderLog
from editorial.timeliness import DUE_SOON, ON_TIME, OVERDUE, WorkingCalendar, public_holidays
from tests.editorial.factories import History, local, travel

# --- Working days (no database) ----------------------------------------------------------------


def test_public_holidays_with_the_days_in_lieu():
    holidays_2026 = public_holidays(2026)
    assert {date(2026, 1, 1), date(2026, 4, 30), date(2026, 5, 1), date(2026, 9, 2)} <= holidays_2026
    # Tết: the last day of the lunar year and the first four of the new one (17/02/2026).
    assert {date(2026, 2, day) for day in range(16, 21)} <= holidays_2026
    # The Hùng Kings' day falls on Sunday 26/04/2026: Monday 27/04 is off instead.
    assert {date(2026, 4, 26), date(2026, 4, 27)} <= holidays_2026
    # Tết 2025 ended on Saturday 01/02: Monday 03/02 is off instead.
    assert date(2025, 2, 3) in public_holidays(2025)
    assert date(2026, 4, 28) not in holidays_2026


def test_deadlines_skip_weekends_and_holidays():
    calendar = WorkingCalendar(2)
    # Friday before the Hùng Kings' day off (Monday 27/04): Tuesday 28 and Wednesday 29 count.
    assert calendar.deadline(local(2026, 4, 24, 9)) == local(2026, 4, 29, 9)
    # Wednesday 29/04, then 30/04 and 01/05 are holidays, then the weekend.
    assert calendar.deadline(local(2026, 4, 29, 15)) == local(2026, 5, 5, 15)
    # Sent on a Saturday: counting starts on Monday morning.
    assert calendar.deadline(local(2026, 10, 31, 10)) == local(2026, 11, 4, 0)
    # A day off the administrators add (the day before National Day).
    assert WorkingCalendar(2, {date(2026, 9, 1)}).deadline(local(2026, 8, 31, 9)) == local(2026, 9, 4, 9)
    assert WorkingCalendar(1).deadline(local(2026, 10, 30, 16)) == local(2026, 11, 2, 16)


def test_on_time_then_due_soon_in_the_last_working_day_then_overdue():
    calendar = WorkingCalendar(2)
    started = local(2026, 10, 26, 9)  # Monday

    def status(*moment):
        return calendar.timeliness(started, local(*moment)).status

    assert status(2026, 10, 26, 15) == ON_TIME
    assert status(2026, 10, 27, 8, 59) == ON_TIME
    assert status(2026, 10, 27, 9) == DUE_SOON
    assert status(2026, 10, 28, 9) == DUE_SOON
    assert status(2026, 10, 28, 9, 1) == OVERDUE


@pytest.mark.django_db
def test_other_days_off_must_be_dates(tree):
    editorial_settings = EditorialSettings.current()
    editorial_settings.extra_days_off = "01/09/2026\n31/02/2026"
    with pytest.raises(ValidationError) as error:
        editorial_settings.full_clean()
    assert "Dòng 2 (“31/02/2026”) không phải là ngày viết theo dạng dd/mm/yyyy." in str(error.value)
    editorial_settings.extra_days_off = "01/09/2026\n\n04/09/2026 "
    editorial_settings.full_clean()
    assert editorial_settings.days_off() == {date(2026, 9, 1), date(2026, 9, 4)}


# --- The inbox -------------------------------------------------------------------------------------


@pytest.fixture
def waiting(pipeline):
    """Three district items waiting for the board, and one commune item for commune A's board."""
    history = History(pipeline)
    users, tree = pipeline.users, pipeline.tree
    history.submit("F", local(2026, 10, 26, 9), users["contributor"], tree.culture)
    history.submit("Q", local(2026, 10, 27, 9), users["contributor2"], tree.economy)
    history.submit("R", local(2026, 10, 28, 8), users["contributor"], tree.economy)
    history.submit("S", local(2026, 10, 23, 14), users["editor_a"], pipeline.commune_a, section=tree.culture)
    mail.outbox.clear()
    return history


def inbox(client, user, when):
    client.force_login(user)
    with travel(when):
        html = client.get("/admin/").content.decode()
    rows = BeautifulSoup(html, "html.parser").select("#editorial-inbox-content tbody tr, #editorial-inbox tbody tr")
    return {
        row.find("td").get_text(strip=True): row.select_one(".editorial-timeliness").get_text(" ", strip=True)
        for row in rows
    }


@pytest.mark.django_db
def test_the_inbox_shows_each_items_age_against_the_limit(client, waiting):
    shown = inbox(client, waiting.users["board"], local(2026, 10, 28, 10))
    assert shown == {
        "Tin F: hoạt động của đơn vị": "Quá hạn hạn 28/10/2026 09:00",
        "Tin Q: hoạt động của đơn vị": "Sắp đến hạn hạn 29/10/2026 09:00",
        "Tin R: hoạt động của đơn vị": "Trong hạn hạn 30/10/2026 08:00",
    }
    # The commune's board sees its own item: sent Friday 14:00, due Tuesday 14:00.
    assert inbox(client, waiting.users["board_a"], local(2026, 10, 27, 10)) == {
        "Tin S: hoạt động của đơn vị": "Sắp đến hạn hạn 27/10/2026 14:00"
    }


@pytest.mark.django_db
def test_the_inbox_follows_the_time_limit_setting(client, waiting):
    editorial_settings = EditorialSettings.current()
    editorial_settings.review_limit = 3
    editorial_settings.save()
    shown = inbox(client, waiting.users["board"], local(2026, 10, 28, 10))
    assert shown["Tin F: hoạt động của đơn vị"] == "Sắp đến hạn hạn 29/10/2026 09:00"


# --- Reminders ------------------------------------------------------------------------------------


def remind(when, *args):
    out = io.StringIO()
    with travel(when):
        call_command("remind_overdue", *args, stdout=out)
    return out.getvalue()


def sent_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


@pytest.mark.django_db
def test_each_reviewer_is_reminded_of_their_overdue_items_once_a_day(waiting):
    users = waiting.users
    output = remind(local(2026, 10, 28, 10))
    # F is overdue at the board's step: every active board member hears of it, once.
    assert output.strip() == "Nhắc việc quá hạn: đã gửi 4 thư, nêu 4 tin, bài."
    for member in ["board", "board2", "head"]:
        messages = sent_to(users[member])
        assert len(messages) == 1, member
        assert messages[0].subject == "Nhắc việc: 1 tin, bài chờ anh/chị duyệt đã quá hạn"
        assert '"Tin F: hoạt động của đơn vị" (Kiểm duyệt của Ban Biên tập)' in messages[0].body
        assert "chờ từ 26/10/2026 09:00, hạn xử lý 28/10/2026 09:00." in messages[0].body
        assert f"/admin/pages/{waiting.items['F'].pk}/edit/" in messages[0].body
        assert "Tin Q" not in messages[0].body
    # S (commune A, sent Friday 23/10 14:00, due Tuesday 27/10 14:00) goes to commune A's board only.
    assert len(sent_to(users["board_a"])) == 1 and "Tin S" in sent_to(users["board_a"])[0].body
    assert not sent_to(users["board_b"]) and not sent_to(users["contributor"])

    # Cron runs every hour: the same day sends nothing more.
    mail.outbox.clear()
    assert remind(local(2026, 10, 28, 11)).strip() == "Nhắc việc quá hạn: đã gửi 0 thư, nêu 0 tin, bài."
    remind(local(2026, 10, 28, 23, 59))
    assert mail.outbox == []

    # Next morning F is told again; Q is not overdue until 09:00.
    remind(local(2026, 10, 29, 8))
    assert ["Tin F" in message.body and "Tin Q" not in message.body for message in sent_to(users["board"])] == [True]
    mail.outbox.clear()
    remind(local(2026, 10, 29, 10))
    body = sent_to(users["board"])[0].body
    assert "Tin Q" in body and "Tin F" not in body
    assert ReminderLog.objects.filter(recipient=users["board"], page=waiting.items["F"]).count() == 2


@pytest.mark.django_db
def test_an_item_decided_is_no_longer_reminded(waiting):
    users = waiting.users
    waiting.act("F", local(2026, 10, 28, 9, 30), users["board"], "approve")
    mail.outbox.clear()
    remind(local(2026, 10, 28, 10))
    # F now waits for the heads since 09:30: not overdue yet. Only commune A's item is.
    assert [message.to for message in mail.outbox] == [[users["board_a"].email]]


@pytest.mark.django_db
def test_a_failed_send_is_tried_again_next_hour(waiting):
    with mock.patch("editorial.notifications.send_mail", side_effect=OSError("no mail server")):
        assert remind(local(2026, 10, 28, 10)).strip() == "Nhắc việc quá hạn: đã gửi 0 thư, nêu 0 tin, bài."
    assert not ReminderLog.objects.exists()
    remind(local(2026, 10, 28, 11))
    assert len(sent_to(waiting.users["board"])) == 1


@pytest.mark.django_db
def test_inactive_reviewers_and_those_without_email_are_skipped(waiting):
    users = waiting.users
    users["board2"].is_active = False
    users["board2"].save()
    users["head"].email = ""
    users["head"].save()
    remind(local(2026, 10, 28, 10))
    assert {tuple(message.to) for message in mail.outbox} == {(users["board"].email,), (users["board_a"].email,)}


# --- Weekly digest ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_weekly_digest_goes_to_the_board_heads_once_a_week(waiting):
    users = waiting.users
    output = remind(local(2026, 11, 2, 7, 30), "--digest")
    assert output.strip() == "Bản tin tuần: đã gửi 1 thư."
    assert [message.to for message in mail.outbox] == [[users["head"].email]]
    message = mail.outbox[0]
    assert message.subject == "Bản tin tuần của Ban Biên tập, 26/10/2026 – 01/11/2026"
    assert "Tuần trước (26/10/2026 – 01/11/2026), so với cùng kỳ năm trước:" in message.body
    # F, Q, R were sent last week; S on Friday 23/10.
    assert "- Đã nhận (gửi phê duyệt): 3 (0; +3)" in message.body
    assert "Đang chờ duyệt: 4 tin, bài, trong đó 4 tin, bài đã quá thời hạn 2 ngày làm việc." in message.body
    assert '- "Tin S: hoạt động của đơn vị" (Duyệt của BBT xã, thị trấn): hạn 27/10/2026 14:00' in message.body
    assert "http://testserver/admin/reports/editorial-activity/" in message.body

    mail.outbox.clear()
    assert remind(local(2026, 11, 4, 7, 30), "--digest").strip() == "Bản tin tuần: đã gửi 0 thư."
    assert remind(local(2026, 11, 8, 23), "--digest").strip() == "Bản tin tuần: đã gửi 0 thư."
    assert remind(local(2026, 11, 9, 7, 30), "--digest").strip() == "Bản tin tuần: đã gửi 1 thư."
