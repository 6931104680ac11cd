"""Links in e-mails lead to the address the portal is actually served at."""

import os
import subprocess
import sys

import pytest

from wagtail.models import Site

from tests.portal.test_settings import PRODUCTION_ENV, ROOT, load_production_settings


def dev_setting(name, **env):
    clean = {key: value for key, value in os.environ.items() if key not in {"PORTAL_BASE_URL", "WAGTAILADMIN_BASE_URL"}}
    clean.update(env)
    result = subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", f"from portal.settings import dev; print(dev.{name})"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_development_links_follow_the_address_runserver_serves():
    assert dev_setting("WAGTAILADMIN_BASE_URL", PORTAL_BASE_URL="http://127.0.0.1:8123") == "http://127.0.0.1:8123"
    assert dev_setting("PORTAL_BASE_URL", PORTAL_BASE_URL="http://0.0.0.0:9000/") == "http://0.0.0.0:9000"
    assert dev_setting("WAGTAILADMIN_BASE_URL") == "http://127.0.0.1:8000"


def test_make_run_tells_the_demo_and_runserver_the_address_it_serves():
    result = subprocess.run(
        ["make", "-n", "run", "demo", "HOST=127.0.0.1", "PORT=8123"],  # noqa: S607 - make from PATH
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    served = [line for line in lines if "load_demo" in line or "runserver" in line]
    assert len(served) == 3, lines
    assert all(line.startswith("PORTAL_BASE_URL=http://127.0.0.1:8123 ") for line in served), served


def test_production_admin_links_never_get_a_double_slash():
    code = "from portal.settings import production as p; print(p.WAGTAILADMIN_BASE_URL)"
    result = load_production_settings(
        {**PRODUCTION_ENV, "WAGTAILADMIN_BASE_URL": "https://thachha.hatinh.gov.vn/"}, code
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://thachha.hatinh.gov.vn"


@pytest.mark.django_db
def test_the_demo_sites_answer_at_the_served_address(tree):
    from demo.builders import DemoBuilder

    commune_home = tree.economy  # any page: a component site's root
    commune = Site.objects.create(hostname="thachdai.localhost", port=80, root_page=commune_home)
    builder = DemoBuilder()
    builder.serve_sites_at("http://127.0.0.1:8123")
    tree.site.refresh_from_db()
    commune.refresh_from_db()
    assert (tree.site.hostname, tree.site.port) == ("127.0.0.1", 8123)
    assert (commune.hostname, commune.port) == ("thachdai.localhost", 8123)
    assert tree.culture.get_full_url() == "http://127.0.0.1:8123/tin-tuc/van-hoa-xa-hoi/"
    assert commune_home.get_full_url() == "http://thachdai.localhost:8123/"

    builder.serve_sites_at("")  # the test settings serve nothing: the Sites stay as they are
    tree.site.refresh_from_db()
    assert (tree.site.hostname, tree.site.port) == ("127.0.0.1", 8123)
