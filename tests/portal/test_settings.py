"""Production settings fail closed; the embedded default needs nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "Yq3vT8-nRk2ZpLw7sXb5HdJ0mCf9GaUe4QiN6oVtKy1PzWr_EhMjBc",
    "ALLOWED_HOSTS": "thachha.hatinh.gov.vn",
    "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "WAGTAILADMIN_BASE_URL": "https://thachha.hatinh.gov.vn",
}


SUMMARY = (
    "import django.conf as c; from portal.settings import production as p; "
    "print(p.DEBUG, p.ALLOWED_HOSTS, p.DATABASES['default']['ENGINE'], p.SECURE_SSL_REDIRECT)"
)


def load_production_settings(env, code=SUMMARY):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    clean.update(env)
    return subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, check=False
    )


def test_production_settings_load_with_every_secret_from_the_environment():
    result = load_production_settings(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "['thachha.hatinh.gov.vn']", "django.db.backends.postgresql", "True"]


def test_production_neither_installs_nor_imports_the_demo_or_the_benchmarks():
    code = (
        "import sys, django; django.setup(); from django.conf import settings; "
        "print([app for app in settings.INSTALLED_APPS if app in ('demo', 'bench')], "
        "[name for name in sys.modules if name.split('.')[0] in ('demo', 'bench')])"
    )
    result = load_production_settings({**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "portal.settings.production"}, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["[]", "[]"]


def test_the_bench_settings_are_production_plus_the_bench_commands():
    code = (
        "from portal.settings import bench, production; "
        "print(bench.INSTALLED_APPS == ['bench', *production.INSTALLED_APPS], bench.DEBUG)"
    )
    result = load_production_settings(PRODUCTION_ENV, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_production_settings_refuse_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = load_production_settings(env)
    assert result.returncode != 0
    assert f"Production settings need the environment variable {missing}" in result.stderr


def test_production_without_redis_says_why_it_needs_it():
    """Memory caches are per process: a publish would retire cached pages in one worker only."""
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "REDIS_URL"}
    result = load_production_settings(env)
    assert result.returncode != 0
    assert "Every worker must share one Redis cache" in result.stderr


def test_production_settings_refuse_a_well_known_secret_key():
    result = load_production_settings({**PRODUCTION_ENV, "SECRET_KEY": "changeme"})
    assert result.returncode != 0
    assert "Production settings refuse this SECRET_KEY: it is shorter than 50 characters" in result.stderr
    assert "changeme" not in result.stderr  # the key itself is never printed


def the_repository_keys() -> list[str]:
    """The development and test settings' keys, read where they are set."""
    code = "from portal.settings import dev, test; print(dev.SECRET_KEY); print(test.SECRET_KEY)"
    result = load_production_settings({}, code)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("changeme", "shorter than 50"),
        ("secret", "shorter than 50"),
        ("django-insecure-" + "k3P9vQx7ZmT2wLr8sYdN4bHfJ6cUeA1oGiK5pVtXzW0qRnMyE", "django-insecure-"),
        ("ab" * 40, "fewer than 5 different"),
        ("changeme-" * 8, "well-known"),
        ("Secret_Password_Default_Example_ChangeMe_Django_123", "well-known"),
    ],
)
def test_weak_secret_keys_are_refused_with_the_reason(key, reason):
    from portal.secret_key import weakness

    assert reason in (weakness(key) or "")


def test_the_repositorys_own_keys_are_refused():
    from portal.secret_key import weakness

    keys = the_repository_keys()
    assert len(keys) == 2
    for key in keys:
        assert weakness(key) is not None, key
        assert weakness(key + "-" + key) is not None, key


def test_generated_keys_are_accepted():
    import secrets

    from portal.secret_key import weakness

    assert weakness(PRODUCTION_ENV["SECRET_KEY"]) is None
    assert weakness(secrets.token_urlsafe(50)) is None  # what the Makefile's bench targets make


def test_portal_speaks_vietnamese_in_hanoi_time(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.WAGTAIL_ALLOW_UNICODE_SLUGS is False


def test_weekdays_are_written_as_government_documents_write_them():
    from datetime import date

    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.date_format(date(2026, 11, 23), "l, d/m/Y") == "Thứ Hai, 23/11/2026"
        assert formats.date_format(date(2026, 11, 29), "l") == "Chủ nhật"


REPLICA_SUMMARY = (
    "from portal.settings import production as p; "
    "print('replica' in p.DATABASES, getattr(p, 'DATABASE_ROUTERS', []), p.MIDDLEWARE[0], "
    "p.DATABASES.get('replica', {}).get('HOST'))"
)


def test_a_read_replica_installs_the_router_before_every_middleware():
    result = load_production_settings(
        {**PRODUCTION_ENV, "DATABASE_REPLICA_URL": "postgres://portal@10.0.0.2:5432/portal"}, REPLICA_SUMMARY
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "['portal.db_router.PrimaryReplicaRouter']",
        "portal.db_router.ReplicaMiddleware",
        "10.0.0.2",
    ]


def test_without_a_replica_there_is_no_router():
    result = load_production_settings(PRODUCTION_ENV, REPLICA_SUMMARY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "[]", "pagecache.middleware.PageCacheMiddleware", "None"]


def test_a_replica_must_be_postgresql_like_its_primary():
    result = load_production_settings({**PRODUCTION_ENV, "DATABASE_REPLICA_URL": "sqlite:////tmp/replica.sqlite3"})
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL must be a PostgreSQL streaming replica" in result.stderr
