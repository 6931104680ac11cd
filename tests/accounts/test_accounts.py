"""Sign-in security: lockout, unlock, password rules, the second factor, idle sessions, deploy checks."""

import datetime
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from axes.models import AccessAttempt
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts import enrolment, second_factor
from editorial import roles
from tests.accounts.signing_in import LOCKED_MESSAGE, PASSWORD, sign_in, signed_in

pytestmark = pytest.mark.django_db


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wrong_code(device) -> str:
    """A code that none of the accepted time steps (now, one before, one after) produces."""
    valid = {
        f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"
        for drift in (-1, 0, 1)
    }
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


# ---------------------------------------------------------------------------------------------
# Lockout (django-axes)


class TestLockout:
    def test_the_wagtail_login_signs_in_with_the_right_password(self, client, pipeline):
        response = sign_in(client, "bientap")
        assert response.status_code == 302
        assert signed_in(client)

    def test_five_failures_lock_the_account_from_that_address(self, client, pipeline):
        for attempt in range(4):
            response = sign_in(client, "bientap", "sai-mat-khau", address="10.0.1.1")
            assert response.status_code == 200, attempt  # The login form again, with its error.
            assert LOCKED_MESSAGE not in response.content.decode()
        # The fifth failure locks at once.
        assert sign_in(client, "bientap", "sai-mat-khau", address="10.0.1.1").status_code == 429
        response = sign_in(client, "bientap", PASSWORD, address="10.0.1.1")
        assert response.status_code == 429
        html = response.content.decode()
        assert LOCKED_MESSAGE in html
        assert "30 phút" in html
        assert not signed_in(client)
        # Another account from a clean address is not affected.
        assert sign_in(client, "truongban", address="10.0.8.8").status_code == 302
        # Nor the account itself from elsewhere: whoever guessed cannot lock its owner out.
        client.logout()
        assert sign_in(client, "bientap", address="10.0.9.9").status_code == 302

    def test_five_failures_lock_the_address_for_every_account(self, client, pipeline):
        for name in ("a1", "a2", "a3", "a4", "a5"):
            sign_in(client, name, "sai-mat-khau", address="10.0.2.2")
        response = sign_in(client, "vanthu", PASSWORD, address="10.0.2.2")
        assert response.status_code == 429
        assert LOCKED_MESSAGE in response.content.decode()
        assert not signed_in(client)
        assert sign_in(client, "vanthu", address="10.0.3.3").status_code == 302

    def test_the_message_does_not_tell_whether_the_account_exists(self, client, pipeline):
        pages = []
        for name in ("bientap", "khong-ton-tai"):
            address = f"10.1.{len(pages)}.1"
            for _attempt in range(5):
                sign_in(client, name, "sai-mat-khau", address=address)
            response = sign_in(client, name, "sai-mat-khau", address=address)
            assert response.status_code == 429
            pages.append(response.content.decode().replace(client.cookies["csrftoken"].value, ""))
        assert "bientap" not in pages[0]
        assert "khong-ton-tai" not in pages[1]

    def test_the_lock_lifts_after_thirty_minutes(self, client, pipeline):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            for _attempt in range(5):
                sign_in(client, "bientap", "sai-mat-khau", address="10.0.5.5")
            assert sign_in(client, "bientap", address="10.0.5.5").status_code == 429
        with time_machine.travel(start + datetime.timedelta(minutes=31), tick=False):
            assert sign_in(client, "bientap", address="10.0.5.5").status_code == 302

    def test_a_success_forgets_earlier_failures(self, client, pipeline):
        for _attempt in range(4):
            sign_in(client, "bientap", "sai-mat-khau", address="10.0.6.6")
        assert sign_in(client, "bientap", address="10.0.6.6").status_code == 302
        client.logout()
        for _attempt in range(4):
            sign_in(client, "bientap", "sai-mat-khau", address="10.0.6.6")
        assert sign_in(client, "bientap", address="10.0.6.6").status_code == 302

    def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(self, client, pipeline, settings):
        # Without a trusted proxy, a forged X-Forwarded-For cannot spread failures over addresses.
        for attempt in range(5):
            sign_in(client, f"x{attempt}", "sai", address="10.0.7.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}")
        assert sign_in(client, "vanthu", address="10.0.7.7", HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429

    def test_behind_a_trusted_proxy_the_forwarded_address_counts(self, client, pipeline, settings):
        settings.PORTAL_TRUSTED_PROXY_COUNT = 1
        proxy = "127.0.0.1"
        for attempt in range(5):
            sign_in(client, f"y{attempt}", "sai", address=proxy, HTTP_X_FORWARDED_FOR=f"1.2.3.4, 198.51.100.{attempt}")
        # Each failure came from another client (the entry our proxy added, not the forged first one).
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
            f"198.51.100.{attempt}" for attempt in range(5)
        }
        assert sign_in(client, "vanthu", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.200").status_code == 302


class TestUnlock:
    @pytest.fixture
    def locked(self, client, pipeline):
        """The clerk's account is locked (not a user the tests sign in: a sign-in clears one's failures)."""
        for _attempt in range(5):
            sign_in(client, "vanthu", "sai-mat-khau", address="10.2.1.1")
        assert sign_in(client, "vanthu", address="10.2.1.1").status_code == 429
        return pipeline

    @pytest.fixture
    def technical_team_member(self, django_user_model, locked):
        from django.contrib.auth.models import Group

        user = django_user_model.objects.create_user(username="kythuat", password=PASSWORD)
        user.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
        return user

    def test_administrators_see_the_lock_and_unlock_it(self, client, locked, technical_team_member):
        admin = client.__class__()
        admin.force_login(technical_team_member)
        page = admin.get("/admin/security/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "Đăng nhập đang bị khóa" in html
        assert "vanthu" in html
        assert "Mở khóa" in html
        response = admin.post("/admin/security/", {"action": "unlock", "kind": "username", "value": "vanthu"})
        assert response.status_code == 302
        assert "Hiện không có tên đăng nhập hay địa chỉ nào bị khóa." in admin.get("/admin/security/").content.decode()
        assert sign_in(client, "vanthu", address="10.2.1.1").status_code == 302

    def test_the_menu_item_is_shown_to_administrators_only(self, client, locked, technical_team_member):
        client.force_login(technical_team_member)
        assert "/admin/security/" in client.get("/admin/").content.decode()
        client.force_login(locked.users["board"])
        assert '/admin/security/"' not in client.get("/admin/").content.decode()

    @pytest.mark.parametrize("role", ["board", "head", "contributor", "editor_a", "board_a"])
    def test_others_get_403_and_nothing_changes(self, client, locked, role):
        before = AccessAttempt.objects.count()
        client.force_login(locked.users[role])
        assert client.get("/admin/security/").status_code == 403
        response = client.post("/admin/security/", {"action": "unlock", "kind": "username", "value": "vanthu"})
        assert response.status_code == 403
        assert AccessAttempt.objects.count() == before

    def test_a_bad_unlock_request_says_so(self, client, locked, technical_team_member):
        client.force_login(technical_team_member)
        response = client.post("/admin/security/", {"action": "unlock", "kind": "other", "value": ""}, follow=True)
        assert "Không có gì để mở khóa" in response.content.decode()
        assert AccessAttempt.objects.filter(username="vanthu").exists()

    def test_axes_reset_command_unlocks(self, client, locked):
        from django.core.management import call_command

        call_command("axes_reset_username", "vanthu")
        assert sign_in(client, "vanthu", address="10.2.1.1").status_code == 302


# ---------------------------------------------------------------------------------------------
# Password rules


class TestPasswords:
    def test_the_demo_password_passes_for_every_demo_account(self, pipeline):
        for user in pipeline.users.values():
            validate_password(PASSWORD, user)

    @pytest.mark.parametrize(
        ("password", "message"),
        [
            ("Ngan@12", "quá ngắn"),
            ("matkhaudai1234", "chữ cái và chữ số"),
            ("khong-co-chu-so", "chữ cái và chữ số"),
            ("123456789012", "chữ cái và chữ số"),
            ("password1234", "quá thông dụng"),
            ("Bientap@20201", "quá giống"),
        ],
    )
    def test_weak_passwords_are_refused_in_vietnamese(self, pipeline, password, message):
        with translation.override("vi"), pytest.raises(ValidationError) as refused:
            validate_password(password, pipeline.users["board"])
        assert any(message in text for text in refused.value.messages), refused.value.messages

    @pytest.mark.parametrize("password", ["Song-Hong-2024!", "CauLongBien2024", "mua xuan 2024 @ha tinh"])
    def test_strong_passwords_pass(self, pipeline, password):
        validate_password(password, pipeline.users["board"])

    def test_help_text_is_vietnamese(self):
        from django.contrib.auth.password_validation import password_validators_help_texts

        with translation.override("vi"):
            texts = " ".join(password_validators_help_texts())
        assert "12 ký tự" in texts
        assert "chữ cái và chữ số" in texts


# ---------------------------------------------------------------------------------------------
# Second factor (TOTP)


@pytest.fixture
def require_2fa(settings):
    settings.PORTAL_REQUIRE_2FA = True


def prove_enrolment(client, user):
    """Enter a one-time enrolment code, as the enrolment page asks before it shows a key."""
    response = client.post("/admin/two-step/enrol/", {"code": enrolment.issue(user)})
    assert response.status_code == 302


REQUIRED_ROLES = ["admin", "board", "head"]
OPTIONAL_ROLES = ["contributor", "clerk", "editor_a", "board_a"]


class TestSecondFactor:
    @pytest.mark.parametrize("role", REQUIRED_ROLES)
    def test_required_roles_without_a_device_are_sent_to_enrol(self, client, pipeline, require_2fa, role):
        client.force_login(pipeline.users[role])
        for url in ("/admin/", "/admin/pages/", f"/admin/pages/{pipeline.tree.home.pk}/edit/"):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/admin/two-step/enrol/?next=")

    def test_a_technical_team_member_who_is_not_superuser_is_required_too(
        self, client, pipeline, require_2fa, django_user_model
    ):
        from django.contrib.auth.models import Group

        user = django_user_model.objects.create_user(username="kythuat", password=PASSWORD)
        user.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
        assert second_factor.is_required(user)
        client.force_login(user)
        assert client.get("/admin/")["Location"].startswith("/admin/two-step/enrol/")

    @pytest.mark.parametrize("role", OPTIONAL_ROLES)
    def test_other_roles_are_not_forced(self, client, pipeline, require_2fa, role):
        client.force_login(pipeline.users[role])
        assert client.get("/admin/").status_code == 200

    def test_nothing_is_forced_when_the_setting_is_off(self, client, pipeline, settings):
        settings.PORTAL_REQUIRE_2FA = False
        client.force_login(pipeline.users["board"])
        assert client.get("/admin/").status_code == 200

    def test_public_pages_do_not_ask(self, client, pipeline, require_2fa):
        client.force_login(pipeline.users["board"])
        assert client.get("/").status_code == 200

    def test_enrolment_shows_a_qr_code_and_the_key_then_confirms_a_code(self, client, pipeline, require_2fa):
        user = pipeline.users["board"]
        sign_in(client, "bientap")
        first = client.get("/admin/")
        assert first["Location"] == "/admin/two-step/enrol/?next=%2Fadmin%2F"
        prove_enrolment(client, user)
        page = client.get(first["Location"])
        assert page.status_code == 200
        html = page.content.decode()
        assert "Bật xác thực hai bước" in html
        assert "<svg" in html and "<path" in html  # The QR code, drawn inline.
        assert not re.search(r'<(script|img|link)[^>]+(src|href)="https?:', html)  # Nothing from another site.
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        assert page.context["secret"].replace(" ", "") in device.config_url
        assert "Th%E1%BA%A1ch%20H%C3%A0" in device.config_url  # The portal's name as the issuer in the app.

        malformed = client.post(first["Location"], {"token": "12ab"})
        assert malformed.status_code == 400
        assert "Mã gồm 6 chữ số" in malformed.content.decode()
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            wrong = client.post(first["Location"], {"token": wrong_code(device)})
            assert wrong.status_code == 400
            assert "Mã không đúng hoặc đã hết hạn" in wrong.content.decode()
            # A wrong code slows the next try down (django-otp throttling), even with the right code.
            throttled = client.post(first["Location"], {"token": code_for(device)})
            assert throttled.status_code == 429
            assert "Nhập sai mã quá nhiều lần" in throttled.content.decode()
        device.refresh_from_db()
        assert not device.confirmed

        with time_machine.travel(start + datetime.timedelta(seconds=5), tick=False):
            response = client.post(first["Location"], {"token": code_for(device), "next": "/admin/"})
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
        device.refresh_from_db()
        assert device.confirmed
        assert client.get("/admin/").status_code == 200

    def test_with_a_device_the_next_sign_in_asks_for_a_code(self, client, pipeline, require_2fa):
        user = pipeline.users["head"]
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)
        sign_in(client, "truongban")
        response = client.get("/admin/pages/")
        assert response["Location"] == "/admin/two-step/verify/?next=%2Fadmin%2Fpages%2F"
        page = client.get(response["Location"])
        assert "Mở ứng dụng xác thực trên điện thoại" in page.content.decode()
        # Enrolment is closed to someone who already has a device.
        assert client.get("/admin/two-step/enrol/")["Location"].startswith("/admin/two-step/verify/")
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            wrong = client.post(response["Location"], {"token": wrong_code(device)})
            assert wrong.status_code == 400
            assert client.get("/admin/pages/").status_code == 302
        with time_machine.travel(start + datetime.timedelta(seconds=5), tick=False):
            done = client.post(response["Location"], {"token": code_for(device), "next": "/admin/pages/"})
        assert done["Location"] == "/admin/pages/"
        assert client.get("/admin/").status_code == 200

    def test_the_next_address_must_be_this_site(self, client, pipeline, require_2fa):
        device = TOTPDevice.objects.create(user=pipeline.users["head"], name="TOTP", confirmed=True)
        client.force_login(pipeline.users["head"])
        done = client.post("/admin/two-step/verify/", {"token": code_for(device), "next": "https://evil.example/"})
        assert done["Location"] == "/admin/"

    def test_logout_and_the_admin_scripts_stay_reachable(self, client, pipeline, require_2fa):
        client.force_login(pipeline.users["board"])
        assert client.get("/admin/jsi18n/").status_code == 200
        assert client.get("/admin/sprite/").status_code == 200
        response = client.post("/admin/logout/")
        assert response.status_code == 302
        assert not signed_in(client)

    def test_a_contributor_may_enrol_and_is_then_asked_for_a_code(self, client, pipeline, require_2fa):
        user = pipeline.users["contributor"]
        client.force_login(user)
        page = client.get("/admin/security/two-step/")
        assert "Xác thực hai bước đang tắt" in page.content.decode()
        prove_enrolment(client, user)
        client.get("/admin/two-step/enrol/")
        device = TOTPDevice.objects.get(user=user)
        client.post("/admin/two-step/enrol/", {"token": code_for(device)})
        client.logout()
        client.force_login(user)
        assert client.get("/admin/")["Location"].startswith("/admin/two-step/verify/")

    def test_a_contributor_may_turn_it_off_but_the_board_may_not(self, client, pipeline, require_2fa):
        for role, allowed in (("contributor", True), ("board", False)):
            user = pipeline.users[role]
            device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)
            client.force_login(user)
            client.post("/admin/two-step/verify/", {"token": code_for(device)})
            response = client.post("/admin/security/two-step/")
            assert (response.status_code == 302) is allowed
            assert TOTPDevice.objects.filter(user=user).exists() is not allowed

    def test_administrators_reset_a_lost_device(self, client, pipeline, require_2fa):
        board = pipeline.users["board"]
        TOTPDevice.objects.create(user=board, name="TOTP", confirmed=True)
        admin = pipeline.users["admin"]
        admin_device = TOTPDevice.objects.create(user=admin, name="TOTP", confirmed=True)
        client.force_login(admin)
        client.post("/admin/two-step/verify/", {"token": code_for(admin_device)})
        page = client.get("/admin/security/")
        assert "bientap" in page.content.decode()
        response = client.post("/admin/security/", {"action": "reset_device", "user": board.pk}, follow=True)
        assert "đã được đặt lại" in response.content.decode()
        assert not TOTPDevice.objects.filter(user=board).exists()
        client.force_login(board)
        assert client.get("/admin/")["Location"].startswith("/admin/two-step/enrol/")

    def test_the_board_cannot_reset_devices(self, client, pipeline):
        contributor = pipeline.users["contributor"]
        TOTPDevice.objects.create(user=contributor, name="TOTP", confirmed=True)
        client.force_login(pipeline.users["board"])
        response = client.post("/admin/security/", {"action": "reset_device", "user": contributor.pk})
        assert response.status_code == 403
        assert TOTPDevice.objects.filter(user=contributor).exists()


