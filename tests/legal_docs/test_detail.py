"""A document's page: metadata table, files, inline PDF, related documents both ways, print view."""

import datetime
import re
from pathlib import Path

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from legal_docs.models import DocumentAttachment
from legal_docs.validity import RelationType
from tests.legal_docs.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    attach,
    doc_type,
    make_document,
    pdf_bytes,
    relate,
    unit,
    xlsx_bytes,
)


@pytest.fixture
def library(tree):
    """The tree of tests/conftest.py with the document library at /van-ban/."""
    return LegalDocumentIndexPageFactory(parent=tree.home)


pytestmark = pytest.mark.django_db


@pytest.fixture
def decree(library):
    page = LegalDocumentPageFactory(
        parent=library,
        number="42/2022/NĐ-CP",
        document_type=doc_type("nghi-dinh"),
        issuing_body=unit("chinh-phu"),
        issue_date=datetime.date(2022, 6, 24),
        effective_date=datetime.date(2022, 8, 25),
        signer_name="Vũ Đức Đam",
        signer_title="KT. Thủ tướng – Phó Thủ tướng",
        summary="Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến",
        notes="<p>Thay thế Nghị định số 43/2011/NĐ-CP.</p>",
    )
    pdf = make_document(pdf_bytes("NGHI DINH 42/2022/ND-CP"), "42-2022-nd-cp.pdf", "Nghị định 42/2022/NĐ-CP")
    annex = make_document(xlsx_bytes([["STT", "Nội dung"], [1, "Phụ lục"]]), "phu-luc.xlsx", "Phụ lục")
    return attach(page, pdf, annex)


