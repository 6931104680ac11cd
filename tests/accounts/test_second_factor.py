"""The second factor outside the admin, and what it takes to enrol one.

- A session signed in with the password alone, of someone who must use a second factor, opens
  no restricted page and no private document anywhere: it is an anonymous reader until the code
  is entered, and the sign-in link of a restricted page leads it to the code.
- Adding an authenticator app needs more than the password: a one-time enrolment code, e-mailed
  to the account or issued by an administrator, single use, short-lived, stored hashed.
"""

import datetime
import re

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone, translation

from wagtail.models import Collection, CollectionViewRestriction, ModelLogEntry, PageViewRestriction

from accounts import enrolment
from accounts.models import EnrolmentCode
from editorial import roles
from tests.accounts.signing_in import sign_in
from tests.legal_docs.factories import make_document, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def require_2fa(settings):
    settings.PORTAL_REQUIRE_2FA = True


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def verify(client, device, next_url="/admin/"):
    return client.post("/admin/two-step/verify/", {"token": code_for(device), "next": next_url})


# ---------------------------------------------------------------------------------------------
# Restricted content outside the admin


@pytest.fixture
def board_page(make_articles):
    """An article only the editorial board may read."""
    (article,) = make_articles(1, title="Biên bản họp Ban Biên tập")
    restriction = PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name=roles.EDITORIAL_BOARD))
    return article


@pytest.fixture
def members_page(make_articles):
    """An article for any signed-in user."""
    (article,) = make_articles(1, title="Thông báo nội bộ cán bộ")
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    return article


@pytest.fixture
def private_document(tree):
    collection = Collection.get_first_root_node().add_child(name="Tài liệu Ban Biên tập")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    document = make_document(pdf_bytes("Tai lieu mat cua Ban"), "bien-ban.pdf", title="Biên bản mật")
    document.collection = collection
    document.save()
    return document


class TestRestrictedContentNeedsTheSecondFactor:
    def test_the_password_alone_opens_nothing_restricted_until_the_code(
        self, client, pipeline, make_articles, board_page, members_page, private_document
    ):
        (public,) = make_articles(1, title="Tin công khai")
        device = TOTPDevice.objects.create(user=pipeline.users["board"], name="TOTP", confirmed=True)
        assert sign_in(client, "bientap").status_code == 302
        assert "Tin công khai" in client.get(public.url).content.decode()  # read as anyone reads it
        for url in (board_page.url, members_page.url, private_document.url):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"] == f"/_util/login/?next={url}"
            assert b"Tai lieu mat" not in response.content
            assert "Biên bản họp" not in response.content.decode()

        verify(client, device)
        assert "Biên bản họp Ban Biên tập" in client.get(board_page.url).content.decode()
        assert client.get(members_page.url).status_code == 200
        document = client.get(private_document.url)
        assert document.status_code == 200
        assert b"Tai lieu mat" in b"".join(document.streaming_content)

    def test_the_sign_in_link_of_a_restricted_page_leads_to_the_code_then_back(self, client, pipeline, board_page):
        device = TOTPDevice.objects.create(user=pipeline.users["board"], name="TOTP", confirmed=True)
        sign_in(client, "bientap")
        to_login = client.get(board_page.url)["Location"]
        # Both sign-in pages send a signed-in reader to the second factor, not to the password again.
        for login_url in (to_login, f"/admin/login/?next={board_page.url}"):
            response = client.get(login_url)
            assert response.status_code == 302
            assert response["Location"] == "/admin/two-step/verify/?" + f"next={board_page.url}".replace("/", "%2F")
        done = verify(client, device, next_url=board_page.url)
        assert done["Location"] == board_page.url
        page = client.get(board_page.url)
        assert page.status_code == 200
        assert "Biên bản họp Ban Biên tập" in page.content.decode()

    def test_without_a_device_a_required_role_is_sent_to_enrol(self, client, pipeline, members_page):
        sign_in(client, "truongban")
        assert client.get(members_page.url)["Location"].startswith("/_util/login/")
        response = client.get(f"/_util/login/?next={members_page.url}")
        assert response["Location"].startswith("/admin/two-step/enrol/?next=")

    def test_a_contributor_who_turned_it_on_must_pass_it_too(self, client, pipeline, members_page):
        TOTPDevice.objects.create(user=pipeline.users["contributor"], name="TOTP", confirmed=True)
        sign_in(client, "congtacvien")
        assert client.get(members_page.url).status_code == 302
        # A role that need not use it, and did not turn it on, reads with the password alone.
        other = client.__class__()
        sign_in(other, "congtacvien2")
        assert other.get(members_page.url).status_code == 200


# ---------------------------------------------------------------------------------------------
# Enrolment needs a one-time code, not the password alone

ENROL = "/admin/two-step/enrol/"
CODE_PATTERN = r"\b(\d{4} \d{4})\b"


def emailed_code(message) -> str:
    return re.search(CODE_PATTERN, message.body).group(1)


def shows_a_key(response) -> bool:
    return 'class="accounts-qr"' in response.content.decode() or "secret" in (response.context or {})


