"""Admin endpoints called directly by a low-privilege user: refused, and nothing changes.

tests/editorial/test_permissions.py covers the page actions (edit, preview, history, revisions, lock,
unpublish, delete, move, add). This module covers the rest: every admin URL our apps add (the
resolver is walked, so a new URL without a row in ``OUR_ADMIN_URLS`` fails), our viewsets and
snippets, and Wagtail's endpoints on files, collections, choosers, compare, copy and workflows.
"""

import datetime

import pytest

from django.apps import apps
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Revision

from tests.core.factories import ImageFactory
from tests.legal_docs.factories import make_document, pdf_bytes
from tests.news.factories import NewsArticlePageFactory

pytestmark = pytest.mark.django_db

OUR_APPS = {
    "core", "home", "news", "legal_docs", "schedule", "search", "communes", "editorial", "quality",
    "demo", "about", "accounts", "pagecache", "ops", "uploads", "questions", "opendata",
}  # fmt: skip

# URL name -> who may use it. "staff" = any signed-in editor, "own" = about one's own account,
# "restricted" = a contributor must get 403 (or 404 for an object they may not know about).
OUR_ADMIN_URLS = {
    "editorial_activity_report": "restricted",
    "quality_writing_guide": "staff",
    # Where a new item goes: it lists only places the person may create in (tests/editorial/test_start.py).
    "editorial_start": "staff",
    "legal_docs_import": "restricted",
    # Publishing past a workflow's remaining steps (editorial/direct_publication.py).
    "editorial_publish_directly": "restricted",
    # Wagtail's multiple document upload, defaulting to one's own collection (uploads/views.py);
    # writers attach files to their articles, in the collections Wagtail lets them add to.
    "uploads_add_documents": "staff",
    # The reference lists with folded, abbreviation-aware search (core/admin_search.py).
    **{
        f"wagtailsnippets_{model}:{view}": "restricted"
        for model in ("core_unit", "legal_docs_documenttype", "legal_docs_subjectarea")
        for view in ("list", "list_results")
    },
    "schedule_copy_week": "restricted",
    "accounts:security": "restricted",
    "accounts:mine": "own",
    "accounts_2fa:enrol": "own",
    "accounts_2fa:verify": "own",
    "questions:index": "restricted",
    "questions:index_results": "restricted",
    "questions:edit": "restricted",
    "questions:answer": "restricted",
    "questions:reject": "restricted",
    "questions:spam": "restricted",
    # Wagtail's own chooser and report addresses, with the explorer's rule (editorial/admin_urls.py).
    "editorial_choose_page_child": "staff",
    "editorial_choose_page_chosen_multiple": "staff",
    "editorial_page_types_usage": "staff",
    "editorial_page_types_usage_results": "staff",
    # Wagtail's admin API on files, limited to what one's choosers offer (editorial/admin_api.py).
    **{
        f"wagtailadmin_api:{kind}:{view}": "staff"
        for kind in ("images", "documents")
        for view in ("listing", "detail", "find")
    },
}


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace + (pattern.name or ""), pattern.callback


def our_admin_views():
    """(route, name) of every admin URL whose view is ours."""
    found = {}
    for route, name, callback in _walk(get_resolver().url_patterns):
        if not route.startswith("admin/"):
            continue
        view_class = getattr(callback, "view_class", None)
        module = (view_class or callback).__module__
        if module.split(".")[0] in OUR_APPS:
            found[name] = route
    return found


def our_viewset_models():
    """Models of our apps that have admin views (snippets and ModelViewSets)."""
    models = set()
    for route, _name, callback in _walk(get_resolver().url_patterns):
        model = getattr(callback, "view_initkwargs", {}).get("model")
        if isinstance(model, str):
            model = apps.get_model(model)
        if route.startswith("admin/") and model is not None and model._meta.app_label in OUR_APPS:
            models.add(model)
    return models


