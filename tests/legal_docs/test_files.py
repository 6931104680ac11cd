"""Files: only real PDF, DOC, DOCX, XLS, XLSX and ODT files within the size limit; PDF text extraction."""

import io
import zipfile

import pytest

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model

from legal_docs.files import ATTACHMENT_EXTENSIONS, OLE_MAGIC, extract_pdf_text, validate_file
from legal_docs.models import DocumentAttachment, LegalDocumentPage
from tests.legal_docs.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    attach,
    docx_bytes,
    make_document,
    pdf_bytes,
    xlsx_bytes,
)


@pytest.fixture
def library(tree):
    """The tree of tests/conftest.py with the document library at /van-ban/."""
    return LegalDocumentIndexPageFactory(parent=tree.home)


def odt_bytes(kind="text") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", f"application/vnd.oasis.opendocument.{kind}")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


GOOD = {
    "quyet-dinh.pdf": lambda: pdf_bytes("Quyet dinh"),
    "cong-van.doc": lambda: OLE_MAGIC + b"\x00" * 600,
    "bang.xls": lambda: OLE_MAGIC + b"\x00" * 600,
    "to-trinh.docx": docx_bytes,
    "phu-luc.xlsx": lambda: xlsx_bytes([["STT", "Tên"], [1, "A"]]),
    "ke-hoach.odt": odt_bytes,
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_real_files_of_the_six_types_are_accepted(name):
    upload = SimpleUploadedFile(name, GOOD[name]())
    assert validate_file(upload, ATTACHMENT_EXTENSIONS) == name.rsplit(".", 1)[1]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("gia-mao.pdf", b"MZ\x90\x00 this is a Windows program", "file_content"),
        ("gia-mao.pdf", b"<html><script>alert(1)</script></html>", "file_content"),
        ("gia-mao.docx", b"MZ\x90\x00", "file_content"),
        ("bang-tinh-doi-ten.docx", None, "file_content"),  # an XLSX renamed .docx
        ("van-ban.doc", b"%PDF-1.4 a pdf renamed .doc", "file_content"),
        ("hong.xlsx", b"PK\x03\x04 broken zip", "file_content"),
        ("bang-tinh.ods", None, "file_type"),
        ("nen.zip", b"PK\x05\x06" + b"\x00" * 18, "file_type"),
        ("chuong-trinh.exe", b"MZ\x90\x00", "file_type"),
        ("khong-duoi", b"%PDF-1.4", "file_type"),
        ("rong.pdf", b"", "file_empty"),
    ],
)
def test_other_content_is_refused_with_a_reason(name, content, code):
    if content is None:
        content = xlsx_bytes([["a"]]) if name.endswith(".docx") else odt_bytes("spreadsheet")
    with pytest.raises(ValidationError) as raised:
        validate_file(SimpleUploadedFile(name, content), ATTACHMENT_EXTENSIONS)
    assert raised.value.code == code
    assert str(raised.value.messages[0])


