"""Vietnamese text helpers: folding tone marks and đ, and ASCII slugs.

Django's ``slugify`` strips combining marks after NFKD decomposition, which loses "đ"/"Đ"
entirely (they are letters of their own, not d + a mark): "Đại hội" would become "ai-hoi".
``anyascii`` transliterates them properly.
"""

import re
import unicodedata

from anyascii import anyascii

from django.utils.text import slugify

_WHITESPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case ASCII form of Vietnamese text, for matching and sorting.

    >>> fold("QUYẾT ĐỊNH  số 7210")
    'quyet dinh so 7210'
    """
    if not text:
        return ""
    ascii_text = anyascii(unicodedata.normalize("NFC", str(text)))
    return _WHITESPACE.sub(" ", ascii_text).strip().lower()


def slugify_vi(text: str, max_length: int = 80) -> str:
    """ASCII slug of Vietnamese text: "Giáo dục – Đào tạo" -> "giao-duc-dao-tao"."""
    slug = slugify(fold(text))
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug
