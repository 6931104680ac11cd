"""The lockout cannot be turned against a board member; its owner hears of it; administrators
unlock it (audit-logged); page and collection passwords are throttled the same way."""

import datetime
from unittest import mock

import pytest
import time_machine
from axes.models import AccessAttempt

from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone, translation

from wagtail.models import Collection, CollectionViewRestriction, ModelLogEntry, PageViewRestriction

from editorial import roles
from tests.accounts.signing_in import LOCKED_MESSAGE, PASSWORD, sign_in, signed_in

pytestmark = pytest.mark.django_db

WRONG = "sai-mat-khau"
ATTACKER = "203.0.113.9"


def fail(client, username, times, address=ATTACKER):
    return [sign_in(client, username, WRONG, address=address).status_code for _ in range(times)]


# ---------------------------------------------------------------------------------------------
# Locks per account and address, and per address


class TestNobodyElseLocksTheOwnerOut:
    @pytest.mark.parametrize("username", ["truongban", "xa-thach-dai-bbt"])
    def test_an_attacker_elsewhere_locks_only_themselves(self, client, pipeline, username):
        assert fail(client, username, 10) == [200] * 4 + [429] * 6
        assert sign_in(client, username, address=ATTACKER).status_code == 429
        response = sign_in(client, username, address="10.3.0.1")
        assert response.status_code == 302
        assert signed_in(client)

    def test_guesses_spread_over_many_addresses_lock_nobody_out(self, client, pipeline):
        for number in range(6):
            assert fail(client, "truongban", 4, address=f"198.51.100.{number}") == [200] * 4
        assert sign_in(client, "truongban", address="10.3.0.2").status_code == 302


class TestCoolOff:
    def test_failures_during_the_lockout_do_not_extend_it(self, client, pipeline):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            fail(client, "truongban", 5, address="10.3.1.1")
        for minutes in (10, 20, 29):
            with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
                assert sign_in(client, "truongban", WRONG, address="10.3.1.1").status_code == 429
        with time_machine.travel(start + datetime.timedelta(minutes=31), tick=False):
            assert sign_in(client, "truongban", address="10.3.1.1").status_code == 302
            assert signed_in(client)


class TestPerAddressLimit:
    def test_failures_with_several_names_add_up(self, client, pipeline):
        for name in ("truongban", "bientap", "khong-ton-tai", "vanthu"):
            assert fail(client, name, 1, address="10.3.2.2") == [200]
        assert fail(client, "xa-thach-dai-bbt", 1, address="10.3.2.2") == [429]
        assert sign_in(client, "congtacvien", address="10.3.2.2").status_code == 429
        assert sign_in(client, "congtacvien", address="10.3.2.3").status_code == 302

    def test_signing_in_with_ones_own_account_does_not_reset_the_address(self, client, pipeline):
        for name in ("truongban", "bientap", "vanthu", "bientap2"):
            fail(client, name, 1, address="10.3.3.3")
        # An attacker holding one valid account signs in between guesses...
        assert sign_in(client, "congtacvien", address="10.3.3.3").status_code == 302
        client.logout()
        # ...and the address still reaches its limit.
        assert fail(client, "truongban", 1, address="10.3.3.3") == [429]
        assert sign_in(client, "truongban", address="10.3.3.3").status_code == 429

    def test_a_success_forgets_that_accounts_failures_from_that_address(self, client, pipeline):
        fail(client, "bientap", 4, address="10.3.4.4")
        assert sign_in(client, "bientap", address="10.3.4.4").status_code == 302
        assert not AccessAttempt.objects.filter(username="bientap").exists()


# ---------------------------------------------------------------------------------------------
# The owner is told


def attacked_entries(user):
    return ModelLogEntry.objects.for_instance(user).filter(action="accounts.sign_in_attacked")


