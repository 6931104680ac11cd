"""Import documents from a spreadsheet (XLSX or CSV), one row per document.

Rows are keyed by the normalised number, the issuing body and the year of issue: numbering
starts again at 01 every year (Decree 30/2020/NĐ-CP, art. 15), so "01/QĐ-UBND" of 2017 and of
2018 are two documents. Running the same file again changes nothing. Each row is written in its
own transaction (a savepoint inside an outer one), so a row that fails leaves nothing behind.
"""

import csv
import hashlib
import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.documents import get_document_model

from core.models import Unit
from core.text import fold

from .files import ATTACHMENT_EXTENSIONS, extension_of, sniff, validate_file
from .models import (
    DocumentAttachment,
    DocumentType,
    LegalDocumentPage,
    SubjectArea,
    document_collection,
    known_abbreviations,
    type_problem,
)
from .numbers import FIRST_YEAR, LAST_YEAR, NumberError, match_abbreviation, number_key, parse_number

logger = logging.getLogger(__name__)

MAX_ROWS = 5000
MAX_UNCOMPRESSED_XLSX = 200 * 1024 * 1024
# Column -> the headers (folded, punctuation removed) that name it, Vietnamese first.
COLUMNS = {
    "number": ["so ky hieu", "so hieu", "so", "number"],
    "type": ["loai van ban", "hinh thuc van ban", "loai", "type", "document type"],
    "issuer": ["co quan ban hanh", "noi ban hanh", "don vi ban hanh", "issuer", "issuing body"],
    "issue_date": ["ngay ban hanh", "ngay ky", "issue date"],
    "effective_date": ["ngay hieu luc", "ngay co hieu luc", "effective date"],
    "expiry_date": ["ngay het hieu luc", "expiry date"],
    "summary": ["trich yeu", "trich yeu noi dung", "summary"],
    "field": ["linh vuc", "field"],
    "signer_name": ["nguoi ky", "signer", "signed by"],
    "signer_title": ["chuc vu", "chuc vu nguoi ky", "signer title"],
    "notes": ["ghi chu", "notes"],
    "files": ["tep dinh kem", "tep", "files", "file"],
}
REQUIRED_COLUMNS = ["number", "issuer", "issue_date", "summary"]
COLUMN_LABELS = {
    "number": "Số ký hiệu",
    "type": "Loại văn bản",
    "issuer": "Cơ quan ban hành",
    "issue_date": "Ngày ban hành",
    "effective_date": "Ngày hiệu lực",
    "expiry_date": "Ngày hết hiệu lực",
    "summary": "Trích yếu",
    "field": "Lĩnh vực",
    "signer_name": "Người ký",
    "signer_title": "Chức vụ người ký",
    "notes": "Ghi chú",
    "files": "Tệp đính kèm",
}
EXAMPLE_HEADER = [COLUMN_LABELS[key] for key in COLUMNS]


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``message`` says why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


class Status:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    WOULD_CREATE = "would-create"
    WOULD_UPDATE = "would-update"
    ERROR = "error"

    LABELS = {
        CREATED: gettext_lazy("Created"),
        UPDATED: gettext_lazy("Updated"),
        UNCHANGED: gettext_lazy("Unchanged"),
        WOULD_CREATE: gettext_lazy("Would be created"),
        WOULD_UPDATE: gettext_lazy("Would be updated"),
        ERROR: gettext_lazy("Error"),
    }


@dataclass
class Row:
    line: int
    values: dict


@dataclass
class RowResult:
    line: int
    number: str
    status: str
    messages: list[str] = field(default_factory=list)
    page_id: int | None = None

    @property
    def status_label(self) -> str:
        return str(Status.LABELS[self.status])

    @property
    def is_error(self) -> bool:
        return self.status == Status.ERROR


@dataclass
class ImportReport:
    dry_run: bool
    results: list[RowResult] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def count(self, status) -> int:
        return sum(1 for result in self.results if result.status == status)

    @property
    def errors(self) -> list[RowResult]:
        return [result for result in self.results if result.is_error]

    def summary(self) -> str:
        if self.dry_run:
            text = _(
                "Dry run of %(rows)d rows: %(create)d would be created, %(update)d would be updated, "
                "%(unchanged)d unchanged, %(errors)d with errors. Nothing was written."
            )
            return text % {
                "rows": len(self.results),
                "create": self.count(Status.WOULD_CREATE),
                "update": self.count(Status.WOULD_UPDATE),
                "unchanged": self.count(Status.UNCHANGED),
                "errors": self.count(Status.ERROR),
            }
        text = _(
            "%(rows)d rows: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(errors)d with errors."
        )
        return text % {
            "rows": len(self.results),
            "created": self.count(Status.CREATED),
            "updated": self.count(Status.UPDATED),
            "unchanged": self.count(Status.UNCHANGED),
            "errors": self.count(Status.ERROR),
        }


