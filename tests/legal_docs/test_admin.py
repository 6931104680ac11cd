"""The admin side: seeded taxonomies the board manages, the document editor, clerks publishing."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from core.models import Unit
from editorial import roles, setup
from home.models import HomePage
from legal_docs.models import DocumentType, LegalDocumentIndexPage, LegalDocumentPage, SubjectArea
from tests.legal_docs.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    doc_type,
    make_document,
    pdf_bytes,
    unit,
)


@pytest.fixture
def library(tree):
    """The tree of tests/conftest.py with the document library at /van-ban/."""
    return LegalDocumentIndexPageFactory(parent=tree.home)


pytestmark = pytest.mark.django_db

# What the lead is asked to put into editorial/roles.py.
BOARD_PERMISSIONS = [
    "add_documenttype",
    "change_documenttype",
    "add_subjectarea",
    "change_subjectarea",
    "import_legal_documents",
]


def make_user(username, group_name):
    user = get_user_model().objects.create_user(username=username, password="ThachHa@2020")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def people(library):
    unit("ubnd-huyen", "Ủy ban nhân dân huyện Thạch Hà")
    setup.apply_roles()
    board = Group.objects.get(name=roles.EDITORIAL_BOARD)
    board.permissions.add(
        *Permission.objects.filter(content_type__app_label="legal_docs", codename__in=BOARD_PERMISSIONS)
    )
    return {
        "board": make_user("bientap", roles.EDITORIAL_BOARD),
        "clerk": make_user("vanthu", roles.DOCUMENT_CLERKS),
        "contributor": make_user("congtacvien", roles.CONTRIBUTORS),
    }


def test_the_standard_lists_are_seeded():
    abbreviations = dict(DocumentType.objects.values_list("name", "abbreviation"))
    for name, abbreviation in [
        ("Nghị quyết", "NQ"),
        ("Quyết định", "QĐ"),
        ("Chỉ thị", "CT"),
        ("Quy chế", "QC"),
        ("Quy định", "QyĐ"),
        ("Thông báo", "TB"),
        ("Hướng dẫn", "HD"),
        ("Kế hoạch", "KH"),
        ("Báo cáo", "BC"),
        ("Tờ trình", "TTr"),
        ("Công văn", ""),
        ("Nghị định", "NĐ"),
        ("Thông tư", "TT"),
    ]:
        assert abbreviations[name] == abbreviation
    assert DocumentType.objects.count() >= 30
    assert SubjectArea.objects.filter(slug="giao-duc-dao-tao").exists()
    superior = set(Unit.objects.filter(kind=Unit.Kind.SUPERIOR).values_list("slug", flat=True))
    assert {"chinh-phu", "bo-thong-tin-va-truyen-thong", "ubnd-tinh-ha-tinh", "quoc-hoi"} <= superior


def test_the_board_manages_the_taxonomies(client, people):
    client.force_login(people["board"])
    response = client.get("/admin/snippets/legal_docs/documenttype/")
    assert response.status_code == 200
    assert "Quyết định" in response.content.decode()
    response = client.post(
        "/admin/snippets/legal_docs/documenttype/add/",
        {"name": "Quyết định liên tịch", "abbreviation": "QĐLT", "slug": "quyet-dinh-lien-tich", "sort_order": 5},
    )
    assert response.status_code == 302
    assert DocumentType.objects.filter(abbreviation="QĐLT").exists()
    # A duplicate abbreviation is a form error, not a crash.
    response = client.post(
        "/admin/snippets/legal_docs/documenttype/add/",
        {"name": "Quyết định khác", "abbreviation": "QĐ", "slug": "quyet-dinh-khac", "sort_order": 5},
    )
    assert response.status_code == 200
    assert not DocumentType.objects.filter(slug="quyet-dinh-khac").exists()
    assert client.get("/admin/snippets/legal_docs/subjectarea/").status_code == 200


def test_a_type_in_use_cannot_be_deleted(client, people, library):
    LegalDocumentPageFactory(parent=library, document_type=doc_type("ke-hoach"), number="1/KH-UBND")
    admin = get_user_model().objects.create_superuser("quantri", password="ThachHa@2020")
    client.force_login(admin)
    plan = doc_type("ke-hoach")
    response = client.post(f"/admin/snippets/legal_docs/documenttype/delete/{plan.pk}/")
    assert response.status_code in {200, 302, 403}
    assert DocumentType.objects.filter(pk=plan.pk).exists()


def test_clerks_and_contributors_do_not_edit_the_taxonomies(client, people):
    for who in ("clerk", "contributor"):
        client.force_login(people[who])
        assert client.get("/admin/snippets/legal_docs/documenttype/add/").status_code in {302, 403}


def test_page_rules(tree, library):
    assert not LegalDocumentIndexPage.can_create_at(tree.home)  # one per home page
    assert not LegalDocumentIndexPage.can_create_at(tree.news)
    assert LegalDocumentIndexPage.allowed_parent_page_models() == [HomePage]
    assert LegalDocumentPage.can_create_at(library)
    assert not LegalDocumentPage.can_create_at(tree.home)
    assert not LegalDocumentPage.can_create_at(tree.culture)
    assert LegalDocumentPage.allowed_subpage_models() == []


def form_data(document, **fields):
    data = {
        "title": "",
        "slug": "",
        "document_type": str(doc_type("quyet-dinh").pk),
        "number": "7210/qd-ubnd",
        "issuing_body": str(Unit.objects.get(slug="ubnd-huyen").pk),
        "subject_area": "",
        "summary": "Ban hành Quy chế tổ chức và hoạt động của Cổng Thông tin điện tử huyện",
        "issue_date": "08/12/2017",
        "effective_date": "",
        "expiry_date": "",
        "signer_name": "Võ Trọng Nghĩa",
        "signer_title": "Chủ tịch",
        "notes": rich_text(""),
        "attachments": inline_formset([{"document": str(document.pk), "label": "Văn bản"}]),
        "relations": inline_formset([]),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(fields)
    return nested_form_data(data)


def add_url(library):
    return f"/admin/pages/add/legal_docs/legaldocumentpage/{library.pk}/"


def test_a_clerk_publishes_a_document_directly_with_title_and_slug_from_the_number(client, people, library):
    client.force_login(people["clerk"])
    document = make_document(pdf_bytes("QD 7210"), "qd-7210.pdf")
    response = client.post(add_url(library), form_data(document))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = LegalDocumentPage.objects.get()
    assert page.live
    assert page.title == "Quyết định số 7210/QĐ-UBND"
    assert page.slug == "7210-qd-ubnd-2017"
    assert page.number == "7210/QĐ-UBND"
    assert "QD 7210" in page.text_content
    assert Page.objects.get(pk=page.pk).permissions_for_user(people["clerk"]).can_publish()


def test_the_editor_refuses_a_number_of_another_type(client, people, library):
    client.force_login(people["clerk"])
    document = make_document(pdf_bytes("KH"), "kh.pdf")
    response = client.post(add_url(library), form_data(document, number="12/KH-UBND"))
    assert response.status_code == 200
    errors = response.context["form"].errors["number"]
    assert any("không khớp với loại văn bản đã chọn" in error for error in errors)
    assert not LegalDocumentPage.objects.exists()


def test_the_editor_refuses_a_file_type_a_document_may_not_carry(client, people, library):
    client.force_login(people["clerk"])
    from tests.legal_docs.test_files import odt_bytes

    sheet = make_document(odt_bytes("spreadsheet"), "bang.ods")
    response = client.post(add_url(library), form_data(sheet))
    assert response.status_code == 200
    assert not LegalDocumentPage.objects.exists()
    assert "chỉ nhận các tệp PDF, DOC, DOCX, XLS, XLSX, ODT" in response.content.decode()


def test_the_editor_warns_about_a_duplicate_number(client, people, library):
    client.force_login(people["clerk"])
    first = LegalDocumentPageFactory(parent=library, number="7210/QĐ-UBND")
    LegalDocumentPage.objects.filter(pk=first.pk).update(issue_date="2017-12-01")
    document = make_document(pdf_bytes("QD"), "qd.pdf")
    response = client.post(add_url(library), form_data(document), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "đã có số ký hiệu 7210/QĐ-UBND" in html
    assert LegalDocumentPage.objects.filter(number="7210/QĐ-UBND").count() == 2
    assert len(set(LegalDocumentPage.objects.values_list("slug", flat=True))) == 2


def test_a_contributor_cannot_add_documents(client, people, library):
    client.force_login(people["contributor"])
    assert client.get(add_url(library)).status_code in {302, 403}


def test_the_editor_screens_open(client, people, library):
    client.force_login(people["clerk"])
    page = LegalDocumentPageFactory(parent=library)
    assert client.get(add_url(library)).status_code == 200
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    form = response.context["form"]
    for name in ["number", "document_type", "issuing_body", "subject_area", "issue_date", "effective_date", "summary"]:
        assert name in form.fields, name
    assert not form.fields["title"].required


def test_an_issuing_body_with_documents_cannot_be_deleted(client, library):
    body = unit("ubnd-tinh-ha-tinh")
    LegalDocumentPageFactory(parent=library, issuing_body=body)
    client.force_login(get_user_model().objects.create_superuser("quantri", password="ThachHa@2020"))
    response = client.post(f"/admin/snippets/core/unit/delete/{body.pk}/")
    assert response.status_code in {200, 302, 403}
    assert Unit.objects.filter(pk=body.pk).exists()
