"""core.spreadsheets: what a user typed is written as text, numbers and dates keep their type."""

import datetime
import io
from decimal import Decimal

from openpyxl import Workbook, load_workbook

from core.spreadsheets import append_row


def written(values) -> list:
    """The cells of one row appended with ``append_row``, after a save and a fresh load."""
    workbook = Workbook()
    append_row(workbook.active, values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return list(load_workbook(buffer).active[1])


def test_text_that_would_run_as_a_formula_is_stored_as_quoted_text():
    formulas = ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", '=HYPERLINK("https://evil.example/","x")']
    cells = written(formulas)
    assert [cell.value for cell in cells] == formulas
    assert [cell.data_type for cell in cells] == ["s"] * len(formulas)
    assert all(cell.quotePrefix for cell in cells)


def test_numbers_dates_and_plain_text_keep_their_type():
    day = datetime.date(2026, 11, 2)
    moment = datetime.datetime(2026, 11, 2, 8, 30)
    cells = written(["Xã Thạch Đài", 7, 10.1, Decimal("2.5"), day, moment, "#N/A", None, 0])
    assert [cell.value for cell in cells[:4]] == ["Xã Thạch Đài", 7, 10.1, 2.5]
    assert [cell.data_type for cell in cells[:4]] == ["s", "n", "n", "n"]
    assert (cells[4].value.date(), cells[4].is_date) == (day, True)
    assert (cells[5].value, cells[5].is_date) == (moment, True)
    assert (cells[6].value, cells[6].data_type) == ("#N/A", "s"), "text is never read as an error code"
    assert (cells[7].value, cells[8].value) == (None, 0)
    assert not any(cell.quotePrefix for cell in cells)


def test_control_characters_are_dropped_instead_of_failing_the_whole_export():
    assert [cell.value for cell in written(["Nguyễn\x07 Văn\x00 A", "Ghi\x1bchú"])] == ["Nguyễn Văn A", "Ghichú"]