def test_metadata_table(client, decree):
    response = client.get(decree.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="legal-doc__title">Nghị định số 42/2022/NĐ-CP</h1>' in html
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>(.*?)</td></tr>', html))
    assert rows["Số ký hiệu"] == "42/2022/NĐ-CP"
    assert rows["Loại văn bản"] == "Nghị định"
    assert rows["Cơ quan ban hành"] == "Chính phủ"
    assert "24/06/2022" in rows["Ngày ban hành"]
    assert "25/08/2022" in rows["Ngày có hiệu lực"]
    assert rows["Người ký"] == "Vũ Đức Đam (KT. Thủ tướng – Phó Thủ tướng)"
    assert rows["Tình trạng hiệu lực"] == "Còn hiệu lực"
    assert "Thay thế Nghị định số 43/2011/NĐ-CP." in html
    assert "legal-badge--con-hieu-luc" in html


def test_download_links_say_type_and_size(client, decree):
    html = client.get(decree.url).content.decode()
    pdf = decree.attachments.first().document
    assert f'href="{pdf.url}" download>Tải về: Nghị định 42/2022/NĐ-CP</a>' in html
    assert re.search(r"Phụ lục</a>\s*<span class=\"legal-files__info\">\(XLSX, [\d.,]+\s*(KB|byte)\)", html)
    assert re.search(r"\(PDF, [\d.,]+\s*(KB|byte)\)", html)


def test_the_pdf_is_a_sandboxed_download_never_shown_inline(client, decree):
    """A PDF can carry script (/OpenAction): the page links to its download and embeds nothing."""
    html = client.get(decree.url).content.decode()
    pdf = decree.attachments.first()
    assert "<object" not in html and "<embed" not in html and "<iframe" not in html
    assert f'href="{pdf.document.url}" download>' in html

    # The address the page's viewer used to read, which people may have kept, leads to the download.
    response = client.get(f"{decree.url}tep/{pdf.pk}/")
    assert response.status_code == 302
    assert response["Location"] == pdf.document.url
    download = client.get(response["Location"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_no_inline_view_without_a_pdf(client, library):
    page = LegalDocumentPageFactory(parent=library)
    attach(page, make_document(xlsx_bytes([["a"]]), "bang.xlsx"))
    html = client.get(page.url).content.decode()
    assert "<object" not in html
    assert "(XLSX," in html
    xlsx = page.attachments.first()
    assert client.get(f"{page.url}tep/{xlsx.pk}/").status_code == 404


def test_inline_files_belong_to_their_live_page(client, library, decree):
    other = attach(LegalDocumentPageFactory(parent=library), make_document(pdf_bytes("Khac"), "khac.pdf"))
    foreign = other.attachments.first()
    assert client.get(f"{decree.url}tep/{foreign.pk}/").status_code == 404
    assert client.get(f"{decree.url}tep/999999/").status_code == 404
    assert client.get(f"{decree.url}tep/abc/").status_code == 404
    draft = LegalDocumentPageFactory(parent=library, live=False)
    DocumentAttachment.objects.create(page=draft, document=foreign.document)
    assert client.get(f"/van-ban/{draft.slug}/").status_code == 404
    assert client.get(f"/van-ban/{draft.slug}/tep/{draft.attachments.first().pk}/").status_code == 404


def test_related_documents_both_ways(client, library, decree):
    old = LegalDocumentPageFactory(
        parent=library,
        number="43/2011/NĐ-CP",
        document_type=doc_type("nghi-dinh"),
        issuing_body=unit("chinh-phu"),
        issue_date=datetime.date(2011, 6, 13),
        summary="Quy định về việc cung cấp thông tin trên trang thông tin điện tử",
    )
    guide = LegalDocumentPageFactory(
        parent=library,
        number="4946/BTTTT-CĐSQG",
        document_type=doc_type("cong-van"),
        issuing_body=unit("bo-thong-tin-va-truyen-thong"),
        issue_date=datetime.date(2022, 12, 2),
        summary="Hướng dẫn triển khai Nghị định số 42/2022/NĐ-CP",
    )
    relate(decree, RelationType.REPLACES, old)
    relate(guide, RelationType.GUIDES, decree)

    html = client.get(decree.url).content.decode()
    related = html.split('id="legal-related-title"')[1]
    assert re.search(
        r"<dt>Thay thế</dt>\s*<dd><a href=\"/van-ban/43-2011-nd-cp/\">Nghị định số 43/2011/NĐ-CP</a>", related
    )
    assert re.search(
        rf'<dt>Được hướng dẫn thi hành bởi</dt>\s*<dd><a href="{guide.url}">Công văn số 4946/BTTTT-CĐSQG</a>', related
    )

    old_html = client.get(old.url).content.decode()
    assert "Được thay thế bởi" in old_html
    assert decree.url in old_html.split('id="legal-related-title"')[1]
    assert "legal-badge--het-hieu-luc" in old_html
    assert "Hết hiệu lực toàn bộ" in old_html


def test_a_draft_relation_is_not_shown(client, library, decree):
    draft = LegalDocumentPageFactory(parent=library, live=False, summary="Bản dự thảo")
    draft.relations.add(draft.relations.model(relation_type=RelationType.AMENDS, target=decree))
    draft.save()
    html = client.get(decree.url).content.decode()
    assert "Bản dự thảo" not in html
    assert "Được sửa đổi, bổ sung bởi" not in html


def test_print_view(client, decree):
    response = client.get(f"{decree.url}ban-in/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, follow">' in html
    assert '<th scope="row">Số ký hiệu</th>' in html
    assert "<object" not in html
    assert "Nguồn:" in html
    page_html = client.get(decree.url).content.decode()
    assert f'href="{decree.url}ban-in/"' in page_html
    css = (Path(__file__).resolve().parents[2] / "legal_docs/static/legal_docs/legal_docs.css").read_text()
    assert "@media print" in css
    assert "legal_docs/legal_docs.css" in page_html


# --- Query budget -------------------------------------------------------------------------------

BUDGET = 20


def test_query_count_does_not_grow_with_the_library(client, library, decree):
    def count():
        client.get(decree.url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(decree.url)
        assert response.status_code == 200
        return len(queries)

    pdf = make_document(pdf_bytes("Chung"), "chung.pdf")
    for number in range(1, 20):
        page = LegalDocumentPageFactory(parent=library, number=f"{number}/QĐ-UBND")
        DocumentAttachment.objects.create(page=page, document=pdf)
        page.relations.create(relation_type=RelationType.GUIDES, target=decree)
    small = count()
    for number in range(20, 200):
        page = LegalDocumentPageFactory(parent=library, number=f"{number}/QĐ-UBND")
        DocumentAttachment.objects.create(page=page, document=pdf)
    large = count()
    assert large == small, f"{small} queries with 20 documents, {large} with 200"
    assert large <= BUDGET, f"{large} queries, budget {BUDGET}"


def test_previews_of_unsaved_changes_render(library, decree):
    decree.attachments.add(DocumentAttachment(document=make_document(pdf_bytes("Moi"), "moi.pdf")))
    assert decree.make_preview_request().status_code == 200

    new = LegalDocumentPageFactory.build(number="5/QĐ-UBND", title="", slug="5-qd-ubnd-2024")
    new.attachments = [DocumentAttachment(document=make_document(pdf_bytes("Du thao"), "du-thao.pdf"))]
    # What Wagtail's preview of a page being created does.
    new.depth = library.depth + 1
    new.path = library.get_last_child()._inc_path()
    new.set_url_path(library)
    new.minimal_clean()
    response = new.make_preview_request()
    assert response.status_code == 200
    assert "Quyết định số 5/QĐ-UBND" in response.content.decode()
