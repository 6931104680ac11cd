"""Production settings fail closed; the embedded default needs nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "a-real-secret-from-the-environment-0123456789abcdef",
    "ALLOWED_HOSTS": "thachha.hatinh.gov.vn",
    "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
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


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_settings_refuse_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = load_production_settings(env)
    assert result.returncode != 0
    assert f"Production settings need the environment variable {missing}" in result.stderr


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
