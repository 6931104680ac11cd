"""A backup moves between SQLite and PostgreSQL (a portal tried with `make run`, then put into production).

Each direction builds a small portal in a new database of one engine and backs it up, then
restores the archive into a new database of the other engine, each step in its own interpreter
as `make backup` and `make restore` run. PostgreSQL is at 127.0.0.1:5432 (TEST_POSTGRES_URL):
outside CI a missing server skips these tests, in CI (CI=true) it fails them.
"""

import io
import json
import os
import shutil
import tarfile
import uuid
from pathlib import Path
from unittest import mock

import psycopg2
import pytest

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from wagtail.models import Page

from core.models import Unit
from ops.portable import applied_migrations
from tests.ops.test_ops import IN_CI, run_python

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
LATEST_NEWS_MIGRATION = "news." + max(
    path.stem for path in (Path(__file__).resolve().parents[2] / "news" / "migrations").glob("0*.py")
)
OTHER_ENGINE = {"sqlite": "postgresql", "postgresql": "sqlite"}
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}

# Every row of every table but the search index (rebuilt on a restore into another engine) and
# the content types and permissions (SQLite has one model more: its full-text index); those the
# rows name are compared by natural key.
COUNTS = """
    def counts():
        from django.apps import apps
        from django.contrib.auth.models import Group
        from wagtail.models import GroupPagePermission, Revision
        tables = {
            model._meta.label: model._base_manager.count()
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
            and model._meta.app_label not in {"wagtailsearch", "contenttypes"}
            and model._meta.label != "auth.Permission"
        }
        return {
            "tables": tables,
            "group_permissions": sorted(
                [group.name, *permission.natural_key()]
                for group in Group.objects.all()
                for permission in group.permissions.all()
            ),
            "page_permissions": sorted(
                [p.group.name, p.page_id, *p.permission.natural_key()] for p in GroupPagePermission.objects.all()
            ),
            "revisions": sorted(
                [r.object_id, r.content_type.app_label, r.content_type.model, r.user.username if r.user else None]
                for r in Revision.objects.all()
            ),
        }
"""

SOURCE_SCRIPT = COUNTS + (
    """
    import hashlib, json, os, django
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    call_command("migrate", interactive=False, verbosity=0)
    from wagtail.models import Page, Site
    from tests.core.factories import ImageFactory
    from tests.home.factories import HomePageFactory
    from tests.legal_docs.factories import make_document, pdf_bytes
    from tests.news.factories import NewsArticlePageFactory, NewsCategoryPageFactory, NewsIndexPageFactory

    home = HomePageFactory(parent=Page.get_first_root_node(), slug="trang-chu")
    Site.objects.filter(is_default_site=True).update(root_page=home, hostname="localhost")
    news = NewsIndexPageFactory(parent=home)
    section = NewsCategoryPageFactory(parent=news, title="Văn hóa – Xã hội", slug="van-hoa-xa-hoi")
    editor = get_user_model().objects.create_user("bientap", password="ThachHa@2020")
    image = ImageFactory(title="Ảnh hội nghị")
    rendition = image.get_rendition("fill-120x80")
    article = NewsArticlePageFactory(parent=section, slug="hoi-nghi-tong-ket", featured_image=image)
    for year in (2024, 2025, 2026):
        article.title = f"Hội nghị tổng kết năm {year}"
        article.save_revision(user=editor).publish()
    article.tags.add("Tổng kết")
    article.save()
    document = make_document(pdf_bytes("Quyet dinh 7210"), "quyet-dinh-7210.pdf", title="Quyết định 7210")
    call_command("backup", output_dir=os.environ["BACKUP_DIR"], verbosity=0)

    def digest(field):
        with field.open("rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()

    print(json.dumps({
        "counts": counts(),
        "page": {"url": article.url, "title": article.title},
        "image": {"url": rendition.url, "sha256": digest(rendition.file)},
        "document": {"url": document.url, "sha256": digest(document.file)},
        "media_files": sum(len(files) for _, _, files in os.walk(os.environ["MEDIA_ROOT"])),
    }))
"""
)

TARGET_SCRIPT = COUNTS + (
    """
    import hashlib, io, json, os, django
    django.setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.test import Client
    from wagtail.models import Page
    from news.models import NewsArticlePage, NewsCategoryPage
    from tests.news.factories import NewsArticlePageFactory

    out = io.StringIO()
    try:
        call_command("restore", os.environ["ARCHIVE"], stdout=out)
        error = ""
    except CommandError as refused:
        error = str(refused)
    restored = counts()
    last_page = Page.objects.order_by("-pk").values_list("pk", flat=True).first()
    client = Client(HTTP_HOST="localhost")

    def served(url):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response.status_code, body

    page_status, page_body = served(os.environ["PAGE_URL"])
    image_status, image_body = served(os.environ["IMAGE_URL"])
    document_status, document_body = served(os.environ["DOCUMENT_URL"])
    search_status, search_body = served("/tim-kiem/?q=hoi+nghi+tong+ket")
    # Editors carry on in the new database: new rows get ids after the restored ones.
    article = NewsArticlePage.objects.get(slug="hoi-nghi-tong-ket")
    article.title = "Hội nghị tổng kết, bản sửa sau khi chuyển"
    article.save_revision().publish()
    later = NewsArticlePageFactory(parent=NewsCategoryPage.objects.get(), title="Bài viết sau khi chuyển")
    print(json.dumps({
        "output": out.getvalue(),
        "error": error,
        "counts": restored,
        "page": [page_status, page_body.decode()],
        "image": [image_status, hashlib.sha256(image_body).hexdigest()],
        "document": [document_status, hashlib.sha256(document_body).hexdigest()],
        "search": [search_status, search_body.decode()],
        "later_page": [later.pk, last_page],
        "pages_after": Page.objects.count(),
    }))
"""
)


def _postgres(statement: str) -> None:
    database = psycopg2.connect(POSTGRES_URL)
    database.autocommit = True
    try:
        with database.cursor() as cursor:
            cursor.execute(statement)
    finally:
        database.close()


@pytest.fixture
def new_database(tmp_path):
    """``new_database(engine)``: the URL of a new, empty database of that engine, dropped afterwards."""
    made = []

    def make(engine: str) -> str:
        if engine == "sqlite":
            return f"sqlite:///{tmp_path / f'portal-{uuid.uuid4().hex[:8]}.sqlite3'}"
        name = f"portal_restore_{uuid.uuid4().hex[:8]}"
        _postgres(f'CREATE DATABASE "{name}"')
        made.append(name)
        return f"{POSTGRES_URL.rsplit('/', 1)[0]}/{name}"

    try:
        _postgres("SELECT 1")
    except psycopg2.OperationalError:
        if IN_CI:
            pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_URL}, and CI needs it")
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_URL}")
    yield make
    for name in made:
        _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _last_json(result) -> dict:
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


# Each direction migrates two new databases (minutes): run once per CI run, in its PostgreSQL pass
# (the suite's own database does not matter to these tests, which make their own).
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs in the PostgreSQL pass (DATABASE_URL=postgres://…), once per CI run"
)
@pytest.mark.parametrize(("source", "target"), [("sqlite", "postgresql"), ("postgresql", "sqlite")])
def test_a_backup_restores_into_the_other_engine_with_every_count_and_file(new_database, tmp_path, source, target):
    if source == "postgresql" and not shutil.which("pg_dump") and not IN_CI:
        pytest.skip("pg_dump is not installed")
    backups = tmp_path / "backups"
    made = _last_json(
        run_python(
            SOURCE_SCRIPT,
            DJANGO_SETTINGS_MODULE="portal.settings.dev",
            DATABASE_URL=new_database(source),
            MEDIA_ROOT=str(tmp_path / "source-media"),
            BACKUP_DIR=str(backups),
        )
    )
    (archive,) = backups.glob("portal-*.tar.gz")

    restored = _last_json(
        run_python(
            TARGET_SCRIPT,
            DJANGO_SETTINGS_MODULE="portal.settings.dev",
            DATABASE_URL=new_database(target),
            MEDIA_ROOT=str(tmp_path / "target-media"),
            ARCHIVE=str(archive),
            PAGE_URL=made["page"]["url"],
            IMAGE_URL=made["image"]["url"],
            DOCUMENT_URL=made["document"]["url"],
        )
    )

    assert restored["error"] == ""
    tables = made["counts"]["tables"]
    assert {
        table: (count, restored["counts"]["tables"].get(table))
        for table, count in tables.items()
        if restored["counts"]["tables"].get(table) != count
    } == {}
    assert restored["counts"] == made["counts"]
    assert tables["wagtailcore.Revision"] >= 3 and tables["taggit.Tag"] == 1 and made["media_files"] >= 3
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    output = restored["output"]
    assert f"(cơ sở dữ liệu {names[source]}, khôi phục vào {names[target]})" in output
    assert "Số lượng trong bản sao lưu → sau khi khôi phục:" in output
    for line in [
        f"Trang (wagtailcore_page): {tables['wagtailcore.Page']} → {tables['wagtailcore.Page']}",
        f"Phiên bản (wagtailcore_revision): {tables['wagtailcore.Revision']} → {tables['wagtailcore.Revision']}",
        "Ảnh (wagtailimages_image): 1 → 1",
        "Tài liệu (wagtaildocs_document): 1 → 1",
        f"news_newsarticlepage: {tables['news.NewsArticlePage']} → {tables['news.NewsArticlePage']}",
        f"Tệp media: {made['media_files']} → {made['media_files']}",
    ]:
        assert f"  {line}\n" in output, output
    assert output.rstrip().endswith("Mọi số lượng đều giống như trong bản sao lưu.")

    page_status, page_body = restored["page"]
    assert page_status == 200 and made["page"]["title"] in page_body
    assert restored["image"] == [200, made["image"]["sha256"]]
    assert restored["document"] == [200, made["document"]["sha256"]]
    search_status, search_body = restored["search"]
    # The search index was rebuilt: the article is found (its title comes back with the words marked).
    assert search_status == 200 and f'href="{made["page"]["url"]}"' in search_body
    later_pk, last_restored_pk = restored["later_page"]
    assert later_pk > last_restored_pk
    assert restored["pages_after"] == tables["wagtailcore.Page"] + 1


