"""Importing documents from CSV and XLSX: good rows land, bad rows are reported by line, nothing
is half-written, running again changes nothing; the same through the admin screen."""

import datetime
import io
import unicodedata

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from wagtail.documents import get_document_model

from editorial import roles, setup
from legal_docs.importer import DocumentImporter, Row
from legal_docs.models import LegalDocumentPage
from tests.legal_docs.factories import LegalDocumentIndexPageFactory, pdf_bytes, unit, xlsx_bytes


@pytest.fixture
def library(tree):
    """The tree of tests/conftest.py with the document library at /van-ban/."""
    return LegalDocumentIndexPageFactory(parent=tree.home)


pytestmark = pytest.mark.django_db

HEADER = (
    "Số ký hiệu,Loại văn bản,Cơ quan ban hành,Ngày ban hành,Ngày hiệu lực,Ngày hết hiệu lực,"
    "Trích yếu,Lĩnh vực,Người ký,Chức vụ người ký,Ghi chú,Tệp đính kèm"
)
ROWS = [
    # line 2: good
    '7210/QĐ-UBND,Quyết định,UBND huyện,08/12/2017,,,"Ban hành Quy chế tổ chức và hoạt động của Cổng '
    'Thông tin điện tử huyện",Thông tin – Truyền thông,Võ Trọng Nghĩa,Chủ tịch,,qd-7210.pdf',
    # line 3 (and 4: a note on two lines): good, the type read from the number
    "15/kh-ubnd,,ubnd-huyen,2023-02-01,,,Xây dựng trường học đạt chuẩn quốc gia,giao-duc-dao-tao,,,"
    '"Dòng một\nDòng hai",',
    # line 5: not a number
    "abc,Quyết định,UBND huyện,01/03/2023,,,Trích yếu,,,,,",
    # line 6: unknown body
    "16/QĐ-UBND,QĐ,UBND xã Không Có,01/03/2023,,,Trích yếu,,,,,",
    # line 7: no such date
    "17/QĐ-UBND,QĐ,UBND huyện,31/02/2023,,,Trích yếu,,,,,",
    # line 8: the same document as line 2, written differently
    "7210/qd-ubnd,Quyết định,Ủy ban nhân dân huyện Thạch Hà,08/12/2017,,,Bản trùng,,,,,",
    # line 9: the number says KH, the type says QĐ
    "12/KH-UBND,Quyết định,UBND huyện,01/03/2023,,,Trích yếu,,,,,",
    # line 10: a file that is not there
    "18/QĐ-UBND,QĐ,UBND huyện,02/03/2023,,,Trích yếu,,,,,khong-co.pdf",
    # line 11: a file that lies about being a PDF
    "19/QĐ-UBND,QĐ,UBND huyện,03/03/2023,,,Trích yếu,,,,,gia-mao.pdf",
    # line 12: good, a law
    "24/2018/QH14,Luật,Quốc hội,12/06/2018,01/01/2019,,Luật An ninh mạng,,,,,",
    # line 13: no summary, expiry before it starts
    "20/QĐ-UBND,QĐ,UBND huyện,04/03/2023,,01/01/2023,,,,,,",
    # line 14: a file outside the folder
    "21/QĐ-UBND,QĐ,UBND huyện,05/03/2023,,,Trích yếu,,,,,../bi-mat.pdf",
]
EXPECTED_ERRORS = {
    5: "không phải là số ký hiệu",
    6: "không có trong danh sách đơn vị",
    7: "không phải là ngày hợp lệ",
    8: "Trùng số ký hiệu, cơ quan ban hành và năm với dòng 2",
    9: "không khớp với loại văn bản đã chọn",
    10: "Không tìm thấy tệp “khong-co.pdf”",
    11: "không phải là tệp PDF thật",
    13: "Thiếu trích yếu",
    14: "trỏ ra ngoài thư mục",
}