# --- Reading the file --------------------------------------------------------------------------


def _header_key(value) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(str(value or ""))))


def read_sheet(fileobj, filename: str) -> tuple[list[Row], list[str]]:
    """The data rows of the first sheet (with their line numbers) and the ignored column names."""
    extension = extension_of(filename)
    if extension == "xlsx":
        lines = _xlsx_lines(fileobj)
    elif extension == "csv":
        lines = _csv_lines(fileobj)
    else:
        raise ImportFileError(_("Only XLSX and CSV files can be imported."))

    header, columns, ignored = None, {}, []
    rows = []
    for line, cells in lines:
        if not any(_text(cell) for cell in cells):
            continue
        if header is None:
            header = line
            for position, cell in enumerate(cells):
                key = _column_for(cell)
                if key is None:
                    if _text(cell):
                        ignored.append(_text(cell))
                    continue
                if key in columns.values():
                    raise ImportFileError(
                        _("The column “%(column)s” appears twice in the first row.") % {"column": COLUMN_LABELS[key]}
                    )
                columns[position] = key
            missing = [COLUMN_LABELS[key] for key in REQUIRED_COLUMNS if key not in columns.values()]
            if missing:
                raise ImportFileError(
                    _("The first row must name the columns; these are missing: %(columns)s.")
                    % {"columns": ", ".join(missing)}
                )
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(_("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS})
        values = {key: cells[position] if position < len(cells) else None for position, key in columns.items()}
        rows.append(Row(line, values))
    if header is None:
        raise ImportFileError(_("The file is empty."))
    return rows, ignored


def _column_for(cell):
    key = _header_key(cell)
    for column, names in COLUMNS.items():
        if key in names:
            return column
    return None


def _xlsx_lines(fileobj):
    if sniff(fileobj) != "xlsx":
        raise ImportFileError(_("The file is not an XLSX workbook."))
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            if sum(entry.file_size for entry in archive.infolist()) > MAX_UNCOMPRESSED_XLSX:
                raise ImportFileError(_("The workbook is too large once unpacked."))
        fileobj.seek(0)
        from openpyxl import load_workbook

        workbook = load_workbook(fileobj, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            lines = [(line, list(cells)) for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1)]
        finally:
            workbook.close()
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises anything from KeyError to XML errors
        logger.info("Unreadable workbook: %s", error)
        raise ImportFileError(_("The file cannot be read as an XLSX workbook.")) from error
    return lines


def _csv_lines(fileobj):
    fileobj.seek(0)
    raw = fileobj.read()
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1258 decodes nearly anything
        raise ImportFileError(_("The CSV file is not in UTF-8."))
    if "\x00" in text:
        raise ImportFileError(_("The file is not a CSV text file."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    lines, start = [], 1
    try:
        for cells in reader:
            lines.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(_("The CSV file is malformed near line %(line)d.") % {"line": start}) from error
    return lines


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Windows (cp1258) and some Mac exports write tone marks as separate combining characters.
    return unicodedata.normalize("NFC", str(value)).replace("\x00", "").strip()


_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SERIAL = re.compile(r"^\d{4,6}(?:\.0+)?$")


def parse_date(value) -> date | None:
    """A date from a cell: a spreadsheet date, dd/mm/yyyy, yyyy-mm-dd or an Excel serial number."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        text = _text(value).split(" ")[0].split("T")[0]
        if not text:
            return None
        if isinstance(value, int | float) or _SERIAL.match(text):
            day = date(1899, 12, 30) + timedelta(days=int(float(text)))
        elif match := _DMY.match(text):
            day = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        elif match := _YMD.match(text):
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        else:
            raise ValueError(text)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(str(day))
    return day


# --- Importing ---------------------------------------------------------------------------------


@dataclass
class FileToAttach:
    name: str
    content: bytes
    sha1: str


class DocumentImporter:
    def __init__(self, index, *, user=None, files_dir=None, uploaded_files=None, publish=False, dry_run=False):
        self.index = index
        self.user = user
        self.files_dir = Path(files_dir).resolve() if files_dir else None
        self.uploaded = dict(uploaded_files or {})
        self.publish = publish
        self.dry_run = dry_run
        self.abbreviations = known_abbreviations()
        self.types = list(DocumentType.objects.all())
        self.units = list(Unit.objects.all())
        self.areas = list(SubjectArea.objects.all())
        self.seen: dict[tuple, int] = {}
        self._collection = None
        self._stored: list = []

    # Lookups by what a person would type: the name, a short name, the code, the abbreviation.

    def find_type(self, text):
        official = match_abbreviation(text, self.abbreviations)
        if official:
            return next(t for t in self.types if t.abbreviation == official)
        return self._find(text, self.types, lambda t: [t.name, t.slug])

    def find_unit(self, text):
        return self._find(text, self.units, lambda u: [u.name, u.short_name, u.slug])

    def find_area(self, text):
        return self._find(text, self.areas, lambda a: [a.name, a.slug])

    @staticmethod
    def _find(text, items, names):
        wanted = _header_key(text)
        for item in items:
            if wanted in {_header_key(name) for name in names(item) if name}:
                return item
        return None

    def run(self, rows, progress=None) -> ImportReport:
        report = ImportReport(dry_run=self.dry_run)
        for done, row in enumerate(rows, start=1):
            report.results.append(self.import_row(row))
            if progress is not None:
                progress(done, len(rows))
        return report

    def import_row(self, row: Row) -> RowResult:
        errors: list[str] = []
        data = self.validate(row, errors)
        number = data.get("number") or _text(row.values.get("number"))
        if errors:
            return RowResult(row.line, number, Status.ERROR, errors)
        key = (number_key(data["number"]), data["issuing_body"].pk, data["issue_date"].year)
        if key in self.seen:
            message = _("Same number, issuing body and year as line %(line)d: this row was skipped.")
            return RowResult(row.line, number, Status.ERROR, [message % {"line": self.seen[key]}])
        self.seen[key] = row.line

        existing = (
            LegalDocumentPage.objects.child_of(self.index)
            .filter(number_key=key[0], issuing_body=data["issuing_body"], issue_date__year=key[2])
            .first()
        )
        if existing is not None and not self._changes(existing, data):
            return RowResult(row.line, number, Status.UNCHANGED, page_id=existing.pk)
        if self.dry_run:
            status = Status.WOULD_UPDATE if existing else Status.WOULD_CREATE
            return RowResult(row.line, number, status, page_id=existing.pk if existing else None)

        self._stored = []
        try:
            with transaction.atomic():
                page = self.write(data, existing)
        except ValidationError as error:
            self._discard_stored_files()
            return RowResult(row.line, number, Status.ERROR, _validation_messages(error))
        except Exception:
            self._discard_stored_files()
            logger.exception("Import of line %s failed", row.line)
            return RowResult(
                row.line, number, Status.ERROR, [_("The row could not be saved; nothing of it was written.")]
            )
        return RowResult(row.line, number, Status.UPDATED if existing else Status.CREATED, page_id=page.pk)

    def validate(self, row: Row, errors: list[str]) -> dict:
        values = {key: _text(value) for key, value in row.values.items()}
        raw = row.values
        data: dict = {}

        document_type = None
        if values.get("type"):
            document_type = self.find_type(values["type"])
            if document_type is None:
                errors.append(_("Unknown document type “%(value)s”.") % {"value": values["type"]})
        if not values.get("number"):
            errors.append(_("The number is missing."))
        else:
            try:
                parsed = parse_number(
                    values["number"],
                    self.abbreviations,
                    expected_type=document_type.abbreviation if document_type else None,
                )
            except NumberError as error:
                errors.append(str(error.message))
            else:
                if document_type is None and not values.get("type"):
                    document_type = self.find_type(parsed.type_part) if parsed.type_part else None
                    if document_type is None:
                        errors.append(_("The document type is missing and the number does not show it."))
                if document_type is not None:
                    problem = type_problem(parsed, document_type)
                    if problem:
                        errors.append(str(problem))
                data["number"] = parsed.text
        data["document_type"] = document_type

        if not values.get("issuer"):
            errors.append(_("The issuing body is missing."))
        else:
            data["issuing_body"] = self.find_unit(values["issuer"])
            if data["issuing_body"] is None:
                errors.append(
                    _("“%(value)s” is not in the list of units; add it under Units first.")
                    % {"value": values["issuer"]}
                )
        data["subject_area"] = None
        if values.get("field"):
            data["subject_area"] = self.find_area(values["field"])
            if data["subject_area"] is None:
                errors.append(_("Unknown field “%(value)s”.") % {"value": values["field"]})

        for key in ("issue_date", "effective_date", "expiry_date"):
            try:
                data[key] = parse_date(raw.get(key))
            except (ValueError, OverflowError):
                errors.append(
                    _("%(column)s “%(value)s” is not a date (write dd/mm/yyyy).")
                    % {"column": COLUMN_LABELS[key], "value": values[key]}
                )
                data[key] = None
        if "issue_date" in data and data["issue_date"] is None and values.get("issue_date", "") == "":
            errors.append(_("The issue date is missing."))
        start = data.get("effective_date") or data.get("issue_date")
        if data.get("expiry_date") and start and data["expiry_date"] <= start:
            errors.append(_("The expiry date must come after the day the document comes into force."))

        data["summary"] = values.get("summary", "")
        if not data["summary"]:
            errors.append(_("The summary is missing."))
        for key, limit in (("summary", 1000), ("signer_name", 120), ("signer_title", 160)):
            if len(values.get(key, "")) > limit:
                errors.append(
                    _("%(column)s is longer than %(max)d characters.") % {"column": COLUMN_LABELS[key], "max": limit}
                )
        data["signer_name"] = values.get("signer_name", "")
        data["signer_title"] = values.get("signer_title", "")
        notes = values.get("notes", "")
        data["notes"] = "".join(f"<p>{escape(line)}</p>" for line in notes.splitlines() if line.strip())
        data["files"] = self.collect_files(values.get("files", ""), errors) if values.get("files") else None
        return data

    def collect_files(self, cell: str, errors: list[str]) -> list[FileToAttach]:
        files = []
        for name in [part.strip() for part in re.split(r"[;\n]", cell) if part.strip()]:
            content = self._read_file(name, errors)
            if content is None:
                continue
            handle = ContentFile(content, name=Path(name).name)
            try:
                validate_file(handle, ATTACHMENT_EXTENSIONS)
            except ValidationError as error:
                errors.extend(error.messages)
                continue
            files.append(
                FileToAttach(Path(name).name, content, hashlib.sha1(content, usedforsecurity=False).hexdigest())
            )
        return files

    def _read_file(self, name: str, errors: list[str]) -> bytes | None:
        uploaded = self.uploaded.get(name) or self.uploaded.get(Path(name).name)
        if uploaded is None:
            folded = {key.lower(): item for key, item in self.uploaded.items()}
            uploaded = folded.get(Path(name).name.lower())
        if uploaded is not None:
            uploaded.seek(0)
            return uploaded.read()
        if self.files_dir is not None:
            candidate = (self.files_dir / name).resolve()
            if not candidate.is_relative_to(self.files_dir):
                errors.append(_("The file name “%(name)s” points outside the files folder.") % {"name": name})
                return None
            if candidate.is_file():
                return candidate.read_bytes()
        errors.append(_("The file “%(name)s” was not found.") % {"name": name})
        return None

    def _changes(self, page, data) -> bool:
        """Whether the row says anything the document (its latest version) does not."""
        latest = page.get_latest_revision_as_object()
        fields = {
            "number": data["number"],
            "document_type_id": data["document_type"].pk,
            "issuing_body_id": data["issuing_body"].pk,
            "subject_area_id": data["subject_area"].pk if data["subject_area"] else None,
            "issue_date": data["issue_date"],
            "effective_date": data["effective_date"],
            "expiry_date": data["expiry_date"],
            "summary": data["summary"],
            "signer_name": data["signer_name"],
            "signer_title": data["signer_title"],
            "notes": data["notes"],
        }
        if any(getattr(latest, name) != value for name, value in fields.items()):
            return True
        if data["files"] is not None:
            current = [a.document.file_hash for a in latest.attachments.all()]
            if current != [item.sha1 for item in data["files"]]:
                return True
        return self.publish and (not page.live or page.has_unpublished_changes)

    def write(self, data, existing):
        page = existing.get_latest_revision_as_object() if existing else LegalDocumentPage(live=False)
        # A title made from the number follows the number; one an editor wrote stays.
        title_was_made = existing is None or page.title == page.auto_title()
        for name in (
            "number",
            "document_type",
            "issuing_body",
            "subject_area",
            "issue_date",
            "effective_date",
            "expiry_date",
            "summary",
            "signer_name",
            "signer_title",
            "notes",
        ):
            setattr(page, name, data[name])
        if title_was_made:
            page.title = page.auto_title()
        if data["files"] is not None:
            page.attachments = [
                DocumentAttachment(document=self.store_file(item, data), sort_order=position)
                for position, item in enumerate(data["files"])
            ]
        if existing is None:
            self.index.add_child(instance=page)
        else:
            page.full_clean()
        revision = page.save_revision(user=self.user, log_action=True)
        if self.publish:
            revision.publish(user=self.user)
        return page

    def store_file(self, item: FileToAttach, data):
        Document = get_document_model()
        collection = self.collection()
        document = Document.objects.filter(collection=collection, file_hash=item.sha1).first()
        if document is not None:
            return document
        document = Document(title=f"{data['number']} – {item.name}", collection=collection, uploaded_by_user=self.user)
        document.file.save(item.name, ContentFile(item.content), save=False)
        self._stored.append(document.file.name)
        document.file_size = len(item.content)
        document.file_hash = item.sha1
        document.save()
        return document

    def collection(self):
        if self._collection is None:
            self._collection = document_collection()
        return self._collection

    def _discard_stored_files(self):
        Document = get_document_model()
        storage = Document._meta.get_field("file").storage
        for name in self._stored:
            storage.delete(name)
        self._stored = []


def _validation_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)
