"""Browser tests: Playwright drives Debian's Chromium against a live server holding the demo portal.

How the pieces fit, and why:

- The demo portal (``demo.builders.DemoBuilder``) is built once for this package, inside a
  transaction that is rolled back when the package is done (as ``tests/demo/test_demo.py`` does), so
  the other test modules that run later on the same pytest-xdist worker find the database empty.
  The modules mark themselves ``xdist_group("browser")`` and pytest runs with
  ``--dist loadgroup``, so one worker builds it once.
- The live server's thread shares this thread's database connection, so it sees the uncommitted
  demo. Django's ``LiveServerTestCase`` does that for in-memory SQLite only; here it is done for
  PostgreSQL too, with two precautions: the server handles one request at a time (a connection is
  not safe for two requests at once) and nothing may close the connection while it is lent
  (closing it would end the transaction).
- Each test runs inside a savepoint rolled back after it (pytest-django's ``db``), so an article
  one test submits and publishes is gone for the next.
- Outside CI a missing Chromium, Playwright or axe-core skips these tests with the reason; with
  ``CI=true`` it fails them.
"""

import os
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from django.core.cache import cache
from django.core.servers.basehttp import WSGIServer
from django.db import connections, transaction
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler

from . import axe

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_JS = axe.AXE_JS
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 740}}
DEMO_PASSWORD = "ThachHa@2020"  # the documented password of the demo accounts


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing_tool(reason: str):
    """Skip outside CI; fail in CI, where the browser tests must run."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so the browser tests may not be skipped)", pytrace=False)
    pytest.skip(reason)


def check_tools():
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing_tool("Playwright is not installed: .venv/bin/pip install -r requirements-dev.txt")
    if not CHROMIUM.exists():
        missing_tool(f"Chromium is missing at {CHROMIUM}: apt-get install -y chromium")


def check_axe():
    if not AXE_JS.exists():
        missing_tool(f"axe-core is missing at {AXE_JS.relative_to(ROOT)}: npm ci")


@pytest.fixture(scope="session")
def browser_tools():
    """Checked before the test database is made, so a machine without them skips at once."""
    check_tools()


@pytest.fixture
def axe_installed():
    check_axe()


# --- The live server ----------------------------------------------------------------------


class OneRequestAtATimeServer(WSGIServer):
    """Django's development server without threads: requests never share the lent connection."""


class SharedConnectionServerThread(LiveServerThread):
    def _create_server(self, connections_override=None):
        return OneRequestAtATimeServer((self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False)


def serve_static_with_the_app(app):
    """WhiteNoise (in the middleware) serves /static/ as in production; media files are served
    by Django's test handler that ``LiveServerThread`` puts around the app."""
    return app


def _keep_open():
    """Stands in for ``close()`` while the connection is lent (Django closes connections after
    each request and when the server thread ends)."""


@contextmanager
def lent_connections():
    lent = {}
    for conn in connections.all(initialized_only=True):
        conn.inc_thread_sharing()
        conn.close = _keep_open
        lent[conn.alias] = conn
    try:
        yield lent
    finally:
        for conn in lent.values():
            del conn.close
            conn.dec_thread_sharing()


@contextmanager
def live_server_thread(lent):
    thread = SharedConnectionServerThread("127.0.0.1", serve_static_with_the_app, connections_override=lent)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()


# --- The demo portal ----------------------------------------------------------------------


@dataclass
class Portal:
    """The running demo portal: its address, the browser, and the pages the tests visit."""

    url: str
    browser: object
    paths: dict = field(default_factory=dict)
    titles: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)
    commune_editors: dict = field(default_factory=dict)

    def new_context(self, width="desktop", **options):
        viewport = VIEWPORTS[width]
        context = self.browser.new_context(
            base_url=self.url,
            viewport=viewport,
            screen=viewport,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            is_mobile=width == "phone",
            has_touch=width == "phone",
            **options,
        )
        context.set_default_timeout(15_000)
        return context