def test_every_admin_url_of_our_apps_has_a_row_here():
    assert set(our_admin_views()) == set(OUR_ADMIN_URLS)


def login(user):
    client = Client()
    client.force_login(user)
    return client


def refused(response):
    return response.status_code in {403, 404}


@pytest.fixture
def places(pipeline):
    from legal_docs.models import LegalDocumentIndexPage
    from schedule.models import ScheduleIndexPage
    from tests.schedule.factories import make_week

    documents = LegalDocumentIndexPage(title="Văn bản", slug="van-ban")
    pipeline.tree.home.add_child(instance=documents)
    schedules = ScheduleIndexPage(title="Lịch công tác", slug="lich-cong-tac")
    pipeline.tree.home.add_child(instance=schedules)
    from editorial import setup

    setup.apply_roles()
    monday = datetime.date(2026, 3, 2)
    week = make_week(schedules, monday)
    return {"documents": documents, "schedules": schedules, "week": week}


# --- Our own admin URLs ---------------------------------------------------------------------


def test_our_restricted_admin_urls_refuse_a_contributor_and_change_nothing(pipeline, places):
    from legal_docs.models import LegalDocumentPage
    from schedule.models import WeeklySchedulePage

    client = login(pipeline.users["contributor"])
    pages_before = Page.objects.count()
    routes = our_admin_views()
    arguments = {"schedule_copy_week": [places["week"].pk]}
    for name, rule in OUR_ADMIN_URLS.items():
        if rule != "restricted":
            continue
        args = arguments.get(name) or ([1] if "<int:" in routes[name] else [])
        url = reverse(name, args=args)
        assert refused(client.get(url)), (name, "GET")
        assert refused(client.post(url, {"action": "import", "confirm": "1"})), (name, "POST")
    assert Page.objects.count() == pages_before
    assert WeeklySchedulePage.objects.count() == 1
    assert not LegalDocumentPage.objects.exists()


def test_commune_editors_and_clerks_get_no_report_nor_import_of_news(pipeline, places):
    for role in ["editor_a", "board_a"]:
        client = login(pipeline.users[role])
        assert client.get(reverse("editorial_activity_report")).status_code == 403, role
        assert client.get(reverse("legal_docs_import")).status_code == 403, role
    clerk = login(pipeline.users["clerk"])
    assert clerk.get(reverse("editorial_activity_report")).status_code == 403
    assert clerk.get(reverse("legal_docs_import")).status_code == 200  # clerks import documents


def test_the_writing_guide_is_for_every_editor_but_not_for_outsiders(pipeline, django_user_model):
    assert login(pipeline.users["contributor"]).get(reverse("quality_writing_guide")).status_code == 200
    outsider = django_user_model.objects.create_user("nguoingoai", password="ThachHa@2020")
    response = login(outsider).get(reverse("quality_writing_guide"))
    assert response.status_code in {302, 403}
    assert Client().get(reverse("quality_writing_guide")).status_code == 302


def test_account_pages_are_about_ones_own_account(pipeline):
    client = login(pipeline.users["contributor"])
    response = client.get(reverse("accounts:mine"))
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert pipeline.users["board"].username not in response.content.decode()


def test_copy_last_week_by_a_contributor_creates_nothing(pipeline, places):
    from schedule.models import WeeklySchedulePage

    client = login(pipeline.users["contributor"])
    response = client.post(reverse("schedule_copy_week", args=(places["week"].pk,)))
    assert response.status_code == 403
    assert WeeklySchedulePage.objects.count() == 1


# --- Our viewsets and snippets --------------------------------------------------------------


