"""Document numbers: parsing, normalising, agreement with the type, duplicates."""

import datetime

import pytest

from django.core.exceptions import ValidationError

from legal_docs.models import LegalDocumentPage
from legal_docs.numbers import NumberError, match_abbreviation, number_key, parse_number
from tests.legal_docs.factories import LegalDocumentIndexPageFactory, LegalDocumentPageFactory, doc_type, unit


@pytest.fixture
def library(tree):
    """The tree of tests/conftest.py with the document library at /van-ban/."""
    return LegalDocumentIndexPageFactory(parent=tree.home)


TYPES = ["QĐ", "NQ", "CT", "KH", "TB", "BC", "HD", "HĐ", "TTr", "CTr", "NĐ", "TT", "QyĐ", "ĐA", "DA"]


@pytest.mark.parametrize(
    ("typed", "text", "key"),
    [
        ("7210/QĐ-UBND", "7210/QĐ-UBND", "7210/QD-UBND"),
        ("7210/qd-ubnd", "7210/QĐ-UBND", "7210/QD-UBND"),
        ("  7210 / QĐ - UBND ", "7210/QĐ-UBND", "7210/QD-UBND"),
        ("Số: 7210/QĐ-UBND", "7210/QĐ-UBND", "7210/QD-UBND"),
        ("so 7210/QD-UBND", "7210/QĐ-UBND", "7210/QD-UBND"),
        ("43/2011/NĐ-CP", "43/2011/NĐ-CP", "43/2011/ND-CP"),
        ("43/2011/nd-cp", "43/2011/NĐ-CP", "43/2011/ND-CP"),
        ("4946/BTTTT-CĐSQG", "4946/BTTTT-CĐSQG", "4946/BTTTT-CDSQG"),
        ("24/2018/QH14", "24/2018/QH14", "24/2018/QH14"),
        ("16/CT-TTg", "16/CT-TTg", "16/CT-TTG"),
        ("01/KH-UBND", "01/KH-UBND", "1/KH-UBND"),
        ("123a/QĐ-UBND", "123a/QĐ-UBND", "123A/QD-UBND"),
        ("15-CT/HU", "15-CT/HU", "15-CT/HU"),
        ("05 – NQ / TU", "05-NQ/TU", "5-NQ/TU"),
        ("12/SNN&PTNT-KH", "12/SNN&PTNT-KH", "12/SNN&PTNT-KH"),
    ],
)
def test_good_numbers_are_read_and_normalised(typed, text, key):
    parsed = parse_number(typed, TYPES)
    assert parsed.text == text
    assert parsed.key == key


def test_the_type_part_is_recognised_only_where_it_stands():
    assert parse_number("7210/QĐ-UBND", TYPES).type_part == "QĐ"
    assert parse_number("43/2011/NĐ-CP", TYPES).type_part == "NĐ"
    assert parse_number("4946/BTTTT-CĐSQG", TYPES).type_part is None  # an official letter
    assert parse_number("24/2018/QH14", TYPES).type_part is None  # a law
    assert parse_number("15-CT/HU", TYPES).type_part == "CT"
    assert parse_number("7210/QĐ-UBND", TYPES).year is None
    assert parse_number("43/2011/NĐ-CP", TYPES).year == 2011


def test_d_for_đ_is_settled_by_the_chosen_type():
    # "HD" is guidance, "HĐ" a contract: a "D" typed for "Đ" is ambiguous there, and only the chosen
    # type can tell; where it is not ambiguous, "QD" is read as "QĐ".
    assert match_abbreviation("QD", TYPES) == "QĐ"
    assert match_abbreviation("hd", TYPES) == "HD"
    assert match_abbreviation("HĐ", TYPES) == "HĐ"
    assert parse_number("12/hd-ubnd", TYPES, expected_type="HĐ").text == "12/HĐ-UBND"
    assert parse_number("12/hd-ubnd", TYPES, expected_type="HD").text == "12/HD-UBND"
    assert number_key("12/HĐ-UBND") == number_key("12/hd-ubnd")


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "abc",
        "7210",
        "/QĐ-UBND",
        "7210/",
        "7210//QĐ-UBND",
        "7210/QĐ--UBND",
        "7210/QĐ-UBND-",
        "0/QĐ-UBND",
        "7210/1800/NĐ-CP",
        "7210/QĐ UBND",
        "QĐ-UBND/7210",
        "7210/QĐ-UBND/2017",
        "<script>alert(1)</script>",
        "7210/QĐ-UBND; DROP TABLE",
        "1/" + "A" * 80,
    ],
)
def test_malformed_numbers_are_refused_with_a_reason(typed):
    with pytest.raises(NumberError) as raised:
        parse_number(typed, TYPES)
    assert str(raised.value.message)