@pytest.fixture
def files_dir(tmp_path):
    folder = tmp_path / "tep"
    folder.mkdir()
    (folder / "qd-7210.pdf").write_bytes(pdf_bytes("QUYET DINH 7210/QD-UBND"))
    (folder / "gia-mao.pdf").write_bytes(b"MZ\x90\x00 not a pdf")
    (tmp_path / "bi-mat.pdf").write_bytes(pdf_bytes("Bi mat"))
    return folder


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "van-ban.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def units(library):
    unit("ubnd-huyen", "Ủy ban nhân dân huyện Thạch Hà").__class__.objects.filter(slug="ubnd-huyen").update(
        short_name="UBND huyện"
    )


def run(*args, **options):
    out = io.StringIO()
    call_command("import_legal_documents", *[str(a) for a in args], stdout=out, **options)
    return out.getvalue()


def documents_in_library():
    return get_document_model().objects.filter(collection__name="Văn bản")


def test_good_rows_land_and_bad_rows_are_reported_by_line(library, units, sheet, files_dir):
    out = run(sheet, "--files-dir", files_dir, "--publish")
    assert "12 dòng: 3 văn bản được tạo mới, 0 văn bản được cập nhật, 0 không thay đổi, 9 dòng có lỗi." in out
    for line, fragment in EXPECTED_ERRORS.items():
        assert any(f"Dòng {line}: " in row and fragment in row for row in out.splitlines()), (line, fragment)
    assert "\r[" in out and "12/12" in out  # the progress bar

    pages = LegalDocumentPage.objects.order_by("issue_date")
    assert [p.number for p in pages] == ["7210/QĐ-UBND", "24/2018/QH14", "15/KH-UBND"]
    assert all(p.live for p in pages)
    portal = pages.get(number="7210/QĐ-UBND")
    assert portal.summary.startswith("Ban hành Quy chế tổ chức")
    assert portal.signer_title == "Chủ tịch"
    assert portal.subject_area.slug == "thong-tin-truyen-thong"
    assert "QUYET DINH 7210/QD-UBND" in portal.text_content
    plan = pages.get(number="15/KH-UBND")
    assert plan.document_type.slug == "ke-hoach"
    assert plan.notes == "<p>Dòng một</p><p>Dòng hai</p>"
    law = pages.get(number="24/2018/QH14")
    assert law.effective_date == datetime.date(2019, 1, 1)
    # Nothing of the bad rows was written: no page, no stored file.
    assert documents_in_library().count() == 1
    assert not LegalDocumentPage.objects.filter(number__in=["19/QĐ-UBND", "18/QĐ-UBND", "21/QĐ-UBND"]).exists()


def test_running_again_changes_nothing_and_a_changed_row_updates(library, units, sheet, files_dir):
    run(sheet, "--files-dir", files_dir, "--publish")
    pages = {p.pk: p.latest_revision_id for p in LegalDocumentPage.objects.all()}
    files = documents_in_library().count()

    out = run(sheet, "--files-dir", files_dir, "--publish")
    assert "0 văn bản được tạo mới, 0 văn bản được cập nhật, 3 không thay đổi" in out
    assert {p.pk: p.latest_revision_id for p in LegalDocumentPage.objects.all()} == pages
    assert documents_in_library().count() == files

    sheet.write_text(
        sheet.read_text(encoding="utf-8").replace("Luật An ninh mạng", "Luật An ninh mạng năm 2018"), "utf-8"
    )
    out = run(sheet, "--files-dir", files_dir, "--publish")
    assert "0 văn bản được tạo mới, 1 văn bản được cập nhật, 2 không thay đổi" in out
    assert LegalDocumentPage.objects.get(number="24/2018/QH14").summary == "Luật An ninh mạng năm 2018"
    assert LegalDocumentPage.objects.count() == 3


def test_a_dry_run_writes_nothing(library, units, sheet, files_dir):
    out = run(sheet, "--files-dir", files_dir, "--dry-run")
    assert "Chạy thử 12 dòng: 3 văn bản sẽ được tạo mới" in out
    assert "Dòng 8: Trùng số ký hiệu" in out
    assert not LegalDocumentPage.objects.exists()
    assert not get_document_model().objects.exists()