def _viewset_object(model, pipeline):
    """An existing row of ``model`` to try to edit and delete."""
    existing = model.objects.first()
    if existing is not None:
        return existing
    from core.models import Unit

    if model.__name__ == "UnitTarget":
        return model.objects.create(unit=Unit.objects.first(), monthly_target=5)
    if model.__name__ == "Leader":
        return model.objects.create(name="Nguyễn Văn Lãnh", position="Chủ tịch")
    if model.__name__ == "AgencyLink":
        return model.objects.create(name="UBND tỉnh", url="https://hatinh.gov.vn/")
    if model.__name__ == "QuestionTopic":
        return model.objects.create(name="Đất đai")
    return None


def test_contributors_cannot_add_change_or_delete_through_our_viewsets(pipeline):
    from wagtail.admin.admin_url_finder import AdminURLFinder

    finder = AdminURLFinder()
    client = login(pipeline.users["contributor"])
    checked = []
    for model in sorted(our_viewset_models(), key=lambda m: m._meta.label):
        instance = _viewset_object(model, pipeline)
        if instance is None:
            continue
        edit_url = finder.get_edit_url(instance)
        if not edit_url:
            continue
        count = model.objects.count()
        before = {f.attname: getattr(instance, f.attname) for f in model._meta.concrete_fields}
        assert refused(client.get(edit_url)), (model, edit_url)
        assert refused(client.post(edit_url, {"name": "Đã bị sửa", "title": "Đã bị sửa"})), (model, edit_url)
        delete_url = edit_url.replace("/edit/", "/delete/")
        assert refused(client.post(delete_url)), (model, delete_url)
        add_url = edit_url.split("/edit/")[0] + "/add/"
        assert refused(client.post(add_url, {"name": "Mới", "title": "Mới"})), (model, add_url)
        instance.refresh_from_db()
        assert {f.attname: getattr(instance, f.attname) for f in model._meta.concrete_fields} == before, model
        assert model.objects.count() == count, model
        checked.append(model._meta.label)
    assert "core.Unit" in checked


# --- Wagtail's endpoints on files, collections and choosers ---------------------------------


@pytest.fixture
def commune_b_files(pipeline):
    image = ImageFactory(title="Ảnh của xã Việt Tiến", collection=pipeline.commune_b.collection)
    document = make_document(pdf_bytes("Van ban xa"), "van-ban-xa.pdf", title="Văn bản của xã Việt Tiến")
    document.collection = pipeline.commune_b.collection
    document.save()
    return image, document


def test_commune_editor_cannot_touch_another_communes_files(pipeline, commune_b_files):
    image, document = commune_b_files
    Image, Document = get_image_model(), get_document_model()
    client = login(pipeline.users["editor_a"])
    endpoints = [
        ("get", reverse("wagtailimages:edit", args=(image.pk,)), {}),
        ("post", reverse("wagtailimages:edit", args=(image.pk,)), {"title": "Đã bị sửa"}),
        ("post", reverse("wagtailimages:delete", args=(image.pk,)), {}),
        ("get", reverse("wagtailimages:url_generator", args=(image.pk,)), {}),
        ("get", reverse("wagtaildocs:edit", args=(document.pk,)), {}),
        ("post", reverse("wagtaildocs:edit", args=(document.pk,)), {"title": "Đã bị sửa"}),
        ("post", reverse("wagtaildocs:delete", args=(document.pk,)), {}),
        ("get", reverse("wagtailimages_chooser:chosen", args=(image.pk,)), {}),
        ("get", reverse("wagtaildocs_chooser:chosen", args=(document.pk,)), {}),
    ]
    for method, url, data in endpoints:
        response = getattr(client, method)(url, data)
        assert response.status_code in {302, 403, 404}, (url, response.status_code)
        if response.status_code == 302:
            assert response["Location"] != url and "edit" not in response["Location"], url
    image.refresh_from_db()
    document.refresh_from_db()
    assert image.title == "Ảnh của xã Việt Tiến" and document.title == "Văn bản của xã Việt Tiến"
    assert Image.objects.filter(pk=image.pk).exists() and Document.objects.filter(pk=document.pk).exists()