@pytest.mark.django_db
class TestNumbersOnDocuments:
    def test_the_number_is_stored_normalised_with_its_key(self, library):
        page = LegalDocumentPageFactory(
            parent=library, number="7210 / qd - ubnd", issue_date=datetime.date(2017, 12, 8)
        )
        page.refresh_from_db()
        assert page.number == "7210/QĐ-UBND"
        assert page.number_key == "7210/QD-UBND"
        assert page.title == "Quyết định số 7210/QĐ-UBND"
        assert page.slug == "7210-qd-ubnd-2017"

    def test_a_number_that_disagrees_with_the_type_is_refused(self, library):
        page = LegalDocumentPage(
            number="12/KH-UBND",
            document_type=doc_type("quyet-dinh"),
            issuing_body=unit("ubnd-huyen"),
            issue_date=datetime.date(2024, 1, 5),
            summary="Kế hoạch năm 2024",
        )
        with pytest.raises(ValidationError) as raised:
            library.add_child(instance=page)
        message = " ".join(raised.value.message_dict["number"])
        assert "KH" in message
        assert "Quyết định" in message
        assert not LegalDocumentPage.objects.exists()

    def test_a_letter_number_with_a_type_part_is_refused(self, library):
        page = LegalDocumentPage(
            number="12/QĐ-UBND",
            document_type=doc_type("cong-van"),
            issuing_body=unit("ubnd-huyen"),
            issue_date=datetime.date(2024, 1, 5),
            summary="Về việc báo cáo",
        )
        with pytest.raises(ValidationError) as raised:
            page.full_clean()
        assert "number" in raised.value.message_dict

    def test_a_letter_and_a_law_need_no_type_part(self, library):
        letter = LegalDocumentPageFactory(parent=library, number="4946/BTTTT-CĐSQG", document_type=doc_type("cong-van"))
        law = LegalDocumentPageFactory(
            parent=library, number="24/2018/QH14", document_type=doc_type("luat"), issue_date=datetime.date(2018, 6, 12)
        )
        assert letter.title == "Công văn số 4946/BTTTT-CĐSQG"
        assert law.slug == "24-2018-qh14"

    def test_a_type_with_a_missing_type_part_is_refused(self, library):
        page = LegalDocumentPage(
            number="12/UBND-VP",
            document_type=doc_type("ke-hoach"),
            issuing_body=unit("ubnd-huyen"),
            issue_date=datetime.date(2024, 1, 5),
            summary="Kế hoạch",
        )
        with pytest.raises(ValidationError) as raised:
            page.full_clean()
        assert "KH" in " ".join(raised.value.message_dict["number"])

    def test_duplicates_are_the_same_number_body_and_year(self, library):
        first = LegalDocumentPageFactory(parent=library, number="01/QĐ-UBND", issue_date=datetime.date(2024, 1, 2))
        same = LegalDocumentPageFactory(parent=library, number="1/qd-ubnd", issue_date=datetime.date(2024, 3, 1))
        next_year = LegalDocumentPageFactory(parent=library, number="01/QĐ-UBND", issue_date=datetime.date(2025, 1, 2))
        other_body = LegalDocumentPageFactory(
            parent=library,
            number="01/QĐ-UBND",
            issue_date=datetime.date(2024, 1, 2),
            issuing_body=unit("ubnd-tinh-ha-tinh"),
        )
        assert [page.pk for page in same.duplicates()] == [first.pk]
        assert not next_year.duplicates().exists()
        assert not other_body.duplicates().exists()
        # Both may be saved (a warning, not a refusal) and get distinct addresses.
        assert first.slug != same.slug