def test_without_publish_the_documents_wait_as_drafts(library, units, sheet, files_dir):
    run(sheet, "--files-dir", files_dir)
    pages = LegalDocumentPage.objects.all()
    assert pages.count() == 3
    assert not pages.filter(live=True).exists()
    assert all(p.latest_revision_id for p in pages)


def test_a_row_that_fails_while_writing_leaves_nothing_behind(library, units, sheet, files_dir, monkeypatch):
    original = LegalDocumentPage.save_revision

    def failing(self, *args, **kwargs):
        if self.number == "7210/QĐ-UBND":
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(LegalDocumentPage, "save_revision", failing)
    storage = get_document_model()._meta.get_field("file").storage
    stored_before = set(storage.listdir("documents")[1]) if storage.exists("documents") else set()
    out = run(sheet, "--files-dir", files_dir, "--publish")
    assert "Dòng 2: Không lưu được dòng này" in out
    assert "disk full" not in out
    assert not LegalDocumentPage.objects.filter(number="7210/QĐ-UBND").exists()
    assert LegalDocumentPage.objects.count() == 2
    assert not documents_in_library().exists()
    # The file it had stored is gone too.
    assert set(storage.listdir("documents")[1]) == stored_before


def test_an_xlsx_sheet_with_real_dates_and_plain_headers(library, units, tmp_path):
    path = tmp_path / "van-ban.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [
                ["So ky hieu", "Co quan ban hanh", "NGÀY BAN HÀNH", "Trích yếu"],
                ["7600/QĐ-UBND", "UBND huyện", datetime.datetime(2017, 12, 18), "Kiện toàn Ban Biên tập"],
                [None, None, None, None],
                ["8/TB-UBND", "UBND huyện", "not a date", "Thông báo"],
            ]
        )
    )
    out = run(path, "--publish")
    assert "Dòng 4: Ngày ban hành “not a date” không phải là ngày hợp lệ" in out
    page = LegalDocumentPage.objects.get()
    assert (page.number, page.issue_date, page.document_type.slug) == (
        "7600/QĐ-UBND",
        datetime.date(2017, 12, 18),
        "quyet-dinh",
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("van-ban.xlsx", b"just text", "không phải là bảng tính XLSX"),
        (
            "van-ban.csv",
            "Số ký hiệu,Trích yếu\n1/QĐ-UBND,Ok\n".encode(),
            "còn thiếu các cột: Cơ quan ban hành, Ngày ban hành",
        ),
        ("van-ban.csv", b"", "không có dữ liệu"),
        ("van-ban.csv", "Số ký hiệu,Số ký hiệu\n".encode(), "xuất hiện hai lần"),
        ("van-ban.txt", b"x", "Chỉ nhập được tệp XLSX hoặc CSV"),
    ],
)
def test_an_unusable_file_is_refused_as_a_whole(library, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path)
    assert not LegalDocumentPage.objects.exists()


def cp1258(text: str) -> bytes:
    """Text as Windows writes Vietnamese: letters with their own code, tone marks combining."""
    letter_marks = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn
    encoded = b""
    for character in text:
        base, *marks = unicodedata.normalize("NFD", character)
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in letter_marks))
        encoded += (letter + "".join(m for m in marks if m not in letter_marks)).encode("cp1258")
    return encoded


def test_a_windows_csv_in_cp1258_with_semicolons(library, units, tmp_path):
    path = tmp_path / "van-ban.csv"
    text = "Số ký hiệu;Cơ quan ban hành;Ngày ban hành;Trích yếu\n22/TB-UBND;UBND huyện;05/05/2024;Thông báo nghỉ lễ\n"
    path.write_bytes(cp1258(text))
    out = run(path, "--publish")
    assert "1 văn bản được tạo mới" in out
    assert LegalDocumentPage.objects.get().summary == "Thông báo nghỉ lễ"


