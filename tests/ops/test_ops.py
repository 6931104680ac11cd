"""Faults and operations: the 503 page, /healthz, two editors on one page, backup and restore."""

import io
import json
import os
import subprocess
import sys
import tarfile
import textwrap
import uuid
from pathlib import Path
from unittest import mock

import pytest
from bs4 import BeautifulSoup

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from wagtail.models import Page, Revision
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from news.models import NewsArticlePage
from ops.portable import schema_differences
from tests.core.factories import ImageFactory
from tests.legal_docs.factories import make_document, pdf_bytes
from tests.news.factories import NewsArticlePageFactory

ROOT = Path(settings.BASE_DIR)
IN_CI = os.environ.get("CI") == "true"


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter with the project's settings and extra environment."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", **env}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


# --- The database is down -------------------------------------------------------------------

DOWN_SCRIPT = """
    import json, django
    django.setup()
    from django.test import Client
    client = Client(raise_request_exception=False)
    result = {}
    for path in ["/", "/tin-tuc/", "/tim-kiem/?q=quyet+dinh", "/healthz"]:
        response = client.get(path)
        result[path] = {
            "status": response.status_code,
            "retry_after": response.get("Retry-After"),
            "cache_control": response.get("Cache-Control", ""),
            "type": response["Content-Type"],
            "body": response.content.decode(),
        }
    print(json.dumps(result))
"""

DOWN_DATABASES = {
    "sqlite file that cannot be opened": "sqlite:////nonexistent-portal-dir/no/db.sqlite3",
    "postgresql on a closed port": "postgres://postgres@127.0.0.1:1/portal_down",
}


@pytest.mark.parametrize("database", sorted(DOWN_DATABASES))
def test_with_the_database_down_public_pages_answer_the_vietnamese_503_page(database):
    result = run_python(DOWN_SCRIPT, DATABASE_URL=DOWN_DATABASES[database])
    assert result.returncode == 0, result.stderr[-3000:]
    pages = json.loads(result.stdout.strip().splitlines()[-1])
    for path in ["/", "/tin-tuc/", "/tim-kiem/?q=quyet+dinh"]:
        page = pages[path]
        assert page["status"] == 503, (path, page["status"], page["body"][:500])
        assert page["retry_after"] == "120"
        assert "no-store" in page["cache_control"] or "max-age=0" in page["cache_control"]
        soup = BeautifulSoup(page["body"], "html.parser")
        assert soup.html["lang"] == "vi"
        assert "tạm thời" in soup.h1.get_text().lower(), soup.h1
        assert "Traceback" not in page["body"] and "OperationalError" not in page["body"]
        assert not soup.find("script") and not soup.find(style=True) and not soup.find("style")
    health = pages["/healthz"]
    assert health["status"] == 503
    body = json.loads(health["body"])
    assert body["database"]["status"] == "down"
    assert body["status"] == "down"
    assert "127.0.0.1" not in health["body"] and "postgres" not in health["body"]


@pytest.mark.django_db
def test_a_database_error_in_a_view_answers_503_in_process(tree):
    client = Client(raise_request_exception=False)
    with mock.patch(
        "wagtail.models.Site.find_for_request", side_effect=OperationalError("server closed the connection")
    ):
        response = client.get("/tin-tuc/")
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "Cổng thông tin tạm thời" in response.content.decode()


@pytest.mark.django_db
def test_other_errors_still_answer_the_500_page(tree):
    client = Client(raise_request_exception=False)
    with mock.patch("wagtail.models.Site.find_for_request", side_effect=ValueError("bug")):
        response = client.get("/tin-tuc/")
    assert response.status_code == 500


# --- /healthz -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_reports_database_and_cache_as_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok" and body["database"]["latency_ms"] >= 0
    assert body["cache"]["status"] == "ok" and body["cache"]["latency_ms"] >= 0
    assert body["version"]
    assert set(body) == {"status", "database", "cache", "version"}
    text = response.content.decode()
    assert settings.SECRET_KEY not in text and "PASSWORD" not in text.upper()
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_healthz_says_503_when_the_database_is_down(client):
    with mock.patch("ops.views.connection") as broken:
        broken.cursor.side_effect = OperationalError("could not connect to server")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["status"] == "down"
    assert "could not connect" not in response.content.decode()