def test_choosers_do_not_show_another_communes_files(pipeline, commune_b_files):
    client = login(pipeline.users["editor_a"])
    for name in ["wagtailimages_chooser:choose", "wagtaildocs_chooser:choose"]:
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "xã Việt Tiến" not in response.content.decode(), name


def test_the_admin_api_lists_only_the_files_the_choosers_offer(pipeline, commune_b_files):
    image, document = commune_b_files
    own = [ImageFactory(title=f"Ảnh của xã Thạch Đài {n}", collection=pipeline.commune_a.collection) for n in range(25)]
    client = login(pipeline.users["editor_a"])
    listed = []
    for offset in (0, 20):
        response = client.get(f"/admin/api/main/images/?limit=20&offset={offset}")
        assert response.status_code == 200
        assert response.json()["meta"]["total_count"] == len(own)
        listed += [item["id"] for item in response.json()["items"]]
    assert sorted(listed) == sorted(picture.pk for picture in own)
    assert client.get(f"/admin/api/main/images/{image.pk}/").status_code == 404
    assert client.get(f"/admin/api/main/documents/{document.pk}/").status_code == 404
    assert document.pk not in [item["id"] for item in client.get("/admin/api/main/documents/").json()["items"]]
    assert client.get("/admin/api/main/images/?search=Ti%E1%BA%BFn").json()["items"] == []

    board = login(pipeline.users["board"])  # the district's board chooses from every collection
    assert board.get(f"/admin/api/main/images/{image.pk}/").status_code == 200
    assert [item["id"] for item in board.get("/admin/api/main/images/?search=Ti%E1%BA%BFn").json()["items"]] == [
        image.pk
    ]
    assert board.get(f"/admin/api/main/documents/{document.pk}/").json()["title"] == "Văn bản của xã Việt Tiến"


def test_chooser_uploads_into_another_communes_collection_are_refused(pipeline):
    from tests.uploads.test_uploads import image_bytes

    client = login(pipeline.users["editor_a"])
    other = pipeline.commune_b.collection
    response = client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Ảnh lạc",
            "image-chooser-upload-collection": other.pk,
            "image-chooser-upload-file": _upload("anh.png", image_bytes()),
        },
    )
    assert response.status_code in {200, 403}
    assert not get_image_model().objects.filter(collection=other).exists()
    response = client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "Tệp lạc",
            "document-chooser-upload-collection": other.pk,
            "document-chooser-upload-file": _upload("tep.pdf", pdf_bytes("x")),
        },
    )
    assert response.status_code in {200, 403}
    assert not get_document_model().objects.filter(collection=other).exists()


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_collections_cannot_be_renamed_or_deleted_by_editors(pipeline):
    collection = pipeline.commune_b.collection
    name = collection.name
    for role in ["editor_a", "board_b", "contributor", "clerk"]:
        client = login(pipeline.users[role])
        for method, url, data in [
            ("get", reverse("wagtailadmin_collections:edit", args=(collection.pk,)), {}),
            ("post", reverse("wagtailadmin_collections:edit", args=(collection.pk,)), {"name": "Đã đổi"}),
            ("post", reverse("wagtailadmin_collections:delete", args=(collection.pk,)), {}),
            ("post", reverse("wagtailadmin_collections:add"), {"name": "Mới", "parent": collection.pk}),
        ]:
            response = getattr(client, method)(url, data)
            # 404: Wagtail hides collections one may not manage.
            assert response.status_code in {302, 403, 404}, (role, url, response.status_code)
            if response.status_code == 302:
                assert "/admin/collections/" not in response["Location"], (role, url)
    collection.refresh_from_db()
    assert collection.name == name and Collection.objects.filter(pk=collection.pk).exists()
    assert not Collection.objects.filter(name="Mới").exists()


# --- Wagtail's endpoints on pages that test_permissions does not call ------------------------