# ---------------------------------------------------------------------------------------------
# Idle sessions


class TestIdleSession:
    def test_an_idle_session_is_signed_out_after_thirty_minutes(self, client, pipeline):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            client.force_login(pipeline.users["board"])
            assert client.get("/admin/").status_code == 200
        with time_machine.travel(start + datetime.timedelta(minutes=31), tick=False):
            response = client.get("/admin/")
            assert response.status_code == 302
            assert response["Location"].startswith("/admin/login/")

    def test_an_active_session_stays_signed_in(self, client, pipeline):
        start = timezone.now()
        client.force_login(pipeline.users["board"])
        for minutes in (0, 20, 40, 60, 80):
            with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
                assert client.get("/admin/").status_code == 200, minutes

    def test_anonymous_readers_get_no_session(self, client, tree):
        response = client.get("/")
        assert django_settings.SESSION_COOKIE_NAME not in response.cookies


# ---------------------------------------------------------------------------------------------
# Deploy checks


def test_check_deploy_passes_with_production_settings():
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "cong.thachha.example",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:////tmp/portal-check-deploy.sqlite3"),
        "WAGTAILADMIN_BASE_URL": "https://cong.thachha.example",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    root = Path(__file__).resolve().parents[2]
    env = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        ALLOWED_HOSTS="cong.thachha.example",
        DATABASE_URL="sqlite:////tmp/portal-check-deploy.sqlite3",
        WAGTAILADMIN_BASE_URL="https://cong.thachha.example",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
