"""Content checks for uploaded images and documents, on top of Wagtail's and legal_docs' own.

Wagtail already opens every image with Willow, refuses a format that does not match the
extension, and limits bytes and pixels (WAGTAILIMAGES_*); legal_docs.files checks a document's
first bytes against its extension. What neither catches is a *polyglot*: a file that is a valid
image or PDF and also a web page or an archive, which a browser or a careless web server could
be tricked into running. These checks refuse those.
"""

import re

import filetype

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Content type (as detected from the bytes) -> the extensions that may carry it.
IMAGE_TYPES = {
    "image/jpeg": {"jpg", "jpeg"},
    "image/png": {"png"},
    "image/webp": {"webp"},
    "image/gif": {"gif"},
}
# Markup that makes a file dangerous if a browser ever reads it as HTML or SVG. Every pattern is
# long enough (six bytes or more) that compressed pixel data matches it by chance about once in
# 10^12 images, so genuine photographs are never refused.
HIDDEN_MARKUP = re.compile(
    rb"<script|<iframe|<object|<embed|<\?php|<!doctype|javascript:|vbscript:|www\.w3\.org/2000/svg"
    rb"|\bon(?:load|error|click|mouseover|focus|begin|toggle|animationstart)\s*=",
    re.IGNORECASE,
)
# The end record every zip (and so every jar, docx...) file carries in its last 64 KiB.
ZIP_END_RECORD = b"PK\x05\x06"
EXECUTABLE_HEADS = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")
PDF_MAGIC = b"%PDF-"


def _read_all(fileobj) -> bytes:
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    try:
        fileobj.seek(0)
        return fileobj.read()
    finally:
        fileobj.seek(position)


def _name(uploaded) -> str:
    return str(getattr(uploaded, "name", "") or "")


def check_image(uploaded) -> None:
    """Refuse anything but a plain JPEG, PNG, WebP or GIF image; raise ``ValidationError``."""
    data = _read_all(uploaded)
    name = _name(uploaded)
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    kind = filetype.guess(data[:8192])
    if kind is None or extension not in IMAGE_TYPES.get(kind.mime, set()):
        raise ValidationError(
            _("“%(name)s” is not accepted: only JPEG, PNG, WebP and GIF images are, checked by their content."),
            code="image_type",
            params={"name": name},
        )
    if HIDDEN_MARKUP.search(data):
        raise ValidationError(
            _("“%(name)s” is refused: it hides web page or script code inside the image."),
            code="image_markup",
            params={"name": name},
        )
    if ZIP_END_RECORD in data[-65_557:]:
        raise ValidationError(
            _("“%(name)s” is refused: another file (an archive) is attached to the image."),
            code="image_archive",
            params={"name": name},
        )


def check_document_head(uploaded) -> None:
    """Refuse a document that starts as a program or a web page, whatever comes after it.

    legal_docs.files accepts a PDF whose "%PDF-" appears anywhere in its first kilobyte (readers
    tolerate a few stray bytes there); those bytes must not be a program or markup.
    """
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    try:
        uploaded.seek(0)
        head = uploaded.read(1024)
    finally:
        uploaded.seek(position)
    before_pdf = head.split(PDF_MAGIC, 1)[0] if PDF_MAGIC in head else b""
    if head.startswith(EXECUTABLE_HEADS) or b"<" in before_pdf or HIDDEN_MARKUP.search(before_pdf):
        raise ValidationError(
            _("“%(name)s” is refused: its content is a program or a web page, not a document."),
            code="file_content",
            params={"name": _name(uploaded)},
        )