def describe_demo(portal: Portal):
    """Record the addresses of one page of each kind (read before the server starts)."""
    from wagtail.models import Page

    from communes.models import CommuneIndexPage, CommunePage
    from legal_docs.models import LegalDocumentIndexPage, LegalDocumentPage
    from news.models import NewsArticlePage, NewsCategoryPage, NewsIndexPage
    from schedule.models import ScheduleIndexPage, WeeklySchedulePage

    def remember(key, page):
        if page is not None:
            portal.paths[key] = page.url
            portal.titles[key] = page.title
            portal.ids[key] = page.pk

    remember("home", Page.objects.get(url_path="/home/").specific)
    remember("news_index", NewsIndexPage.objects.live().first())
    sections = NewsCategoryPage.objects.live().order_by("path")
    section = next(s for s in sections if NewsArticlePage.objects.live().public().child_of(s).exists())
    remember("section", section)
    remember("other_section", sections.exclude(pk=section.pk).first())
    remember("article", NewsArticlePage.objects.live().public().child_of(section).order_by("-first_published_at")[0])
    remember("commune_index", CommuneIndexPage.objects.live().first())
    communes = list(CommunePage.objects.live().order_by("path")[:2])
    remember("commune", communes[0])
    remember("other_commune", communes[1])
    portal.commune_editors = {"commune": f"{communes[0].slug}-bientap", "other_commune": f"{communes[1].slug}-bientap"}
    remember("documents", LegalDocumentIndexPage.objects.live().first())
    remember("document", LegalDocumentPage.objects.live().public().order_by("-first_published_at").first())
    remember("schedule", ScheduleIndexPage.objects.live().first())
    remember("week", WeeklySchedulePage.objects.live().public().order_by("-path").first())
    # Pages other helpers are adding (introduction, English page, agency links, questions):
    # each kind that exists is visited, the first live page of each model.
    for app_label in ("about", "questions"):
        for page in Page.objects.live().public().filter(content_type__app_label=app_label).order_by("path"):
            key = f"{app_label}:{page.content_type.model}"
            if key not in portal.paths:
                remember(key, page)


def pytest_terminal_summary(terminalreporter):
    """After a run in one process (``make test-browser``), the table of axe-core's counts. In a
    parallel run this file is not loaded where the summary is written: print the table with
    ``.venv/bin/python -m tests.browser.axe``."""
    results = axe.load_results()
    if results:
        terminalreporter.write_sep("-", "axe-core: rules broken per impact (elements), per page and width")
        terminalreporter.write_line(axe.summary_table(results))


def warm_up(portal: Portal):
    """Render each page once, so its image renditions are made in the demo's transaction: made
    inside a test they would be rolled back with it and made again by the next test."""
    from django.test import Client

    client = Client()
    for path in portal.paths.values():
        client.get(path)


@pytest.fixture(scope="package")
def portal(browser_tools, django_db_setup, django_db_blocker):
    axe.clear_results()  # all browser tests run on one worker: the table is this run's
    from playwright.sync_api import sync_playwright

    from demo.builders import DemoBuilder

    # Sync Playwright keeps an event loop running in this thread, which Django's ORM takes for
    # async code: allowed for these tests only, and put back afterwards.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            DemoBuilder().build()
            portal = Portal(url="", browser=None)
            describe_demo(portal)
            warm_up(portal)
            cache.clear()
            with lent_connections() as lent, live_server_thread(lent) as url, sync_playwright() as playwright:
                # With an event loop running, Django keeps this thread's connections apart
                # (asgiref's Local turns into a context variable): hand it the same ones again,
                # or the tests and pytest-django's ``db`` would open a second connection outside
                # the demo's transaction.
                for alias, conn in lent.items():
                    connections[alias] = conn
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                portal.url, portal.browser = url, browser
                try:
                    yield portal
                finally:
                    browser.close()
            transaction.set_rollback(True)
    finally:
        cache.clear()  # Wagtail caches site root paths, and the page cache pages, of the rolled-back demo
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(portal, db):
    """The portal, with whatever this test writes rolled back afterwards: pytest-django's ``db``
    wraps the test in an atomic block, here a savepoint inside the demo's transaction."""
    cache.clear()
    yield portal
    cache.clear()


@pytest.fixture(params=list(VIEWPORTS))
def width(request):
    return request.param


@pytest.fixture
def page(site, width):
    """A fresh browser tab (its own cookies) at the width of the test."""
    context = site.new_context(width)
    tab = context.new_page()
    yield tab
    with suppress(Exception):
        context.close()