@pytest.fixture
def others_article(pipeline):
    article = NewsArticlePageFactory(
        parent=pipeline.tree.culture, live=False, owner=pipeline.users["contributor2"], title="Bài của người khác"
    )
    first = article.save_revision(user=pipeline.users["contributor2"])
    article.title = "Bài của người khác (sửa)"
    second = article.save_revision(user=pipeline.users["contributor2"])
    return article, first, second


@pytest.mark.parametrize("role", ["contributor", "editor_a", "clerk"])
def test_compare_copy_draft_and_workflow_endpoints_refuse_outsiders(pipeline, others_article, role):
    article, first, second = others_article
    client = login(pipeline.users[role])
    pages_before = Page.objects.count()
    revisions_before = Revision.objects.count()
    for method, url, data in [
        ("get", reverse("wagtailadmin_pages:revisions_compare", args=(article.pk, first.pk, second.pk)), {}),
        ("get", reverse("wagtailadmin_pages:revisions_compare", args=(article.pk, "earliest", "latest")), {}),
        ("get", reverse("wagtailadmin_pages:view_draft", args=(article.pk,)), {}),
        ("get", reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,)), {}),
        ("get", reverse("wagtailadmin_pages:workflow_history", args=(article.pk,)), {}),
        ("get", reverse("wagtailadmin_pages:copy", args=(article.pk,)), {}),
        (
            "post",
            reverse("wagtailadmin_pages:copy", args=(article.pk,)),
            {"new_title": "Bản sao", "new_slug": "ban-sao-lau", "new_parent_page": pipeline.tree.economy.pk},
        ),
        ("post", reverse("wagtailadmin_pages:revisions_revert", args=(article.pk, first.pk)), {}),
        ("post", reverse("wagtailadmin_pages:unlock", args=(article.pk,)), {}),
        ("post", reverse("wagtailadmin_pages:convert_alias", args=(article.pk,)), {}),
    ]:
        response = getattr(client, method)(url, data)
        assert response.status_code in {403, 404}, (role, url, response.status_code)
    assert Page.objects.count() == pages_before
    assert Revision.objects.count() == revisions_before
    assert not Page.objects.filter(slug="ban-sao-lau").exists()
    assert Page.objects.get(pk=article.pk).title == "Bài của người khác"


def test_workflow_actions_by_someone_not_reviewing_are_refused(pipeline):
    from wagtail.models import WorkflowState

    article = NewsArticlePageFactory(parent=pipeline.tree.culture, live=False, owner=pipeline.users["contributor"])
    article.save_revision(user=pipeline.users["contributor"])
    workflow = article.get_workflow()
    workflow.start(article, pipeline.users["contributor"])
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(article.pk))
    task_state = state.current_task_state
    for role in ["contributor", "contributor2", "editor_a", "clerk"]:
        client = login(pipeline.users[role])
        for action in ["approve", "reject", "request_changes"]:
            url = reverse("wagtailadmin_pages:workflow_action", args=(article.pk, action, task_state.pk))
            response = client.post(url, {"comment": "Duyệt lén", "reason": "other"})
            assert response.status_code in {403, 404}, (role, action, response.status_code)
    task_state.refresh_from_db()
    state.refresh_from_db()
    assert task_state.status == "in_progress" and state.status == "in_progress"
    assert not Page.objects.get(pk=article.pk).live


def test_groups_and_users_admin_is_for_administrators_only(pipeline):
    from editorial import roles

    board = Group.objects.get(name=roles.EDITORIAL_BOARD)
    for role in ["board", "contributor", "editor_a"]:
        client = login(pipeline.users[role])
        for url in [reverse("wagtailusers_groups:edit", args=(board.pk,)), reverse("wagtailusers_users:index")]:
            assert client.get(url).status_code in {302, 403}, (role, url)
        assert client.post(reverse("wagtailusers_groups:delete", args=(board.pk,))).status_code in {302, 403}
    assert Group.objects.filter(pk=board.pk).exists()
