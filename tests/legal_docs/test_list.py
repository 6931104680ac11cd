"""The public list /van-ban/: newest first, every filter, hostile values, pagination, query budget."""

import datetime
import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from legal_docs.models import DocumentAttachment
from legal_docs.validity import RelationType
from tests.legal_docs.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    doc_type,
    make_document,
    pdf_bytes,
    relate,
    unit,
)


@pytest.fixture
def library(tree):
    """The tree of tests/conftest.py with the document library at /van-ban/."""
    return LegalDocumentIndexPageFactory(parent=tree.home)


pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(library):
    government = unit("chinh-phu")
    today = datetime.date.today()
    docs = {
        "portal": LegalDocumentPageFactory(
            parent=library,
            number="7210/QĐ-UBND",
            issue_date=datetime.date(2017, 12, 8),
            subject_area=_area("thong-tin-truyen-thong"),
            summary="Ban hành Quy chế tổ chức và hoạt động của Cổng Thông tin điện tử huyện Thạch Hà",
        ),
        "plan": LegalDocumentPageFactory(
            parent=library,
            number="15/KH-UBND",
            document_type=doc_type("ke-hoach"),
            issue_date=datetime.date(2023, 2, 1),
            subject_area=_area("giao-duc-dao-tao"),
            summary="Xây dựng trường học đạt chuẩn quốc gia giai đoạn 2023 – 2025",
        ),
        "report": LegalDocumentPageFactory(
            parent=library,
            number="88/BC-UBND",
            document_type=doc_type("bao-cao"),
            issue_date=datetime.date(2023, 6, 1),
            summary="Kết quả thu hoạch lúa vụ Xuân",
        ),
        "old_decree": LegalDocumentPageFactory(
            parent=library,
            number="43/2011/NĐ-CP",
            document_type=doc_type("nghi-dinh"),
            issuing_body=government,
            issue_date=datetime.date(2011, 6, 13),
            summary="Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến",
        ),
        "decree": LegalDocumentPageFactory(
            parent=library,
            number="42/2022/NĐ-CP",
            document_type=doc_type("nghi-dinh"),
            issuing_body=government,
            issue_date=datetime.date(2022, 6, 24),
            effective_date=datetime.date(2022, 8, 25),
            summary="Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến trên môi trường mạng",
        ),
        "coming": LegalDocumentPageFactory(
            parent=library,
            number="99/QĐ-UBND",
            issue_date=today,
            effective_date=today + datetime.timedelta(days=30),
            summary="Quy định tiêu chí khu dân cư kiểu mẫu",
        ),
        "draft": LegalDocumentPageFactory(
            parent=library, live=False, number="7211/QĐ-UBND", issue_date=datetime.date(2017, 12, 9), summary="Bản nháp"
        ),
    }
    relate(docs["decree"], RelationType.REPLACES, docs["old_decree"])
    return docs


def _area(slug):
    from legal_docs.models import SubjectArea

    return SubjectArea.objects.get(slug=slug)


def numbers(response) -> list[str]:
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'class="legal-card__title"><a href="[^"]+">[^<]*?số ([^<]+)</a>', html)