# --- Refusals, before anything is touched -----------------------------------------------------


def _archive(tmp_path, manifest: dict, members: dict[str, bytes]) -> Path:
    archive = tmp_path / "portal-20260101-000000.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, content in {"manifest.json": json.dumps(manifest).encode(), **members}.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return archive


def _other_engine_manifest(**changes) -> dict:
    engine = OTHER_ENGINE[connection.vendor]
    manifest = {"format": 1, "engine": engine, "database_file": DATABASE_FILES[engine], "created": "2026-01-01"}
    return {**manifest, "counts": {"wagtailcore_page": 4}, **changes}


def test_a_backup_without_the_neutral_copy_is_refused_into_the_other_engine_in_vietnamese(tree, tmp_path):
    manifest = _other_engine_manifest()
    archive = _archive(tmp_path, manifest, {manifest["database_file"]: b"x", "media/images/a.png": b"x"})
    pages_before = sorted(Page.objects.values_list("pk", "title"))

    with pytest.raises(CommandError) as raised:
        call_command("restore", str(archive), force=True)

    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    source, target = names[manifest["engine"]], names[connection.vendor]
    assert str(raised.value) == (
        f"Bản sao lưu cơ sở dữ liệu {source} này được tạo trước khi bản sao lưu có kèm bản dữ liệu độc lập với "
        f"hệ quản trị cơ sở dữ liệu: nó chỉ khôi phục được vào {source}. Hãy khôi phục nó vào {source}, sao lưu "
        f"lại ở đó, rồi khôi phục bản sao lưu mới vào {target}."
    )
    assert sorted(Page.objects.values_list("pk", "title")) == pages_before
    assert not (Path(settings.MEDIA_ROOT) / "images" / "a.png").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda migrations: [*migrations, "news.9999_from_the_future"],
            "Bản sao lưu này được tạo bởi một phiên bản mới hơn của cổng thông tin (cơ sở dữ liệu của nó có "
            "các bước chuyển đổi mà phiên bản này không biết: news.9999_from_the_future).",
        ),
        (
            lambda migrations: [name for name in migrations if name != LATEST_NEWS_MIGRATION],
            f"Bản sao lưu này được tạo bởi một phiên bản cũ hơn của cổng thông tin (cơ sở dữ liệu của nó thiếu "
            f"các bước chuyển đổi {LATEST_NEWS_MIGRATION}).",
        ),
    ],
    ids=["newer", "older"],
)
def test_neutral_data_of_another_schema_is_refused_before_anything_is_touched(tree, tmp_path, change, message):
    manifest = _other_engine_manifest(data_file="data.jsonl", migrations=change(applied_migrations()))
    archive = _archive(tmp_path, manifest, {manifest["database_file"]: b"x", "data.jsonl": b""})
    pages_before = sorted(Page.objects.values_list("pk", "title"))

    with mock.patch("ops.backups._in_memory", return_value=False), pytest.raises(CommandError) as raised:
        call_command("restore", str(archive), force=True)

    assert str(raised.value).startswith(message)
    assert sorted(Page.objects.values_list("pk", "title")) == pages_before


def test_neutral_data_that_cannot_be_loaded_is_refused_in_vietnamese_and_the_content_stays(tree, tmp_path):
    unit_row = {"model": "core.unit", "pk": 999, "fields": {"name": "Đơn vị lạ", "slug": "la", "kind": "commune"}}
    # A row that loads, then a line cut short: the rows already loaded must go too.
    data = (json.dumps(unit_row) + "\n" + '{"model": "core.unit", "pk": \n').encode()
    manifest = _other_engine_manifest(data_file="data.jsonl")
    archive = _archive(tmp_path, manifest, {manifest["database_file"]: b"x", "data.jsonl": data})
    pages_before = sorted(Page.objects.values_list("pk", "title"))
    units_before = sorted(Unit.objects.values_list("pk", "slug"))

    # The suite's SQLite database lives in memory, where a real restore is refused before loading.
    with mock.patch("ops.backups._in_memory", return_value=False), pytest.raises(CommandError) as raised:
        call_command("restore", str(archive), force=True)

    assert str(raised.value).startswith("Không nạp được dữ liệu (")
    assert str(raised.value).endswith("); nội dung cơ sở dữ liệu được giữ nguyên như trước.")
    assert sorted(Page.objects.values_list("pk", "title")) == pages_before
    assert sorted(Unit.objects.values_list("pk", "slug")) == units_before
    assert not Unit.objects.filter(pk=999).exists()
