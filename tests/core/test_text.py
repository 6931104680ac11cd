import pytest

from core.text import fold, fold_slug, slugify_vi


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Giáo dục – Đào tạo", "giao-duc-dao-tao"),
        ("Đại hội Đảng bộ", "dai-hoi-dang-bo"),
        ("Văn hóa – Xã hội", "van-hoa-xa-hoi"),
        ("Phòng chống dịch COVID-19", "phong-chong-dich-covid-19"),
        ("Quyết định số 7210/QĐ-UBND", "quyet-dinh-so-7210qd-ubnd"),
        ("  Thủy lợi  ", "thuy-loi"),
        ("Ưu tiên người dân", "uu-tien-nguoi-dan"),
        ("", ""),
    ],
)
def test_slugify_vi_folds_vietnamese_to_ascii(text, slug):
    assert slugify_vi(text) == slug


def test_slugify_vi_cuts_long_titles_at_a_word_boundary():
    slug = slugify_vi("Hội nghị tổng kết công tác " * 10, max_length=30)
    assert len(slug) <= 30
    assert not slug.endswith("-")
    assert slug.startswith("hoi-nghi-tong-ket")


def test_fold_removes_tone_marks_and_d_stroke_in_any_case():
    assert fold("QUYẾT ĐỊNH") == "quyet dinh"
    assert fold("Đào tạo") == "dao tao"
    assert fold("  nhiều   khoảng\ttrắng ") == "nhieu khoang trang"


def test_fold_treats_composed_and_decomposed_text_alike():
    decomposed = "Quye\u0302\u0301t đi\u0323nh"
    assert fold(decomposed) == fold("Quyết định") == "quyet dinh"


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("thôn-đông-hà", "thon-dong-ha"),
        ("Đông Hà: khánh thành!", "dong-ha-khanh-thanh"),
        ("  nha-van-hoa_2025  ", "nha-van-hoa_2025"),
        ("Already-ASCII", "Already-ASCII"),
        ("", ""),
    ],
)
def test_fold_slug_folds_vietnamese_letters_instead_of_dropping_them(typed, slug):
    assert fold_slug(typed) == slug