def confirmed(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def refusal(response) -> str:
    return " ".join(response.context["form"].errors["code"])


def log_entries(user, action):
    return ModelLogEntry.objects.for_instance(user).filter(action=action)


class TestEnrolmentCode:
    def test_the_password_alone_never_adds_an_app(self, client, pipeline):
        user = pipeline.users["board"]
        sign_in(client, "bientap")
        page = client.get(ENROL)
        assert page.status_code == 200
        html = page.content.decode()
        assert "Mã kích hoạt" in html
        assert not shows_a_key(page)
        assert not TOTPDevice.objects.filter(user=user).exists()
        # Posting a code from an app set up with a key seen some other way changes nothing.
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
        response = client.post(ENROL, {"token": code_for(device)})
        assert response.status_code == 400
        assert "Hãy nhập mã kích hoạt gồm 8 chữ số" in response.content.decode()
        assert not confirmed(user)
        assert client.get("/admin/")["Location"].startswith(ENROL)

    def test_an_emailed_code_lets_the_owner_add_the_app(self, client, pipeline):
        user = pipeline.users["board"]
        stale = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)  # a key someone may have seen
        sign_in(client, "bientap")
        sent = client.post(ENROL, {"send_code": "1", "next": "/admin/pages/"}, follow=True)
        assert "Đã gửi mã đến b•••••p@thachha.example" in sent.content.decode()
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["bientap@thachha.example"]
        assert message.subject == "Mã kích hoạt xác thực hai bước trên Cổng thông tin"
        assert "15 phút" in message.body
        code = emailed_code(message)
        assert not EnrolmentCode.objects.filter(digest__contains=code.replace(" ", "")).exists()  # kept hashed

        accepted = client.post(ENROL, {"code": code, "next": "/admin/pages/"})
        assert accepted.status_code == 302
        assert accepted["Location"] == "/admin/two-step/enrol/?next=%2Fadmin%2Fpages%2F"
        page = client.get(accepted["Location"])
        assert shows_a_key(page)
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        assert device.pk != stale.pk and device.key != stale.key
        done = client.post(ENROL, {"token": code_for(device), "next": "/admin/pages/"})
        assert done["Location"] == "/admin/pages/"
        assert confirmed(user)
        assert client.get("/admin/").status_code == 200
        entry = log_entries(user, "accounts.second_factor_enrolled").get()
        assert entry.user == user
        with translation.override("vi"):
            assert entry.message == "Đã thêm ứng dụng xác thực cho “bientap”"

    @pytest.mark.parametrize(
        ("case", "message"),
        [
            ("wrong", "Mã kích hoạt không đúng"),
            ("malformed", "Mã kích hoạt gồm 8 chữ số"),
            ("expired", "Mã kích hoạt đã hết hạn"),
            ("replaced", "Mã kích hoạt đã hết hạn hoặc đã được thay bằng mã mới hơn"),
            ("used", "Mã kích hoạt này đã được dùng"),
        ],
    )
    def test_a_bad_code_is_refused_in_vietnamese(self, client, pipeline, case, message):
        user = pipeline.users["board"]
        code = enrolment.issue(user)
        typed = code
        if case == "wrong":
            typed = f"{(int(code) + 1) % 10**8:08d}"
        elif case == "malformed":
            typed = "1234 56ab"
        elif case == "replaced":
            enrolment.issue(user)
        elif case == "used":
            other = client.__class__()
            sign_in(other, "bientap")
            assert other.post(ENROL, {"code": code}).status_code == 302
        start = timezone.now() + datetime.timedelta(minutes=16 if case == "expired" else 0)
        sign_in(client, "bientap")
        with time_machine.travel(start, tick=False):
            response = client.post(ENROL, {"code": typed})
            assert response.status_code == 400
            assert message in refusal(response)
            assert message in response.content.decode()
            assert not shows_a_key(response)
            assert not shows_a_key(client.get(ENROL))
        assert not confirmed(user)

    def test_five_wrong_codes_burn_the_code(self, client, pipeline):
        user = pipeline.users["board"]
        code = enrolment.issue(user)
        sign_in(client, "bientap")
        wrong = f"{(int(code) + 1) % 10**8:08d}"
        statuses = [client.post(ENROL, {"code": wrong}).status_code for _attempt in range(5)]
        assert statuses == [400] * 4 + [429]
        response = client.post(ENROL, {"code": code})
        assert response.status_code == 429
        assert "Nhập sai quá nhiều lần" in refusal(response)
        assert not shows_a_key(client.get(ENROL))

    def test_codes_are_not_emailed_again_and_again(self, client, pipeline):
        sign_in(client, "bientap")
        client.post(ENROL, {"send_code": "1"})
        again = client.post(ENROL, {"send_code": "1"}, follow=True)
        assert "Hãy chờ 1 phút" in again.content.decode()
        assert len(mail.outbox) == 1

    def test_an_account_without_e_mail_is_told_to_ask_the_technical_team(self, client, pipeline):
        user = pipeline.users["head"]
        user.email = ""
        user.save()
        sign_in(client, "truongban")
        page = client.get(ENROL).content.decode()
        assert "Tài khoản của bạn chưa có địa chỉ e-mail" in page
        assert "Gửi mã qua e-mail" not in page
        client.post(ENROL, {"send_code": "1"})
        assert not mail.outbox