class TestOwnerIsTold:
    def test_one_email_per_lockout_not_per_attempt(self, client, pipeline):
        fail(client, "truongban", 4, address="10.4.0.1")
        assert mail.outbox == []
        fail(client, "truongban", 1, address="10.4.0.1")
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["truongban@thachha.example"]
        assert message.subject == "Có người đang cố đăng nhập vào tài khoản của bạn trên Cổng thông tin"
        assert "“truongban”" in message.body
        assert "5 lần" in message.body
        assert "Kính gửi" in message.body
        assert "lần gần nhất từ địa chỉ 10.4.0.1" in message.body
        # The attacker goes on, from the same address and from others: no more e-mails.
        fail(client, "truongban", 5, address="10.4.0.1")
        fail(client, "truongban", 5, address="10.4.0.2")
        assert len(mail.outbox) == 1
        entry = attacked_entries(pipeline.users["head"]).get()
        assert entry.data == {"ip_address": "10.4.0.1", "failures": 5, "notified": True}
        with translation.override("vi"):
            logged = entry.message
        assert logged == "5 lần đăng nhập sai, lần cuối từ 10.4.0.1: đã báo cho chủ tài khoản qua thư điện tử"

    def test_the_next_lockout_after_the_cool_off_is_told_again(self, client, pipeline):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            fail(client, "truongban", 5, address="10.4.1.1")
        with time_machine.travel(start + datetime.timedelta(minutes=40), tick=False):
            fail(client, "truongban", 5, address="10.4.1.1")
        assert len(mail.outbox) == 2

    def test_guesses_spread_over_addresses_are_told_too(self, client, pipeline):
        for number in range(5):
            fail(client, "bientap", 1, address=f"198.51.100.{number}")
        assert [message.to for message in mail.outbox] == [["bientap@thachha.example"]]

    def test_one_guess_at_each_of_several_accounts_tells_nobody(self, client, pipeline):
        for name in ("truongban", "bientap", "vanthu", "bientap2", "congtacvien"):
            fail(client, name, 1, address="10.4.2.2")
        assert mail.outbox == []

    def test_an_account_without_email_is_recorded_without_one(self, client, pipeline):
        head = pipeline.users["head"]
        head.email = ""
        head.save()
        assert fail(client, "truongban", 5, address="10.4.3.3")[-1] == 429
        assert mail.outbox == []
        assert attacked_entries(head).get().data["notified"] is False

    def test_a_mail_server_down_does_not_break_signing_in(self, client, pipeline):
        with mock.patch("accounts.alerts.send_mail", side_effect=OSError("no mail server")):
            assert fail(client, "truongban", 5, address="10.4.4.4") == [200] * 4 + [429]
        assert sign_in(client, "truongban", address="10.4.4.5").status_code == 302
        assert attacked_entries(pipeline.users["head"]).get().data["notified"] is False


# ---------------------------------------------------------------------------------------------
# Administrators unlock, in the audit log


@pytest.fixture
def technical_team_member(pipeline, django_user_model):
    user = django_user_model.objects.create_user(username="kythuat", password=PASSWORD)
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    return user


class TestAdminUnlock:
    @pytest.mark.parametrize("who", ["superuser", "technical team"])
    def test_administrators_see_the_locked_address_and_unlock_it(self, client, pipeline, technical_team_member, who):
        fail(client, "truongban", 3, address="10.5.0.1")
        fail(client, "khong-ton-tai", 2, address="10.5.0.1")
        assert sign_in(client, "truongban", address="10.5.0.1").status_code == 429
        admin_user = pipeline.users["admin"] if who == "superuser" else technical_team_member
        admin = client.__class__()
        admin.force_login(admin_user)
        html = admin.get("/admin/security/").content.decode()
        assert "10.5.0.1" in html
        assert "truongban</strong>: 3" in html
        assert "khong-ton-tai</strong>: 2" in html
        response = admin.post("/admin/security/", {"action": "unlock", "kind": "ip", "value": "10.5.0.1"}, follow=True)
        assert "Đã mở khóa “10.5.0.1”" in response.content.decode()
        assert "10.5.0.1" not in admin.get("/admin/security/").content.decode()
        assert sign_in(client, "truongban", address="10.5.0.1").status_code == 302
        entry = ModelLogEntry.objects.get(action="accounts.unlock")
        assert entry.user == admin_user
        assert entry.label == "10.5.0.1"
        assert entry.data == {"kind": "ip", "value": "10.5.0.1", "failures": 5}
        with translation.override("vi"):
            assert entry.message == "Đã mở khóa đăng nhập cho “10.5.0.1” (5 lần sai)"

    @pytest.mark.parametrize("role", ["board", "head", "board_a", "contributor"])
    def test_others_may_not_unlock_an_address(self, client, pipeline, role):
        fail(client, "truongban", 5, address="10.5.1.1")
        client.force_login(pipeline.users[role])
        response = client.post("/admin/security/", {"action": "unlock", "kind": "ip", "value": "10.5.1.1"})
        assert response.status_code == 403
        assert AccessAttempt.objects.filter(ip_address="10.5.1.1").count() == 1
        assert not ModelLogEntry.objects.filter(action="accounts.unlock").exists()

    @pytest.mark.parametrize("value", ["không-phải-địa-chỉ", "10.5.2.300", "'; DROP TABLE axes; --"])
    def test_a_malformed_address_is_refused_in_vietnamese(self, client, pipeline, technical_team_member, value):
        fail(client, "truongban", 5, address="10.5.2.2")
        client.force_login(technical_team_member)
        response = client.post("/admin/security/", {"action": "unlock", "kind": "ip", "value": value}, follow=True)
        assert response.status_code == 200
        assert "Không có gì để mở khóa" in response.content.decode()
        assert AccessAttempt.objects.filter(ip_address="10.5.2.2").exists()

    def test_an_address_that_is_not_locked_says_so(self, client, pipeline, technical_team_member):
        client.force_login(technical_team_member)
        response = client.post("/admin/security/", {"action": "unlock", "kind": "ip", "value": "10.5.3.3"}, follow=True)
        assert "“10.5.3.3” không bị khóa: không có gì thay đổi." in response.content.decode()
        assert not ModelLogEntry.objects.filter(action="accounts.unlock").exists()