@pytest.mark.django_db
def test_healthz_stays_200_when_only_the_cache_is_down(client):
    with mock.patch("ops.views.default_cache") as broken:
        broken.set.side_effect = ConnectionError("redis down")
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["cache"]["status"] == "down"
    with mock.patch("ops.views.default_cache") as forgetful:
        forgetful.get.return_value = None  # set "works" but nothing comes back
        assert client.get("/healthz").json()["cache"]["status"] == "down"


def test_healthz_comes_before_wagtails_page_routing():
    from django.urls import resolve

    assert resolve("/healthz").url_name == "healthz"


# --- Two editors, one page ------------------------------------------------------------------


def edit_data(page, title, loaded_revision):
    return nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "lead": "Sapo của bài viết.",
            "body": streamfield([("paragraph", rich_text(f"<p>{title}</p>"))]),
            "related_links": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            "loaded_revision_id": loaded_revision.pk,
            "loaded_revision_created_at": loaded_revision.created_at.isoformat(),
        }
    )


@pytest.fixture
def shared_article(pipeline):
    article = NewsArticlePageFactory(parent=pipeline.tree.culture, live=False, title="Bài chung")
    article.save_revision(user=pipeline.users["board"])
    return NewsArticlePage.objects.get(pk=article.pk)


def editor(user):
    client = Client()
    client.force_login(user)
    return client


def loaded_revision_of(client, page):
    """What the edit form hands back on save: the revision the editor opened."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    revision_id = soup.find("input", {"name": "loaded_revision_id"})["value"]
    return Revision.objects.get(pk=revision_id)


def test_two_editors_saving_the_same_page_lose_nothing_silently(pipeline, shared_article):
    first, second = editor(pipeline.users["board"]), editor(pipeline.users["board2"])
    opened_by_first = loaded_revision_of(first, shared_article)
    opened_by_second = loaded_revision_of(second, shared_article)
    edit_url = reverse("wagtailadmin_pages:edit", args=(shared_article.pk,))

    response = first.post(edit_url, edit_data(shared_article, "Bản của người thứ nhất", opened_by_first))
    assert response.status_code == 302
    response = second.post(edit_url, edit_data(shared_article, "Bản của người thứ hai", opened_by_second), follow=True)
    assert response.status_code == 200
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert any("phiên bản mới hơn" in w for w in warnings), warnings

    titles = [r.as_object().title for r in Revision.page_revisions.filter(object_id=str(shared_article.pk))]
    assert "Bản của người thứ nhất" in titles and "Bản của người thứ hai" in titles


def test_autosave_over_a_newer_version_is_refused(pipeline, shared_article):
    first, second = editor(pipeline.users["board"]), editor(pipeline.users["board2"])
    opened_by_second = loaded_revision_of(second, shared_article)
    edit_url = reverse("wagtailadmin_pages:edit", args=(shared_article.pk,))
    opened_by_first = loaded_revision_of(first, shared_article)
    assert first.post(edit_url, edit_data(shared_article, "Bản mới", opened_by_first)).status_code == 302
    before = Revision.page_revisions.filter(object_id=str(shared_article.pk)).count()
    response = second.post(
        edit_url,
        edit_data(shared_article, "Bản cũ tự lưu", opened_by_second),
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error_code"] == "invalid_revision"
    assert Revision.page_revisions.filter(object_id=str(shared_article.pk)).count() == before
    assert NewsArticlePage.objects.get(pk=shared_article.pk).get_latest_revision_as_object().title == "Bản mới"


def test_a_lock_keeps_the_other_editor_out(pipeline, shared_article):
    first, second = editor(pipeline.users["board"]), editor(pipeline.users["board2"])
    assert first.post(reverse("wagtailadmin_pages:lock", args=(shared_article.pk,))).status_code == 302
    page = Page.objects.get(pk=shared_article.pk)
    assert page.locked and page.locked_by == pipeline.users["board"]
    opened = loaded_revision_of(second, shared_article)
    before = Revision.page_revisions.filter(object_id=str(shared_article.pk)).count()
    response = second.post(
        reverse("wagtailadmin_pages:edit", args=(shared_article.pk,)),
        edit_data(shared_article, "Sửa khi đang khóa", opened),
    )
    assert response.status_code == 200
    assert "Không lưu được trang vì trang đang bị khóa." in response.content.decode()
    assert Revision.page_revisions.filter(object_id=str(shared_article.pk)).count() == before
    # Unlocking is the locker's (or a publisher's) act; the other editor cannot take it over.
    assert Page.objects.get(pk=shared_article.pk).locked


# --- Backups --------------------------------------------------------------------------------

VERIFY_SCRIPT = """
    import json, os, sys, django
    django.setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError
    call_command("restore", os.environ["ARCHIVE"])
    from wagtail.models import Page, Revision
    from wagtail.images import get_image_model
    from wagtail.documents import get_document_model
    Image, Document = get_image_model(), get_document_model()
    image = Image.objects.get(pk=int(os.environ["IMAGE_ID"]))
    files = [image.file.name, *(r.file.name for r in image.renditions.all())]
    files += [d.file.name for d in Document.objects.all()]
    missing = [f for f in files if not os.path.exists(os.path.join(os.environ["MEDIA_ROOT"], f))]
    try:
        call_command("restore", os.environ["ARCHIVE"])
        refused = ""
    except CommandError as error:
        refused = str(error)
    print(json.dumps({
        "pages": sorted(Page.objects.values_list("title", flat=True)),
        "revisions": Revision.objects.count(),
        "images": Image.objects.count(),
        "renditions": image.renditions.count(),
        "documents": sorted(Document.objects.values_list("title", flat=True)),
        "missing": missing,
        "refused_again": refused,
    }))
