"""Factories and helpers for the legal documents library's tests."""

import datetime
import hashlib
import io
import zipfile

import factory
import wagtail_factories

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

from core.models import Unit
from demo.minipdf import make_pdf
from legal_docs.models import (
    DocumentAttachment,
    DocumentRelation,
    DocumentType,
    LegalDocumentIndexPage,
    LegalDocumentPage,
    document_collection,
)


class LegalDocumentIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LegalDocumentIndexPage

    title = "Văn bản"
    slug = "van-ban"
    show_in_menus = True


def doc_type(slug: str) -> DocumentType:
    return DocumentType.objects.get(slug=slug)


def unit(slug: str, name: str | None = None, kind=Unit.Kind.COMMITTEE) -> Unit:
    found, _created = Unit.objects.get_or_create(slug=slug, defaults={"name": name or slug, "kind": kind})
    return found


class LegalDocumentPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LegalDocumentPage

    title = ""
    slug = ""
    number = factory.Sequence(lambda n: f"{n + 1}/QĐ-UBND")
    document_type = factory.LazyFunction(lambda: doc_type("quyet-dinh"))
    issuing_body = factory.LazyFunction(lambda: unit("ubnd-huyen", "Ủy ban nhân dân huyện Thạch Hà"))
    issue_date = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
    summary = factory.Sequence(lambda n: f"Về việc giao nhiệm vụ số {n} cho các phòng, ban")


def pdf_bytes(*lines: str) -> bytes:
    return make_pdf(list(lines) or ["Van ban thu nghiem"])


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_document(content: bytes, name: str = "van-ban.pdf", title: str | None = None):
    Document = get_document_model()
    document = Document(title=title or name, collection=document_collection())
    document.file.save(name, ContentFile(content), save=False)
    document.file_size = len(content)
    document.file_hash = hashlib.sha1(content, usedforsecurity=False).hexdigest()
    document.save()
    return document


def attach(page, *documents, publish=True):
    """Give a page files (as its editor would) and publish it again."""
    page.attachments = [DocumentAttachment(document=d, sort_order=i) for i, d in enumerate(documents)]
    page.save()
    if publish:
        page.save_revision().publish()
    return page


def relate(source, relation_type, target):
    """Record on ``source`` that it ``relation_type``s ``target`` (published)."""
    source.relations.add(DocumentRelation(relation_type=relation_type, target=target))
    source.save()
    source.save_revision().publish()
    return source