def test_files_over_the_limit_are_refused(settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    with pytest.raises(ValidationError) as raised:
        validate_file(SimpleUploadedFile("lon.pdf", pdf_bytes(*["Dong van ban dai"] * 200)), ATTACHMENT_EXTENSIONS)
    assert raised.value.code == "file_too_large"
    assert "vượt giới hạn" in raised.value.messages[0]


def test_the_default_limit_is_twenty_megabytes(settings):
    from legal_docs.files import max_upload_size

    del settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    assert max_upload_size() == 20 * 1024 * 1024


# --- The media library's own upload screens -----------------------------------------------------


@pytest.mark.django_db
class TestAdminUpload:
    def test_a_real_pdf_is_uploaded(self, admin_client):
        response = admin_client.post(
            "/admin/documents/add/",
            {"title": "Quyết định", "file": SimpleUploadedFile("qd.pdf", pdf_bytes("QD")), "collection": 1},
        )
        assert response.status_code == 302
        assert get_document_model().objects.filter(title="Quyết định").exists()

    def test_a_renamed_program_is_refused_in_vietnamese(self, admin_client):
        response = admin_client.post(
            "/admin/documents/add/",
            {"title": "Giả mạo", "file": SimpleUploadedFile("qd.pdf", b"MZ\x90\x00program"), "collection": 1},
        )
        assert response.status_code == 200
        errors = response.context["form"].errors["file"]
        assert any("không phải là tệp PDF thật" in error for error in errors)
        assert not get_document_model().objects.filter(title="Giả mạo").exists()

    def test_the_multiple_uploader_refuses_it_too(self, admin_client):
        response = admin_client.post(
            "/admin/documents/multiple/add/",
            {"files[]": SimpleUploadedFile("bang.xlsx", b"not a workbook"), "collection": 1},
        )
        assert response.status_code == 200
        data = response.json()
        assert data["success"] is False
        assert "XLSX" in data["error_message"]
        assert not get_document_model().objects.exists()

    def test_an_oversized_file_is_refused(self, admin_client, settings):
        settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
        response = admin_client.post(
            "/admin/documents/add/",
            {"title": "Lớn", "file": SimpleUploadedFile("lon.pdf", pdf_bytes(*["Dong dai"] * 300)), "collection": 1},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["file"]
        assert not get_document_model().objects.filter(title="Lớn").exists()


# --- Attachments and extracted text ---------------------------------------------------------------


@pytest.mark.django_db
class TestAttachments:
    def test_a_document_attaches_only_the_six_types(self, library):
        page = LegalDocumentPageFactory(parent=library)
        zipped = make_document(odt_bytes("spreadsheet"), "bang.ods")
        with pytest.raises(ValidationError) as raised:
            DocumentAttachment(page=page, document=zipped).full_clean()
        assert "document" in raised.value.message_dict
        DocumentAttachment(page=page, document=make_document(pdf_bytes("x"), "x.pdf")).full_clean()

    def test_a_stored_file_whose_content_lies_is_refused(self, library):
        page = LegalDocumentPageFactory(parent=library)
        fake = make_document(b"<html>not a pdf</html>", "fake.pdf")
        with pytest.raises(ValidationError):
            DocumentAttachment(page=page, document=fake).full_clean()

    def test_pdf_text_is_extracted_for_search(self, library):
        page = attach(
            LegalDocumentPageFactory(parent=library), make_document(pdf_bytes("Điều 1. Ban hành quy chế"), "a.pdf")
        )
        page = LegalDocumentPage.objects.get(pk=page.pk)
        assert "Dieu 1. Ban hanh quy che" in page.text_content
        assert page.text_source

    def test_replacing_the_file_updates_the_text(self, library):
        document = make_document(pdf_bytes("Noi dung cu"), "a.pdf")
        page = attach(LegalDocumentPageFactory(parent=library), document)
        content = pdf_bytes("Noi dung moi")
        document.file.save("b.pdf", ContentFile(content), save=False)
        document.file_hash = "changed"
        document.save()
        assert "Noi dung moi" in LegalDocumentPage.objects.get(pk=page.pk).text_content

    def test_a_broken_pdf_never_stops_saving(self, library):
        broken = make_document(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without xref", "hong.pdf")
        page = LegalDocumentPageFactory(parent=library)
        page.attachments = [DocumentAttachment(document=broken)]
        page.save()
        page.save_revision().publish()
        page = LegalDocumentPage.objects.get(pk=page.pk)
        assert page.live
        assert page.text_content == ""

    def test_extraction_survives_anything(self):
        assert extract_pdf_text(io.BytesIO(b"")) == ""
        assert extract_pdf_text(io.BytesIO(b"%PDF-1.7\n%%EOF")) == ""
        assert "Xin chao" in extract_pdf_text(io.BytesIO(pdf_bytes("Xin chào")))


@pytest.mark.django_db
def test_the_text_is_kept_on_the_page_not_in_every_revision(library):
    page = attach(LegalDocumentPageFactory(parent=library), make_document(pdf_bytes("Noi dung van ban"), "a.pdf"))
    revision = page.get_latest_revision()
    assert "text_content" not in revision.content
    page.summary = "Trích yếu đã sửa"
    page.save_revision().publish()
    page = LegalDocumentPage.objects.get(pk=page.pk)
    assert page.summary == "Trích yếu đã sửa"
    assert "Noi dung van ban" in page.text_content
