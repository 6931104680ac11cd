"""Every public page type is valid HTML: the W3C Nu HTML Checker (``vnu.jar``) finds no error.

The demo portal is built once for the module (inside a transaction rolled back afterwards, as in
``tests/demo/test_demo.py``), each page type is rendered with the test client into a file, and the
checker runs once over all of them: the JVM takes seconds to start. A known-invalid page goes with
them, so a checker that silently checks nothing cannot pass.

The checker comes from the npm package ``vnu-jar`` (``npm ci``) and runs on Java 11 or later.
Outside CI a missing Java or ``vnu.jar`` skips the test; with ``CI=true`` it fails it.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from django.core.cache import cache
from django.db import transaction
from django.test import Client, RequestFactory

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CONTROL = "control-invalid"

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def checker_command() -> list[str]:
    java = shutil.which("java")
    missing = None
    if java is None:
        missing = "Java is not installed (apt-get install -y default-jre-headless)"
    elif not VNU_JAR.exists():
        missing = f"The Nu HTML Checker is missing at {VNU_JAR.relative_to(ROOT)}: npm ci"
    if missing:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"{missing} (CI is set, so this test may not be skipped)", pytrace=False)
        pytest.skip(missing)
    return [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only"]


def demo_addresses() -> dict[str, str]:
    """Page type -> address, one live page of each kind in the demo."""
    from wagtail.models import Page

    from communes.models import CommuneIndexPage, CommunePage
    from legal_docs.models import LegalDocumentIndexPage, LegalDocumentPage
    from news.models import NewsArticlePage, NewsCategoryPage, NewsIndexPage
    from schedule.models import ScheduleIndexPage, WeeklySchedulePage

    sections = NewsCategoryPage.objects.live().public().order_by("path")
    section = next(s for s in sections if NewsArticlePage.objects.live().public().child_of(s).exists())
    article = NewsArticlePage.objects.live().public().child_of(section).order_by("-first_published_at").first()
    document = LegalDocumentPage.objects.live().public().order_by("-first_published_at").first()
    documents = LegalDocumentIndexPage.objects.live().first()
    news = NewsIndexPage.objects.live().first()
    addresses = {
        "home": "/",
        "news index": news.url,
        "news index, page 2": f"{news.url}?page=2",
        "section": section.url,
        "article": article.url,
        "article, print view": f"{article.url}?print=1",
        "commune index": CommuneIndexPage.objects.live().first().url,
        "commune": CommunePage.objects.live().order_by("path").first().url,
        "documents": documents.url,
        "documents, filtered": f"{documents.url}?type=quyet-dinh&status=con-hieu-luc",
        "documents, no match": f"{documents.url}?q=xyzzyqwv",
        "document": document.url,
        "document, print view": f"{document.url}ban-in/",
        "schedule, this week": ScheduleIndexPage.objects.live().first().url,
        "schedule, other week": WeeklySchedulePage.objects.live().public().order_by("path").first().url,
        "search results": "/tim-kiem/?q=quyet+dinh",
        "search, filtered": "/tim-kiem/?q=xa&type=tin-tuc&from=2020-01-01&to=2100-12-31",
        "search, no result": "/tim-kiem/?q=xyzzyqwv",
        "search, empty": "/tim-kiem/",
        "not found (404)": "/trang-khong-ton-tai/",
    }
    for app_label in ("about", "questions"):
        for page in Page.objects.live().public().filter(content_type__app_label=app_label).order_by("path"):
            addresses.setdefault(f"{app_label}: {page.content_type.model}", page.url)
    return addresses


def error_pages() -> dict[str, str]:
    """The pages the portal answers with when something fails, rendered as their handlers do."""
    from django.views.defaults import server_error

    from ops.unavailable import service_unavailable

    request = RequestFactory().get("/tin-tuc/")
    return {
        "server error (500)": server_error(request).content.decode(),
        "unavailable (503)": service_unavailable(request).content.decode(),
    }


def render_pages(client) -> dict[str, str]:
    pages = {}
    addresses = demo_addresses()
    for name, address in addresses.items():
        response = client.get(address)
        expected = 404 if "404" in name else 200
        assert response.status_code == expected, f"{name}: {address} answered {response.status_code}"
        pages[f"{name} ({address})"] = response.content.decode()
    questions = addresses.get("questions: questionindexpage")
    if questions:
        # The form sent back with errors: every field's message must be valid markup too.
        response = client.post(questions, {"text": "x"})
        assert response.status_code == 400 and b"questions-field__errors" in response.content
        pages[f"questions, form with errors ({questions})"] = response.content.decode()
    pages.update(error_pages())
    return pages


def run_checker(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """Write each page to a file, check them all in one JVM, return the errors per page."""
    command = checker_command()
    files = {}
    for number, (name, html) in enumerate(pages.items()):
        path = folder / f"page-{number:02d}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = name
    control = folder / f"{CONTROL}.html"
    control.write_text("<!DOCTYPE html><html lang=vi><title>x</title><table><tr role=row><td>1</td></tr></table>")
    files[control.name] = CONTROL
    paths = sorted(str(path) for path in folder.glob("*.html"))
    result = subprocess.run([*command, *paths], capture_output=True, text=True, timeout=600)  # noqa: S603 - our files
    messages = json.loads(result.stderr)["messages"]
    errors = {name: [] for name in files.values()}
    for message in messages:
        if message.get("type") not in {"error", "non-document-error"} and message.get("subType") != "fatal":
            continue
        url = message.get("url", "")
        name = files.get(url.rsplit("/", 1)[-1], url)
        where = f"line {message.get('lastLine', '?')}: " if "lastLine" in message else ""
        extract = " ".join(message.get("extract", "").split())[:160]
        errors.setdefault(name, []).append(f"{where}{message['message']}  «{extract}»")
    return errors


@pytest.fixture(scope="module")
def checked_pages(django_db_setup, django_db_blocker, tmp_path_factory):
    checker_command()  # skip, or fail, before the slow demo build
    from demo.builders import DemoBuilder

    with django_db_blocker.unblock(), transaction.atomic():
        DemoBuilder().build()
        cache.clear()
        pages = render_pages(Client())
        transaction.set_rollback(True)
    cache.clear()  # Wagtail caches site root paths, and the page cache pages, of the rolled-back demo
    return pages, run_checker(pages, tmp_path_factory.mktemp("html"))


def test_the_checker_runs_and_finds_errors_in_invalid_markup(checked_pages):
    _, errors = checked_pages
    assert any("role" in error for error in errors[CONTROL]), errors[CONTROL]


def test_every_public_page_type_is_valid_html(checked_pages):
    pages, errors = checked_pages
    invalid = {name: found for name, found in errors.items() if name != CONTROL and found}
    report = "\n".join(f"{name}: {len(found)} errors\n  " + "\n  ".join(found) for name, found in invalid.items())
    assert not invalid, (
        f"{sum(map(len, invalid.values()))} HTML errors on {len(invalid)} of {len(pages)} pages:\n{report}"
    )