"""


@pytest.fixture
def empty_database_url(transactional_db, django_db_serialized_rollback):
    """A new, empty database of the engine the suite runs on, dropped afterwards.

    The suite's own database starts with what the migrations created, even after another
    transactional test emptied it."""
    if connection.vendor == "sqlite":
        directory = Path(settings.MEDIA_ROOT).parent / f"portal-restore-{uuid.uuid4().hex[:8]}"
        directory.mkdir()
        yield f"sqlite:///{directory / 'restored.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:6]}"
    db = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    yield f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_into_an_empty_database_finds_everything(tree, empty_database_url, tmp_path):
    if connection.vendor == "postgresql" and not IN_CI and subprocess.run(["which", "pg_dump"]).returncode:  # noqa: S607
        pytest.skip("pg_dump is not installed")
    article = NewsArticlePageFactory(parent=tree.culture, title="Bài có nhiều phiên bản")
    for number in range(3):
        article.title = f"Bài có nhiều phiên bản {number}"
        article.save_revision(user=None).publish()
    image = ImageFactory(title="Ảnh hội nghị")
    image.get_rendition("fill-120x80")
    document = make_document(pdf_bytes("Quyet dinh"), "quyet-dinh.pdf", title="Quyết định 7210")
    expected_pages = sorted(Page.objects.values_list("title", flat=True))
    expected_revisions = Revision.objects.count()

    call_command("backup", output_dir=str(tmp_path))
    archives = list(tmp_path.glob("portal-*.tar.gz"))
    assert len(archives) == 1 and archives[0].name[len("portal-") :].count("-") == 1

    media = tmp_path / "restored-media"
    result = run_python(
        VERIFY_SCRIPT,
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL=empty_database_url,
        MEDIA_ROOT=str(media),
        ARCHIVE=str(archives[0]),
        IMAGE_ID=str(image.pk),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    restored = json.loads(result.stdout.strip().splitlines()[-1])
    assert restored["pages"] == expected_pages
    assert "Bài có nhiều phiên bản 2" in restored["pages"]
    assert restored["revisions"] == expected_revisions >= 3
    assert restored["images"] == 1 and restored["renditions"] == 1
    assert restored["documents"] == [document.title]
    assert restored["missing"] == []
    assert "không trống" in restored["refused_again"]


# SQLite's backup waits for the test's own open transaction: committed data, as the real command sees.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_says_in_vietnamese_where_the_archive_went_and_lists_the_migrations_of_its_rows(tmp_path):
    out = io.StringIO()
    call_command("backup", output_dir=str(tmp_path), stdout=out)
    (archive,) = tmp_path.glob("portal-*.tar.gz")
    assert out.getvalue().startswith(f"Đã sao lưu: {archive} (")
    assert out.getvalue().rstrip().endswith("MB)")
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    # What a restore into the other engine checks against the code it runs.
    assert "wagtailcore.0001_initial" in manifest["migrations"]
    assert schema_differences(manifest["migrations"]) == ([], [])


DATABASE_FILE = "database.sqlite3" if connection.vendor == "sqlite" else "database.dump"


def _manifest(**changes) -> bytes:
    manifest = {"format": 1, "engine": connection.vendor, "database_file": DATABASE_FILE, "created": "2026-01-01"}
    return json.dumps({**manifest, "counts": {}, **changes}).encode()


NOT_A_BACKUP = "portal-20260101-000000.tar.gz không phải là bản sao lưu do lệnh backup tạo ra: "
UNREADABLE = "portal-20260101-000000.tar.gz không phải là tệp sao lưu đọc được"


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (None, UNREADABLE),
        ({"notes.txt": b"hello"}, NOT_A_BACKUP + "thiếu tệp manifest.json."),
        ({"manifest.json": b"{not json"}, NOT_A_BACKUP + "không đọc được tệp manifest.json"),
        ({"manifest.json": b"[1, 2]"}, NOT_A_BACKUP + "tệp manifest.json không chứa thông tin sao lưu."),
        ({"manifest.json": _manifest(format=2)}, "định dạng (2) không phải định dạng phiên bản này đọc được (1)"),
        ({"manifest.json": _manifest()}, NOT_A_BACKUP + "thiếu tệp cơ sở dữ liệu."),
        ({"manifest.json": _manifest(engine="oracle"), DATABASE_FILE: b"x"}, "thiếu tệp cơ sở dữ liệu."),
        (
            {"manifest.json": _manifest(data_file="data.jsonl"), DATABASE_FILE: b"x"},
            NOT_A_BACKUP + "thiếu bản dữ liệu độc lập với hệ quản trị cơ sở dữ liệu (data.jsonl).",
        ),
        ({"../escape.txt": b"x", "manifest.json": _manifest(), DATABASE_FILE: b"x"}, UNREADABLE),
    ],
    ids=[
        "not-an-archive",
        "no-manifest",
        "broken-json",
        "manifest-not-an-object",
        "newer-format",
        "no-database-file",
        "unknown-engine",
        "no-neutral-copy",
        "path-outside",
    ],
)
def test_a_broken_or_foreign_archive_is_refused_in_vietnamese_and_nothing_is_touched(tree, tmp_path, members, message):
    archive = tmp_path / "portal-20260101-000000.tar.gz"
    if members is None:
        archive.write_bytes(b"this is not a backup")
    else:
        with tarfile.open(archive, "w:gz") as tar:
            for name, content in members.items():
                info = tarfile.TarInfo(name)
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
    pages_before = sorted(Page.objects.values_list("pk", "title"))
    media_before = sorted(Path(settings.MEDIA_ROOT).rglob("*"))

    with pytest.raises(CommandError) as raised:
        call_command("restore", str(archive), force=True)

    assert message in str(raised.value)
    assert sorted(Page.objects.values_list("pk", "title")) == pages_before
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*")) == media_before


def test_restore_of_a_missing_file_says_so(db, tmp_path):
    with pytest.raises(CommandError, match=r"Không tìm thấy bản sao lưu: .*khong-co\.tar\.gz"):
        call_command("restore", str(tmp_path / "khong-co.tar.gz"))