@pytest.fixture
def administrator(client, pipeline):
    """The superuser, signed in with both factors."""
    admin = pipeline.users["admin"]
    device = TOTPDevice.objects.create(user=admin, name="TOTP", confirmed=True)
    client.force_login(admin)
    verify(client, device)
    return admin


class TestAdministratorsManageTheSecondFactor:
    def test_an_administrator_issues_a_code_shown_once(self, client, pipeline, administrator):
        board = pipeline.users["board"]
        page = client.get("/admin/security/").content.decode()
        assert "Cấp mã kích hoạt" in page and "(bientap)" in page  # listed: must use it, has no app yet
        response = client.post("/admin/security/", {"action": "issue_code", "username": "bientap"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Mã kích hoạt cho “bientap”" in html
        code = re.search(CODE_PATTERN, html).group(1)
        assert "Cache-Control" in response and "no-store" in response["Cache-Control"]
        assert code not in client.get("/admin/security/").content.decode()
        entry = log_entries(board, "accounts.enrolment_code_issued").get()
        assert entry.user == administrator
        assert code.replace(" ", "") not in str(entry.data)
        with translation.override("vi"):
            assert entry.message == "Đã cấp mã dùng một lần để thêm ứng dụng xác thực cho “bientap”"

        person = client.__class__()
        sign_in(person, "bientap")
        assert person.post(ENROL, {"code": code}).status_code == 302
        assert shows_a_key(person.get(ENROL))

    def test_issuing_to_an_unknown_or_enrolled_account_says_so(self, client, pipeline, administrator):
        unknown = client.post("/admin/security/", {"action": "issue_code", "username": "khong-co"}, follow=True)
        assert "Không có tài khoản đang hoạt động “khong-co”" in unknown.content.decode()
        TOTPDevice.objects.create(user=pipeline.users["head"], name="TOTP", confirmed=True)
        enrolled = client.post("/admin/security/", {"action": "issue_code", "username": "truongban"}, follow=True)
        assert "“truongban” đang dùng xác thực hai bước" in enrolled.content.decode()
        assert not EnrolmentCode.objects.exists()

    def test_a_reset_is_logged_and_the_next_sign_in_needs_a_new_code(self, client, pipeline, administrator):
        board = pipeline.users["board"]
        TOTPDevice.objects.create(user=board, name="TOTP", confirmed=True)
        old_code = enrolment.issue(board)  # e-mailed earlier, never used
        response = client.post("/admin/security/", {"action": "reset_device", "user": board.pk}, follow=True)
        assert "cần mã kích hoạt mới" in response.content.decode()
        assert not TOTPDevice.objects.filter(user=board).exists()
        entry = log_entries(board, "accounts.second_factor_reset").get()
        assert entry.user == administrator
        with translation.override("vi"):
            assert "Đã xóa ứng dụng xác thực của “bientap”" in entry.message

        person = client.__class__()
        sign_in(person, "bientap")
        assert person.get("/admin/")["Location"].startswith(ENROL)
        page = person.get(ENROL)
        assert "Mã kích hoạt" in page.content.decode()
        assert not shows_a_key(page)
        refused = person.post(ENROL, {"code": old_code})
        assert "đã hết hạn" in refusal(refused)

    @pytest.mark.parametrize("role", ["board", "head", "contributor"])
    def test_without_the_permission_nobody_issues_or_resets(self, client, pipeline, role):
        head = pipeline.users["head"]
        head_device = TOTPDevice.objects.create(user=head, name="TOTP", confirmed=True)
        actor = pipeline.users[role]
        client.force_login(actor)
        if role == "head":
            verify(client, head_device)
        elif role == "board":
            device = TOTPDevice.objects.create(user=actor, name="TOTP", confirmed=True)
            verify(client, device)
        issue = client.post("/admin/security/", {"action": "issue_code", "username": "bientap2"})
        reset = client.post("/admin/security/", {"action": "reset_device", "user": head.pk})
        assert (issue.status_code, reset.status_code) == (403, 403)
        assert not EnrolmentCode.objects.exists()
        assert TOTPDevice.objects.filter(pk=head_device.pk).exists()
        assert not ModelLogEntry.objects.filter(action__startswith="accounts.").exists()

    def test_turning_ones_own_off_is_logged(self, client, pipeline):
        contributor = pipeline.users["contributor"]
        device = TOTPDevice.objects.create(user=contributor, name="TOTP", confirmed=True)
        client.force_login(contributor)
        verify(client, device)
        response = client.post("/admin/security/two-step/")
        assert response.status_code == 302, response
        assert response["Location"] == "/admin/security/two-step/"
        assert log_entries(contributor, "accounts.second_factor_reset").get().user == contributor