# ---------------------------------------------------------------------------------------------
# Page and collection passwords


@pytest.fixture
def private_article(make_articles):
    (article,) = make_articles(1, title="Bài nội bộ")
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau-1"
    )
    return article, restriction


def page_password(client, article, restriction, password, address, return_url=None):
    return client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{article.pk}/",
        {"password": password, "return_url": return_url or article.url},
        REMOTE_ADDR=address,
    )


def asks_for_password(client, article, address) -> bool:
    return 'name="password"' in client.get(article.url, REMOTE_ADDR=address).content.decode()


class TestPagePasswords:
    def test_five_wrong_passwords_lock_the_form_for_that_address(self, client, private_article):
        article, restriction = private_article
        for _attempt in range(4):
            response = page_password(client, article, restriction, "doan-mo", "10.6.0.1")
            assert response.status_code == 200
            assert LOCKED_MESSAGE not in response.content.decode()
        response = page_password(client, article, restriction, "doan-mo", "10.6.0.1")
        assert response.status_code == 429
        assert LOCKED_MESSAGE in response.content.decode()
        # Even the right password is refused now, and the page stays closed.
        response = page_password(client, article, restriction, "mat-khau-1", "10.6.0.1")
        assert response.status_code == 429
        html = response.content.decode()
        assert LOCKED_MESSAGE in html
        assert "30 phút" in html
        assert f'href="{article.url}"' in html
        assert asks_for_password(client, article, "10.6.0.1")
        # A reader elsewhere is not affected.
        other = client.__class__()
        assert page_password(other, article, restriction, "mat-khau-1", "10.6.0.2").status_code == 302
        assert not asks_for_password(other, article, "10.6.0.2")

    def test_the_lock_lifts_after_the_cool_off_and_is_not_extended(self, client, private_article):
        article, restriction = private_article
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            for _attempt in range(5):
                page_password(client, article, restriction, "doan-mo", "10.6.1.1")
        with time_machine.travel(start + datetime.timedelta(minutes=20), tick=False):
            assert page_password(client, article, restriction, "doan-mo", "10.6.1.1").status_code == 429
        with time_machine.travel(start + datetime.timedelta(minutes=31), tick=False):
            assert page_password(client, article, restriction, "mat-khau-1", "10.6.1.1").status_code == 302
            assert not asks_for_password(client, article, "10.6.1.1")

    def test_wrong_page_passwords_count_towards_the_address_limit(self, client, pipeline, private_article):
        article, restriction = private_article
        for _attempt in range(5):
            page_password(client, article, restriction, "doan-mo", "10.6.2.2")
        assert sign_in(client, "bientap", address="10.6.2.2").status_code == 429

    def test_the_way_back_stays_on_this_site(self, client, private_article):
        article, restriction = private_article
        for _attempt in range(5):
            response = page_password(client, article, restriction, "doan-mo", "10.6.3.3", "https://evil.example/")
        assert response.status_code == 429
        assert "evil.example" not in response.content.decode()
        assert 'href="/"' in response.content.decode()

    def test_an_unknown_restriction_is_not_counted(self, client, private_article):
        article, _restriction = private_article
        for _attempt in range(6):
            response = client.post(
                f"/_util/authenticate_with_password/999999/{article.pk}/",
                {"password": "x", "return_url": "/"},
                REMOTE_ADDR="10.6.4.4",
            )
            assert response.status_code == 404
        assert not AccessAttempt.objects.exists()

    def test_administrators_see_which_page_and_unlock_it(self, client, pipeline, private_article):
        article, restriction = private_article
        for _attempt in range(5):
            page_password(client, article, restriction, "doan-mo", "10.6.5.5")
        admin = client.__class__()
        admin.force_login(pipeline.users["admin"])
        html = admin.get("/admin/security/").content.decode()
        assert "Mật khẩu của trang “Bài nội bộ”: 5" in html
        admin.post("/admin/security/", {"action": "unlock", "kind": "ip", "value": "10.6.5.5"})
        assert page_password(client, article, restriction, "mat-khau-1", "10.6.5.5").status_code == 302


class TestCollectionPasswords:
    def test_five_wrong_passwords_lock_the_form_for_that_address(self, client, tree):
        collection = Collection.get_first_root_node().add_child(name="Tài liệu họp")
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="mat-khau-2"
        )
        url = f"/documents/authenticate_with_password/{restriction.pk}/"

        def post(password, address):
            return client.post(url, {"password": password, "return_url": "/"}, REMOTE_ADDR=address)

        assert [post("doan-mo", "10.7.0.1").status_code for _ in range(5)] == [200] * 4 + [429]
        response = post("mat-khau-2", "10.7.0.1")
        assert response.status_code == 429
        assert LOCKED_MESSAGE in response.content.decode()
        assert post("mat-khau-2", "10.7.0.2").status_code == 302