def test_the_importer_keys_rows_by_year_as_numbering_restarts(library, units):
    importer = DocumentImporter(library, publish=True)
    rows = [
        Row(2, {"number": "01/QĐ-UBND", "issuer": "ubnd-huyen", "issue_date": "05/01/2023", "summary": "Năm 2023"}),
        Row(3, {"number": "01/QĐ-UBND", "issuer": "ubnd-huyen", "issue_date": "04/01/2024", "summary": "Năm 2024"}),
    ]
    report = importer.run(rows)
    assert [r.status for r in report.results] == ["created", "created"]
    assert LegalDocumentPage.objects.filter(number="01/QĐ-UBND").count() == 2


# --- The admin screen ---------------------------------------------------------------------------


def make_user(username, group_name):
    user = get_user_model().objects.create_user(username=username, password="ThachHa@2020")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def clerk(library, units):
    setup.apply_roles()
    # What editorial/roles.py is asked to grant the clerks and the board.
    permission = Permission.objects.get(codename="import_legal_documents")
    for name in (roles.DOCUMENT_CLERKS, roles.EDITORIAL_BOARD):
        Group.objects.get(name=name).permissions.add(permission)
    return make_user("vanthu", roles.DOCUMENT_CLERKS)


URL = "/admin/legal-documents/import/"


def upload(content=None, name="van-ban.csv"):
    content = content if content is not None else "\n".join([HEADER, *ROWS]).encode()
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_only_clerks_and_the_board_reach_the_import_screen(client, clerk):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(make_user("congtacvien", roles.CONTRIBUTORS))
    assert client.get(URL).status_code in {302, 403}
    assert URL not in client.get("/admin/").content.decode()
    client.force_login(clerk)
    assert client.get(URL).status_code == 200
    assert URL in client.get("/admin/").content.decode()
    client.force_login(make_user("bientap", roles.EDITORIAL_BOARD))
    assert client.get(URL).status_code == 200


def test_the_admin_preview_then_import(client, clerk):
    client.force_login(clerk)
    pdf = SimpleUploadedFile("qd-7210.pdf", pdf_bytes("QD 7210"), content_type="application/pdf")
    response = client.post(URL, {"sheet": upload(), "files": [pdf], "preview": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kết quả chạy thử (chưa ghi dữ liệu)" in html
    assert "Sẽ tạo mới" in html
    assert "Trùng số ký hiệu, cơ quan ban hành và năm với dòng 2" in html
    assert not LegalDocumentPage.objects.exists()

    pdf.seek(0)
    response = client.post(URL, {"sheet": upload(), "files": [pdf], "publish": "on", "import": "1"})
    html = response.content.decode()
    assert "Kết quả nhập văn bản" in html
    assert "3 văn bản được tạo mới" in html
    assert "<td>11</td>" in html  # the fake file's line is reported (it was not uploaded here)
    page = LegalDocumentPage.objects.get(number="7210/QĐ-UBND")
    assert page.live  # clerks publish directly
    assert page.attachments.get().document.collection.name == "Văn bản"


def test_the_admin_refuses_a_bad_sheet_with_a_message(client, clerk):
    client.force_login(clerk)
    response = client.post(URL, {"sheet": upload(b"not a workbook", "van-ban.xlsx"), "import": "1"})
    assert response.status_code == 200
    assert "không phải là bảng tính XLSX" in response.content.decode()
    response = client.post(URL, {"sheet": upload(b"x", "van-ban.exe"), "import": "1"})
    assert "Chỉ nhập được tệp XLSX hoặc CSV" in response.content.decode()
    assert not LegalDocumentPage.objects.exists()


def test_the_command_checks_its_arguments(library, sheet, tmp_path):
    with pytest.raises(CommandError, match="Không có tệp"):
        run(tmp_path / "khong-co.csv")
    with pytest.raises(CommandError, match="Không có thư mục"):
        run(sheet, "--files-dir", tmp_path / "khong-co")
    with pytest.raises(CommandError, match="Không có người dùng"):
        run(sheet, "--user", "khong-co-ai")
