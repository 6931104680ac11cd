"""Citizens' questions (Hỏi đáp – Góp ý): the public form, its spam protection, the board's
admin actions and who may use them."""

import json
import re
import uuid
from datetime import date, timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry, PageViewRestriction

from core.models import Unit
from editorial import roles
from questions import spam
from questions.models import QuestionIndexPage, QuestionPage
from questions.notifications import board_recipients
from questions.submissions import Question, QuestionTopic, initials

pytestmark = pytest.mark.django_db

ASKER_EMAIL = "nguoi.hoi@example.com"
ASKER_PHONE = "0912 345 678"


@pytest.fixture
def topics(db):
    return {
        "dat-dai": QuestionTopic.objects.create(name="Đất đai – Xây dựng", slug="dat-dai", sort_order=1),
        "xa-hoi": QuestionTopic.objects.create(name="Chính sách xã hội", slug="xa-hoi", sort_order=2),
    }


@pytest.fixture
def index(tree, topics):
    page = QuestionIndexPage(title="Hỏi đáp – Góp ý", slug="hoi-dap", show_in_menus=True)
    tree.home.add_child(instance=page)
    page.save_revision().publish()
    return page


def form_data(chosen_topic, **overrides):
    data = {
        "name": "Nguyễn Văn Bình",
        "email": ASKER_EMAIL,
        "phone": ASKER_PHONE,
        "topic": str(chosen_topic.pk),
        "text": "Xin hỏi thủ tục cấp đổi giấy chứng nhận quyền sử dụng đất bị rách cần những giấy tờ gì?",
        "consent": "on",
        "website": "",
        "started": spam.start_token(at=spam.now() - 60),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def answered_page(index, topic, number=1, **fields):
    page = QuestionPage(
        title=f"Câu hỏi đã trả lời số {number}",
        slug=f"cau-hoi-{number}",
        question="Nội dung câu hỏi đã được biên tập.",
        asker_name="N.V.B.",
        topic=topic,
        answer="<p>Nội dung trả lời của cơ quan chuyên môn.</p>",
        answered_on=fields.pop("answered_on", date(2026, 1, 1)),
        **fields,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


# --- The public page ---------------------------------------------------------------------


def test_index_page_shows_the_form_and_is_never_shared_cached(client, index):
    response = client.get("/hoi-dap/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Đất đai – Xây dựng" in html  # the topics offered
    # The honeypot is in the page for bots, hidden from people and from screen readers.
    assert re.search(r'<div class="questions-trap" hidden aria-hidden="true">', html)
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-cache" in cache_control


def test_index_is_in_the_main_menu(client, index):
    response = client.get("/")
    assert 'href="/hoi-dap/"' in response.content.decode()


def test_answered_questions_newest_first_with_topic_filter(client, index, topics):
    old = answered_page(index, topics["dat-dai"], 1, answered_on=date(2026, 1, 1))
    new = answered_page(index, topics["xa-hoi"], 2, answered_on=date(2026, 2, 1))
    draft = QuestionPage(
        title="Bản nháp chưa đăng", slug="ban-nhap", question="Câu hỏi", answer="<p>Trả lời</p>", live=False
    )
    index.add_child(instance=draft)

    html = client.get("/hoi-dap/").content.decode()
    assert html.index(new.title) < html.index(old.title)
    assert draft.title not in html

    filtered = client.get("/hoi-dap/?chu-de=dat-dai").content.decode()
    assert old.title in filtered and new.title not in filtered

    unknown = client.get("/hoi-dap/?chu-de=khong-co")
    assert unknown.status_code == 200
    text = unknown.content.decode()
    assert "Không có chủ đề “khong-co”" in text
    assert old.title in text and new.title in text


def test_listing_paginates_by_twenty_and_survives_bad_page_numbers(client, index, topics):
    for number in range(21):
        answered_page(index, topics["dat-dai"], number, answered_on=date(2026, 1, 1 + number))
    first = client.get("/hoi-dap/").content.decode()
    assert first.count('class="questions-item"') == 20
    second = client.get("/hoi-dap/?page=2").content.decode()
    assert second.count('class="questions-item"') == 1
    for bad in ["abc", "-1", "999"]:
        assert client.get(f"/hoi-dap/?page={bad}").status_code == 200


def test_question_page_shows_initials_never_the_contact(client, index, topics):
    unit = Unit.objects.create(name="Phòng Kinh tế – Hạ tầng", slug="phong-kt-ht")
    page = answered_page(index, topics["dat-dai"], answering_unit=unit)
    html = client.get(page.url).content.decode()
    assert "N.V.B." in html
    assert "Phòng Kinh tế – Hạ tầng" in html
    assert "Nội dung trả lời của cơ quan chuyên môn." in html
    assert "01/01/2026" in html


def test_initials():
    assert initials("Nguyễn Văn An") == "N.V.A."
    assert initials("  đặng   thị lan ") == "Đ.T.L."
    assert initials("") == ""


# --- Sending a question ----------------------------------------------------------------


def board_member(django_user_model, username="bientap", email="bientap@thachha.example"):
    from editorial.setup import apply_roles

    apply_roles()
    user = django_user_model.objects.create_user(username=username, email=email, password="x")
    user.groups.add(Group.objects.get(name=roles.EDITORIAL_BOARD))
    return user


def test_happy_path_stores_the_question_emails_the_board_and_thanks_with_a_reference(
    client, index, topics, django_user_model, django_capture_on_commit_callbacks
):
    board_member(django_user_model)
    clerk = django_user_model.objects.create_user(username="vanthu", email="vanthu@thachha.example")
    clerk.groups.add(Group.objects.get(name=roles.DOCUMENT_CLERKS))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/hoi-dap/", form_data(topics["dat-dai"]), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    assert response["Location"].startswith("/hoi-dap/?da-gui=")

    question = Question.objects.get()
    assert question.status == Question.Status.NEW
    assert (question.name, question.email, question.phone) == ("Nguyễn Văn Bình", ASKER_EMAIL, ASKER_PHONE)
    assert question.topic == topics["dat-dai"]
    assert len(question.client_hash) == 64 and "203.0.113.7" not in question.client_hash
    assert re.fullmatch(r"HD-\d{4}-\d{5}", question.reference)

    # Only the board is told, with a link to the question in the admin.
    assert [message.to for message in mail.outbox] == [["bientap@thachha.example"]]
    assert question.reference in mail.outbox[0].subject
    assert f"/admin/cau-hoi/edit/{question.pk}/" in mail.outbox[0].body

    thanks = client.get(response["Location"])
    html = thanks.content.decode()
    assert "Cảm ơn" in html and question.reference in html
    assert "private" in thanks["Cache-Control"]


def test_a_forged_thank_you_address_shows_no_reference(client, index):
    html = client.get("/hoi-dap/?da-gui=HD-2026-00001").content.decode()
    assert "HD-2026-00001" not in html


VALIDATION_CASES = [
    ({"name": ""}, "name", "Vui lòng nhập họ và tên."),
    ({"name": "A" * 101}, "name", "Họ và tên quá dài"),
    ({"email": ""}, "email", "Vui lòng nhập địa chỉ e-mail"),
    ({"email": "khong-phai-email"}, "email", "không phải là địa chỉ e-mail hợp lệ"),
    ({"phone": "12ab"}, "phone", "không phải là số điện thoại hợp lệ"),
    ({"phone": "0" * 25}, "phone", "Số điện thoại quá dài"),
    ({"topic": ""}, "topic", "Vui lòng chọn chủ đề"),
    ({"topic": "999999"}, "topic", "Vui lòng chọn một chủ đề trong danh sách."),
    ({"text": ""}, "text", "Vui lòng viết câu hỏi"),
    ({"text": "Ngắn quá"}, "text", "Câu hỏi quá ngắn"),
    ({"text": "x" * 3001}, "text", "Câu hỏi quá dài"),
    ({"consent": None}, "consent", "Vui lòng đồng ý"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), VALIDATION_CASES)
def test_every_validation_error_is_clear_and_keeps_the_input(client, index, topics, overrides, field, message):
    data = form_data(topics["xa-hoi"], **overrides)
    response = client.post("/hoi-dap/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Câu hỏi chưa được gửi" in html
    assert f'href="#id_{field}"' in html  # the summary links to the field
    assert re.search(rf'id="id_{field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="id_{field}"', html)
    # What was typed is kept.
    if field != "name":
        assert 'value="Nguyễn Văn Bình"' in html
    if field != "text":
        assert "cấp đổi giấy chứng nhận" in html
    assert Question.objects.count() == 0
    assert "private" in response["Cache-Control"]


def test_an_inactive_topic_is_not_offered(client, index, topics):
    topics["xa-hoi"].is_active = False
    topics["xa-hoi"].save()
    response = client.post("/hoi-dap/", form_data(topics["xa-hoi"]))
    assert response.status_code == 400
    assert Question.objects.count() == 0


def test_honeypot_refuses_without_storing(client, index, topics):
    response = client.post("/hoi-dap/", form_data(topics["dat-dai"], website="http://spam.example"))
    assert response.status_code == 400
    assert "phải để trống" in response.content.decode()
    assert Question.objects.count() == 0
    assert mail.outbox == []


def test_too_fast_is_refused_with_a_fresh_token(client, index, topics):
    response = client.post("/hoi-dap/", form_data(topics["dat-dai"], started=spam.start_token()))
    assert response.status_code == 400
    html = response.content.decode()
    assert "gửi quá nhanh" in html
    assert "cấp đổi giấy chứng nhận" in html  # kept
    assert Question.objects.count() == 0
    token = re.search(r'name="started" value="([^"]+)"', html).group(1)
    assert spam.elapsed_seconds(token) is not None


@pytest.mark.parametrize(
    "started",
    ["", "giả-mạo", spam.start_token(at=spam.now() - spam.MAX_FORM_AGE_SECONDS - 60)],
    ids=["missing", "forged", "stale"],  # the stale token differs per process: xdist needs fixed ids
)
def test_missing_forged_or_stale_start_time_is_refused(client, index, topics, started):
    response = client.post("/hoi-dap/", form_data(topics["dat-dai"], started=started))
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
    assert Question.objects.count() == 0


def test_rate_limit_per_address(client, index, topics):
    for number in range(spam.RATE_LIMIT):
        data = form_data(topics["dat-dai"], text=f"Câu hỏi thứ {number} về thủ tục đất đai ở thị trấn.")
        assert client.post("/hoi-dap/", data, REMOTE_ADDR="198.51.100.1").status_code == 302
    blocked = client.post("/hoi-dap/", form_data(topics["dat-dai"]), REMOTE_ADDR="198.51.100.1")
    assert blocked.status_code == 429
    html = blocked.content.decode()
    assert "Vui lòng gửi câu hỏi này sau" in html
    assert "cấp đổi giấy chứng nhận" in html  # kept
    assert Question.objects.count() == spam.RATE_LIMIT
    # Another address is not affected.
    assert client.post("/hoi-dap/", form_data(topics["dat-dai"]), REMOTE_ADDR="198.51.100.2").status_code == 302


@pytest.fixture(params=["redis-up", "redis-down"])
def shared_cache(request, settings):
    """The production caches on Redis, reachable or not (nothing listens on port 9)."""
    from portal.settings.base import redis_caches

    location = request.getfixturevalue("redis_url") if request.param == "redis-up" else "redis://127.0.0.1:9/0"
    settings.CACHES = redis_caches(location, f"test-questions-{uuid.uuid4().hex}")
    return request.param


def test_rate_limit_holds_with_redis_up_or_down(client, index, topics, shared_cache):
    for number in range(spam.RATE_LIMIT):
        data = form_data(topics["dat-dai"], text=f"Câu hỏi thứ {number} về thủ tục đất đai ở thị trấn.")
        assert client.post("/hoi-dap/", data, REMOTE_ADDR="198.51.100.7").status_code == 302
    blocked = client.post("/hoi-dap/", form_data(topics["dat-dai"]), REMOTE_ADDR="198.51.100.7")
    assert blocked.status_code == 429
    html = blocked.content.decode()
    assert "Vui lòng gửi câu hỏi này sau" in html
    assert "cấp đổi giấy chứng nhận" in html  # what was typed is kept
    assert client.post("/hoi-dap/", form_data(topics["dat-dai"]), REMOTE_ADDR="198.51.100.7").status_code == 429
    assert Question.objects.count() == spam.RATE_LIMIT


def test_rate_limit_counts_the_last_hour_only(client, index, topics):
    for number in range(spam.RATE_LIMIT):
        data = form_data(topics["dat-dai"], text=f"Câu hỏi thứ {number} về thủ tục đất đai ở thị trấn.")
        assert client.post("/hoi-dap/", data, REMOTE_ADDR="198.51.100.8").status_code == 302
    assert client.post("/hoi-dap/", form_data(topics["dat-dai"]), REMOTE_ADDR="198.51.100.8").status_code == 429
    with time_machine.travel(timezone.now() + timedelta(seconds=spam.RATE_WINDOW_SECONDS + 60)):
        again = form_data(topics["dat-dai"], started=spam.start_token(at=spam.now() - 60))
        assert client.post("/hoi-dap/", again, REMOTE_ADDR="198.51.100.8").status_code == 302
    assert Question.objects.count() == spam.RATE_LIMIT + 1


def test_post_without_csrf_token_is_refused(index, topics):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/hoi-dap/", form_data(topics["dat-dai"]))
    assert response.status_code == 403
    assert Question.objects.count() == 0


# --- The board's admin -------------------------------------------------------------------


@pytest.fixture
def question(index, topics):
    return Question.objects.create(
        name="Nguyễn Văn Bình",
        email=ASKER_EMAIL,
        phone=ASKER_PHONE,
        topic=topics["dat-dai"],
        text="Xin hỏi thủ tục cấp đổi giấy chứng nhận quyền sử dụng đất bị rách?",
    )


def test_board_lists_filters_and_searches_questions_with_contact(client, pipeline, question, topics):
    other = Question.objects.create(
        name="Trần Thị Mai", email="mai@example.com", topic=topics["xa-hoi"], text="Trợ cấp người cao tuổi?"
    )
    other.status = Question.Status.SPAM
    other.save()
    client.force_login(pipeline.users["board"])
    url = reverse("questions:index")
    html = client.get(url).content.decode()
    assert ASKER_EMAIL in html and ASKER_PHONE in html and "mai@example.com" in html

    by_status = client.get(url, {"status": "new"}).content.decode()
    assert ASKER_EMAIL in by_status and "mai@example.com" not in by_status
    by_topic = client.get(url, {"topic": topics["xa-hoi"].pk}).content.decode()
    assert "mai@example.com" in by_topic and ASKER_EMAIL not in by_topic
    searched = client.get(url, {"q": "cao tuổi"}).content.decode()
    assert "mai@example.com" in searched and ASKER_EMAIL not in searched

    edit = client.get(reverse("questions:edit", args=[question.pk])).content.decode()
    assert ASKER_PHONE in edit
    assert reverse("questions:answer", args=[question.pk]) in edit


def answer_data(**overrides):
    data = {
        "title": "Thủ tục cấp đổi giấy chứng nhận bị rách",
        "question": "Xin hỏi thủ tục cấp đổi giấy chứng nhận quyền sử dụng đất bị rách?",
        "asker_name": "N.V.B.",
        "topic": "",
        "answer": json.dumps(
            {
                "blocks": [
                    {
                        "key": "a1",
                        "type": "unstyled",
                        "depth": 0,
                        "text": "Ông nộp hồ sơ tại Bộ phận Một cửa.",
                        "inlineStyleRanges": [],
                        "entityRanges": [],
                    }
                ],
                "entityMap": {},
            }
        ),
        "answering_unit": "",
    }
    data.update(overrides)
    return data


def test_answer_and_publish(client, pipeline, question, django_capture_on_commit_callbacks):
    board = pipeline.users["board"]
    client.force_login(board)
    form = client.get(reverse("questions:answer", args=[question.pk]))
    assert form.status_code == 200
    assert "N.V.B." in form.content.decode()  # initials offered, not the name

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("questions:answer", args=[question.pk]), answer_data())
    assert response.status_code == 302

    question.refresh_from_db()
    page = question.page
    assert question.status == Question.Status.ANSWERED
    assert question.answered_by == board and question.answered_at is not None
    assert page.live and not page.has_unpublished_changes
    assert page.get_parent().specific.slug == "hoi-dap"
    assert page.revisions.count() == 1
    assert page.live_revision is not None
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert "wagtail.publish" in actions
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=board).exists()

    # The asker gets the link, in Vietnamese.
    asker_mail = [message for message in mail.outbox if message.to == [ASKER_EMAIL]]
    assert len(asker_mail) == 1
    assert "đã được trả lời" in asker_mail[0].subject
    assert page.full_url in asker_mail[0].body

    client.logout()
    public = client.get(page.url).content.decode()
    assert "Ông nộp hồ sơ tại Bộ phận Một cửa." in public
    assert "N.V.B." in public
    assert ASKER_EMAIL not in public and ASKER_PHONE not in public and "Nguyễn Văn Bình" not in public
    listing = client.get("/hoi-dap/").content.decode()
    assert page.title in listing and ASKER_EMAIL not in listing


def test_the_question_names_who_answered_it_family_name_first(
    client, pipeline, question, django_capture_on_commit_callbacks
):
    board = pipeline.users["board"]
    board.first_name, board.last_name = "Biên", "Lê Thị"
    board.save()
    client.force_login(board)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("questions:answer", args=[question.pk]), answer_data())
    html = client.get(reverse("questions:edit", args=[question.pk])).content.decode()
    details = BeautifulSoup(html, "html.parser").select_one(".questions-details").get_text(" ", strip=True)
    assert "Lê Thị Biên" in details
    assert "bientap" not in details and "Biên Lê Thị" not in details


def test_answer_form_errors_publish_nothing(client, pipeline, question):
    client.force_login(pipeline.users["board"])
    response = client.post(reverse("questions:answer", args=[question.pk]), answer_data(title="", answer=""))
    assert response.status_code == 200
    assert QuestionPage.objects.count() == 0
    question.refresh_from_db()
    assert question.status == Question.Status.NEW


def test_a_closed_question_cannot_be_answered_again(client, pipeline, question):
    question.status = Question.Status.SPAM
    question.save()
    client.force_login(pipeline.users["board"])
    response = client.post(reverse("questions:answer", args=[question.pk]), answer_data(), follow=True)
    assert "đã đóng" in response.content.decode()
    assert QuestionPage.objects.count() == 0


def test_reject_needs_a_reason(client, pipeline, question):
    client.force_login(pipeline.users["head"])
    url = reverse("questions:reject", args=[question.pk])
    empty = client.post(url, {"rejection_reason": ""})
    assert empty.status_code == 200
    question.refresh_from_db()
    assert question.status == Question.Status.NEW
    assert client.post(url, {"rejection_reason": "Trùng nội dung với câu hỏi đã trả lời."}).status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.REJECTED
    assert question.rejection_reason.startswith("Trùng")


def test_mark_spam(client, pipeline, question):
    client.force_login(pipeline.users["admin"])
    assert client.post(reverse("questions:spam", args=[question.pk])).status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.SPAM


def test_edit_form_refuses_not_published_without_a_reason(client, pipeline, question):
    client.force_login(pipeline.users["board"])
    url = reverse("questions:edit", args=[question.pk])
    response = client.post(url, {"topic": question.topic_id, "status": "rejected", "rejection_reason": ""})
    assert response.status_code == 200
    assert "lý do" in response.content.decode().lower()
    question.refresh_from_db()
    assert question.status == Question.Status.NEW


@pytest.mark.parametrize("role", ["contributor", "clerk", "editor_a", "board_a"])
def test_other_roles_get_403_everywhere(client, pipeline, question, role):
    client.force_login(pipeline.users[role])
    urls = [
        reverse("questions:index"),
        reverse("questions:edit", args=[question.pk]),
        reverse("questions:answer", args=[question.pk]),
        reverse("questions:reject", args=[question.pk]),
        reverse("questions:spam", args=[question.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("questions:answer", args=[question.pk]), answer_data()).status_code == 403
    assert client.post(reverse("questions:spam", args=[question.pk])).status_code == 403
    question.refresh_from_db()
    assert question.status == Question.Status.NEW and QuestionPage.objects.count() == 0


@pytest.mark.parametrize("role", ["admin", "board", "head"])
def test_board_heads_and_administrators_manage_questions(client, pipeline, question, role):
    client.force_login(pipeline.users[role])
    assert client.get(reverse("questions:index")).status_code == 200
    assert client.get(reverse("questions:answer", args=[question.pk])).status_code == 200


def test_administrators_group_without_superuser_may_manage(client, pipeline, question, django_user_model):
    user = django_user_model.objects.create_user(username="kythuat", password="x")
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    client.force_login(user)
    assert client.get(reverse("questions:index")).status_code == 200


def test_new_questions_are_emailed_to_the_board_only(pipeline):
    recipients = board_recipients()
    assert "bientap@thachha.example" in recipients and "truongban@thachha.example" in recipients
    for role in ["contributor", "clerk", "editor_a", "board_a", "admin"]:
        assert pipeline.users[role].email not in recipients


def test_restricted_answers_are_not_listed(client, index, topics):
    page = answered_page(index, topics["dat-dai"])
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert page.title not in client.get("/hoi-dap/").content.decode()


# --- Demo --------------------------------------------------------------------------------


def test_demo_builds_answered_and_waiting_questions_once(tree, django_user_model):
    from demo import questions as questions_demo
    from demo.builders import DemoBuilder

    builder = DemoBuilder()
    builder.users = {"bientap": django_user_model.objects.create_superuser(username="bientap")}
    questions_demo.build(builder, tree.home)
    questions_demo.build(builder, tree.home)
    assert QuestionPage.objects.live().count() == 8
    assert Question.objects.filter(status=Question.Status.ANSWERED, page__isnull=False).count() == 8
    assert Question.objects.filter(status__in=["new", "processing"]).count() == 3
    assert QuestionIndexPage.objects.get().show_in_menus


def test_index_query_count_does_not_grow_with_the_number_of_questions(client, index, topics):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    unit = Unit.objects.create(name="Phòng Nội vụ", slug="phong-noi-vu")

    def count():
        client.get("/hoi-dap/")  # warm the caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/hoi-dap/").status_code == 200
        return len(queries)

    for number in range(3):
        answered_page(index, topics["dat-dai"], number, answering_unit=unit)
    few = count()
    for number in range(3, 20):
        answered_page(index, topics["xa-hoi"], number, answering_unit=unit)
    assert count() == few