def test_newest_first_and_drafts_never(client, sample):
    assert numbers(client.get("/van-ban/")) == [
        sample["coming"].number,
        "88/BC-UBND",
        "15/KH-UBND",
        "42/2022/NĐ-CP",
        "7210/QĐ-UBND",
        "43/2011/NĐ-CP",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=ke-hoach", ["15/KH-UBND"]),
        ("type=nghi-dinh", ["42/2022/NĐ-CP", "43/2011/NĐ-CP"]),
        ("issuer=chinh-phu", ["42/2022/NĐ-CP", "43/2011/NĐ-CP"]),
        ("issuer=bo-noi-vu", []),  # a body that issued nothing here
        ("field=giao-duc-dao-tao", ["15/KH-UBND"]),
        ("year=2017", ["7210/QĐ-UBND"]),
        ("status=het-hieu-luc", ["43/2011/NĐ-CP"]),
        ("status=chua-hieu-luc", ["99/QĐ-UBND"]),
        ("issuer=ubnd-huyen&year=2023", ["88/BC-UBND", "15/KH-UBND"]),
        ("q=qd-ubnd+7210", ["7210/QĐ-UBND"]),
        ("q=7210", ["7210/QĐ-UBND"]),
        ("q=721", ["7210/QĐ-UBND"]),
        ("q=QĐ-UBND+7210", ["7210/QĐ-UBND"]),
        ("q=ke+hoach", ["15/KH-UBND"]),
        ("q=K%E1%BA%BF+ho%E1%BA%A1ch", ["15/KH-UBND"]),
        ("q=nd-cp", ["42/2022/NĐ-CP", "43/2011/NĐ-CP"]),
        ("q=42%2F2022", ["42/2022/NĐ-CP"]),
        ("q=cong+thong+tin+dien+tu", ["7210/QĐ-UBND"]),
        ("q=truong+chuan&type=ke-hoach", ["15/KH-UBND"]),
        ("q=truong+chuan&type=quyet-dinh", []),
        ("q=khong+co+van+ban+nao", []),
    ],
)
def test_filters(client, sample, query, expected):
    response = client.get(f"/van-ban/?{query}")
    assert numbers(response) == expected
    assert "legal-notice" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "filter_label"),
    [
        ("type=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "Loại văn bản"),
        ("type=khong-co", "Loại văn bản"),
        ("issuer=%27%3B+DROP+TABLE+core_unit%3B--", "Cơ quan ban hành"),
        ("issuer=ubnd-xa-khong-ton-tai", "Cơ quan ban hành"),
        # PostgreSQL refuses a NUL in a string: never passed on to it.
        ("issuer=%00", "Cơ quan ban hành"),
        ("issuer=ab%00cd", "Cơ quan ban hành"),
        ("issuer=ubnd-huyen%00", "Cơ quan ban hành"),
        ("field=%00", "Lĩnh vực"),
        ("year=abc", "Năm ban hành"),
        ("year=2017abc", "Năm ban hành"),
        ("year=99999999999999999999999999", "Năm ban hành"),
        ("year=-1", "Năm ban hành"),
        ("year=%3Cb%3E", "Năm ban hành"),
        ("status=valid", "Tình trạng hiệu lực"),
        ("status=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E", "Tình trạng hiệu lực"),
        ("q=" + "x" * 500, "Số ký hiệu hoặc từ trong trích yếu"),
        ("q=abc%00def", "Số ký hiệu hoặc từ trong trích yếu"),
    ],
)
def test_bad_filter_values_are_ignored_with_a_message_and_never_reflected(client, sample, query, filter_label):
    response = client.get(f"/van-ban/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "legal-notice" in html
    assert f"“{filter_label}”" in html
    assert "<script>alert" not in html
    assert "onerror=alert" not in html
    assert "DROP TABLE" not in html.split('id="legal-results-title"')[0].split("legal-notice")[1]
    # The bad filter is dropped, the list still shows every document.
    assert len(numbers(response)) == 6


def test_a_query_with_markup_is_shown_escaped(client, sample):
    response = client.get("/van-ban/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("page", ["-5", "0", "abc", "99999999999999999999", "2.5", "%00"])
def test_bad_page_numbers_give_a_page(client, sample, page):
    response = client.get(f"/van-ban/?page={page}")
    assert response.status_code == 200
    assert numbers(response)


def test_repeated_and_odd_parameters_never_break_the_list(client, sample):
    for query in [
        "type=ke-hoach&type=nghi-dinh",
        "type[]=ke-hoach",
        "q=&type=&year=&status=",
        "foo=bar",
        "q=%E2%80%8B",
    ]:
        assert client.get(f"/van-ban/?{query}").status_code == 200


def test_pagination_keeps_the_filters(client, library):
    for number in range(1, 26):
        LegalDocumentPageFactory(parent=library, number=f"{number}/QĐ-UBND", issue_date=datetime.date(2024, 1, number))
    LegalDocumentPageFactory(parent=library, number="1/KH-UBND", document_type=doc_type("ke-hoach"))
    response = client.get("/van-ban/?type=quyet-dinh&q=ubnd")
    html = response.content.decode()
    assert len(numbers(response)) == 20
    assert 'href="?q=ubnd&amp;type=quyet-dinh&amp;page=2"' in html
    second = client.get("/van-ban/?q=ubnd&type=quyet-dinh&page=2")
    assert numbers(second) == [f"{n}/QĐ-UBND" for n in range(5, 0, -1)]
    assert 'href="?q=ubnd&amp;type=quyet-dinh&amp;page=1"' in second.content.decode()


def test_the_filter_form_is_labelled_and_keeps_its_values(client, sample):
    html = client.get("/van-ban/?type=ke-hoach&q=ke+hoach").content.decode()
    for name in ["q", "type", "issuer", "field", "year", "status"]:
        assert f'<label for="id_{name}">' in html
    assert '<option value="ke-hoach" selected>' in html
    assert 'value="ke hoach"' in html
    # Only bodies that issued something are offered.
    assert '<option value="chinh-phu">' in html
    assert '<option value="bo-noi-vu">' not in html


def test_the_badge_says_the_validity_in_words(client, sample):
    html = client.get("/van-ban/?issuer=chinh-phu").content.decode()
    badges = {
        number: label.strip()
        for number, label in re.findall(
            r'class="legal-card__title"><a href="[^"]+">[^<]*?số ([^<]+)</a>.*?'
            r'class="legal-badge[^"]*"><span class="visually-hidden">[^<]*</span>([^<]+)</span>',
            html,
            flags=re.DOTALL,
        )
    }
    # The old decree was replaced as a whole by the new one.
    assert badges == {"42/2022/NĐ-CP": "Còn hiệu lực", "43/2011/NĐ-CP": "Hết hiệu lực toàn bộ"}


# --- Query budget -------------------------------------------------------------------------------

BUDGET = 22


def archive(library, count, start):
    document = make_document(pdf_bytes("Tep dinh kem"), "chung.pdf")
    types = [doc_type("quyet-dinh"), doc_type("ke-hoach"), doc_type("thong-bao")]
    previous = None
    for number in range(start, start + count):
        kind = types[number % 3]
        page = LegalDocumentPageFactory(
            parent=library,
            number=f"{number}/{kind.abbreviation}-UBND",
            document_type=kind,
            issue_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
        )
        DocumentAttachment.objects.create(page=page, document=document, sort_order=0)
        if previous is not None and number % 5 == 0:
            page.relations.create(relation_type=RelationType.AMENDS, target=previous)
        previous = page


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert numbers(response)
    return len(queries)


@pytest.mark.parametrize("url", ["/van-ban/", "/van-ban/?type=quyet-dinh&q=ubnd&status=con-hieu-luc&year=2020"])
def test_query_count_does_not_grow_with_the_library(client, library, url):
    counts = []
    archive(library, 20, 1)
    counts.append(count_queries(client, url))
    archive(library, 180, 21)
    counts.append(count_queries(client, url))
    small, large = counts
    assert large == small, f"{small} queries with 20 documents, {large} with 200"
    assert large <= BUDGET, f"{large} queries, budget {BUDGET}"
