"""A tiny PDF writer: A4 pages of plain text in Helvetica, for the demo and the tests.

No package is needed for this: a PDF of text is a catalogue, a page tree, a font reference and
one content stream per page, then a cross-reference table of byte offsets. The base-14 fonts
cannot show Vietnamese diacritics, so the text is transliterated to ASCII (case kept).
"""

import textwrap

from anyascii import anyascii

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
FONT_SIZE = 11
LEADING = 14
WRAP = 92
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN) // LEADING


def _escape(text: str) -> str:
    ascii_text = anyascii(text).encode("latin-1", "replace").decode("latin-1")
    return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _wrap(paragraphs: list[str]) -> list[str]:
    lines = []
    for paragraph in paragraphs:
        lines.extend(textwrap.wrap(anyascii(paragraph), WRAP) or [""])
    return lines


def make_pdf(paragraphs: list[str], title: str = "") -> bytes:
    """The bytes of a PDF showing ``paragraphs`` (wrapped, as many A4 pages as they need)."""
    lines = _wrap(paragraphs) or [""]
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    # Objects: 1 catalogue, 2 page tree, 3 font, 4 info, then a page and its content per page.
    objects: list[bytes] = [b"", b"", b"", b""]
    kids = []
    for page_lines in pages:
        page_number = len(objects) + 1
        content_number = page_number + 1
        kids.append(f"{page_number} 0 R")
        commands = [f"BT /F1 {FONT_SIZE} Tf {LEADING} TL {MARGIN} {PAGE_HEIGHT - MARGIN} Td"]
        commands += [f"({_escape(line)}) Tj T*" for line in page_lines]
        commands.append("ET")
        stream = "\n".join(commands).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_number} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    objects[2] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objects[3] = f"<< /Title ({_escape(title)}) /Producer (Cong TTDT huyen Thach Ha) >>".encode("latin-1")

    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        output += b"%010d 00000 n \n" % offset
    output += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(output)
