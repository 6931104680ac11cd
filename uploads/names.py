"""Safe names for uploaded files.

A name comes from the uploader's computer and may hold anything: folders ("../../"), Windows
separators, a leading dot that hides the file or configures the web server (".htaccess"),
Vietnamese letters that some file systems and archive tools mangle, or hundreds of characters.
The stored name is plain ASCII (Vietnamese folded with ``core.text.fold``), without folders or
leading dots, and short.
"""

import re

from core.text import fold

MAX_NAME_LENGTH = 80
FALLBACK_STEM = "tep"
_UNSAFE = re.compile(r"[^a-z0-9_-]+")
_DASHES = re.compile(r"-{2,}")


def _clean(part: str) -> str:
    return _DASHES.sub("-", _UNSAFE.sub("-", fold(part))).strip("-_.")


def safe_filename(name: str, max_length: int = MAX_NAME_LENGTH) -> str:
    """Safe stored name: "../Ảnh Hội nghị (1).PNG" -> "anh-hoi-nghi-1.png"; never empty."""
    name = re.split(r"[/\\]", str(name or ""))[-1]
    name = "".join(char for char in name if char.isprintable()).strip().lstrip(".")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = extension, ""
    extension = _UNSAFE.sub("", fold(extension))[:10]
    stem = _clean(stem) or FALLBACK_STEM
    suffix = f".{extension}" if extension else ""
    stem = stem[: max(1, max_length - len(suffix))].rstrip("-_") or FALLBACK_STEM
    return stem + suffix
