"""Attached files: what their bytes really are, whether we accept them, and the text of PDFs.

An extension says nothing about content: a renamed program is still a program. Files are
accepted only when their first bytes (and, for the zip-based formats, their table of contents)
match the type their name claims.
"""

import logging
import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# What a legal document may carry (the issue's list); the media library may hold more.
ATTACHMENT_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "odt")
DEFAULT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc and .xls
ZIP_MAGIC = b"PK\x03\x04"
# Extension -> the kinds of content ``sniff`` may find in such a file.
EXPECTED_CONTENT = {
    "pdf": {"pdf"},
    "doc": {"ole"},
    "xls": {"ole"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "odt": {"odt"},
    "ods": {"ods"},
    "zip": {"zip", "docx", "xlsx", "pptx", "odt", "ods"},
}
KIND_LABELS = {"pdf": "PDF", "ole": "Word/Excel 97-2003", "docx": "DOCX", "xlsx": "XLSX", "odt": "ODT", "ods": "ODS"}
MAX_ZIP_ENTRIES = 10_000
MAX_PDF_PAGES = 300
MAX_TEXT_CHARS = 1_000_000


def max_upload_size() -> int:
    """Wagtail's own document size limit, which our settings set; 20 MB when it is unset."""
    return getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None) or DEFAULT_MAX_UPLOAD_SIZE


def extension_of(name: str) -> str:
    return os.path.splitext(name or "")[1][1:].lower()


def sniff(fileobj) -> str | None:
    """The kind of content: "pdf", "ole", "docx", "xlsx", "pptx", "odt", "ods", "zip" or None.

    Reads from the start and puts the position back where it was.
    """
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    try:
        fileobj.seek(0)
        head = fileobj.read(1024)
        if PDF_MAGIC in head:
            return "pdf"
        if head.startswith(OLE_MAGIC):
            return "ole"
        if head.startswith(ZIP_MAGIC):
            fileobj.seek(0)
            return _sniff_zip(fileobj)
        return None
    finally:
        fileobj.seek(position)


def _sniff_zip(fileobj) -> str | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                return None
            names = {entry.filename for entry in entries}
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(100).decode("ascii", "replace").strip()
                if mimetype == "application/vnd.oasis.opendocument.text":
                    return "odt"
                if mimetype == "application/vnd.oasis.opendocument.spreadsheet":
                    return "ods"
            if "[Content_Types].xml" in names:
                for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
                    if any(name.startswith(prefix) for name in names):
                        return kind
            return "zip"
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def validate_file(uploaded, allowed_extensions=None, name=None, size=None) -> str:
    """Check an uploaded or stored file; return its extension or raise a ``ValidationError``.

    ``allowed_extensions`` defaults to the media library's (WAGTAILDOCS_EXTENSIONS); ``name``
    and ``size`` default to the file's own.
    """
    name = os.path.basename(name or getattr(uploaded, "name", "") or "")
    extension = extension_of(name)
    allowed = [
        e.lower() for e in (allowed_extensions or getattr(settings, "WAGTAILDOCS_EXTENSIONS", ATTACHMENT_EXTENSIONS))
    ]
    if extension not in allowed:
        raise ValidationError(
            _("“%(name)s” is not accepted: only %(types)s files are."),
            code="file_type",
            params={"name": name, "types": ", ".join(e.upper() for e in allowed)},
        )
    size = getattr(uploaded, "size", None) if size is None else size
    limit = max_upload_size()
    if size is not None and size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s, over the limit of %(limit)s."),
            code="file_too_large",
            params={"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty."), code="file_empty", params={"name": name})
    kind = sniff(uploaded)
    expected = EXPECTED_CONTENT.get(extension)
    if expected is None or kind not in expected:
        raise ValidationError(
            _("The content of “%(name)s” is not a real %(type)s file, whatever its name says."),
            code="file_content",
            params={"name": name, "type": extension.upper()},
        )
    return extension


def validate_stored_document(document, allowed_extensions=ATTACHMENT_EXTENSIONS) -> None:
    """The checks of ``validate_file`` on a document already in the media library."""
    try:
        size = document.file.size
        with document.open_file() as handle:
            validate_file(handle, allowed_extensions, name=document.file.name, size=size)
    except (OSError, ValueError) as error:
        raise ValidationError(
            _("The file of “%(title)s” cannot be read."), code="file_missing", params={"title": document.title}
        ) from error


def extract_pdf_text(fileobj) -> str:
    """The text of a PDF (the first pages, capped); "" when it has none or cannot be read.

    A damaged or hostile PDF must never stop a document from being saved, so every error of
    the parser ends here.
    """
    from pypdf import PdfReader

    try:
        reader = PdfReader(fileobj)
        if reader.is_encrypted:
            reader.decrypt("")
        parts, length = [], 0
        for page in reader.pages[:MAX_PDF_PAGES]:
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
            if length >= MAX_TEXT_CHARS:
                break
        text = "\n".join(part.strip() for part in parts if part.strip())
        # PostgreSQL refuses NUL characters in text columns.
        return text.replace("\x00", "")[:MAX_TEXT_CHARS]
    except Exception as error:  # pypdf raises many kinds of error; none may break a save
        logger.warning("PDF text extraction failed: %s", error)
        return ""


def document_text(document) -> str:
    """The extracted text of a media-library document, if it is a PDF."""
    if extension_of(document.file.name) != "pdf":
        return ""
    try:
        with document.open_file() as handle:
            return extract_pdf_text(handle)
    except (OSError, ValueError) as error:
        logger.warning("Cannot open document %s for text extraction: %s", document.pk, error)
        return ""
