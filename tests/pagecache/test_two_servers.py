"""Two app servers on one database and one Redis: a publish on one is seen on the other at once.

Each server is a gunicorn process with production settings, as in a multi-server deployment
(docs/deployment.md); both serve anonymous readers from the shared page cache.
"""

import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import redis
import requests

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group, Permission
from django.db import connection

from wagtail.models import GroupPagePermission

from tests.news.factories import NewsArticlePageFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Bien-tap-2026!"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def shared_database_url(folder: Path) -> str:
    """The test database, reachable from other processes."""
    if connection.vendor == "sqlite":
        # The suite's SQLite database lives in memory: copy it to a file both servers open.
        target = folder / "shared.sqlite3"
        with sqlite3.connect(target) as copy:
            connection.ensure_connection()
            connection.connection.backup(copy)
        return f"sqlite:///{target}"
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


@contextmanager
def app_server(env: dict[str, str]):
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own fixed command
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application", f"--bind=127.0.0.1:{port}", "--workers=1"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the app server stopped: {process.stderr.read()[-3000:]}")
            try:
                requests.get(f"{base}/robots.txt", timeout=10)
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def sign_in(base: str, username: str) -> dict:
    """Sign in through the admin's login form; the session and CSRF cookies to send back.

    The cookies are marked Secure (production) and this test speaks plain HTTP on loopback,
    so they are carried by hand.
    """
    login = requests.get(f"{base}/admin/login/", timeout=10)
    cookies = {"csrftoken": login.cookies["csrftoken"]}
    response = requests.post(
        f"{base}/admin/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": cookies["csrftoken"]},
        cookies=cookies,
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:500]
    return {**cookies, "sessionid": response.cookies["sessionid"]}


def publisher(django_user_model, tree):
    """An editor who may publish news straight away (no review step, no second factor)."""
    group = Group.objects.create(name="Đăng tin thử nghiệm")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=tree.news, permission=Permission.objects.get(codename=permission)
        )
    user = django_user_model.objects.create_user("dangtin", "dangtin@example.com")
    # Hashed as production hashes it (the suite's own settings use a fast, weak hasher).
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save()
    user.groups.add(group)
    return user


# Committed data, for the servers' own connections; serialized_rollback brings back what the
# migrations created (root page, locale, groups) should another transactional test run first.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_publish_on_one_server_is_seen_on_the_other_at_once(
    tree, make_articles, django_user_model, redis_url, settings
):
    (live,) = make_articles(1, title="Tin đang đăng")
    draft = NewsArticlePageFactory.build(title="Tin vừa được duyệt", live=False)
    tree.culture.add_child(instance=draft)
    draft.save_revision()
    publisher(django_user_model, tree)

    cache_url = redis_url.rsplit("/", 1)[0] + "/13"
    redis.Redis.from_url(cache_url).flushdb()
    with tempfile.TemporaryDirectory() as folder, ExitStack() as servers:
        env = {
            "DJANGO_SETTINGS_MODULE": "tests.pagecache.two_servers_settings",
            "SECRET_KEY": "two-servers-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "DATABASE_URL": shared_database_url(Path(folder)),
            "REDIS_URL": cache_url,
            "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
        first = servers.enter_context(app_server(env))
        second = servers.enter_context(app_server(env))
        section = tree.culture.url

        for base in (first, second):  # both servers fill and use the shared cache
            requests.get(base + section, timeout=10)
            response = requests.get(base + section, timeout=10)
            assert response.headers.get("X-Page-Cache") == "hit"
            assert "Tin đang đăng" in response.text
            assert "Tin vừa được duyệt" not in response.text

        cookies = sign_in(first, "dangtin")
        confirm = requests.get(
            f"{first}/admin/bulk/wagtailcore/page/publish/?id={draft.pk}", cookies=cookies, timeout=30
        )
        assert confirm.status_code == 200, confirm.text[:500]
        published = requests.post(
            f"{first}/admin/bulk/wagtailcore/page/publish/?id={draft.pk}",
            data={"csrfmiddlewaretoken": cookies["csrftoken"]},
            cookies=cookies,
            allow_redirects=False,
            timeout=30,
        )
        assert published.status_code == 302, published.text[:500]

        seen = requests.get(second + section, timeout=10)
        assert "Tin vừa được duyệt" in seen.text
        assert seen.headers.get("X-Page-Cache") == "miss"
        assert requests.get(second + live.url, timeout=10).status_code == 200
