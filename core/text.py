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
_ASCII_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


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


def fold_slug(value: str) -> str:
    """A slug as an editor typed or pasted it (or a script posted it), folded like a title's.

    Vietnamese letters lose their marks instead of disappearing ("Đông-Hà" -> "dong-ha"); a slug
    that is already ASCII is kept as it is, so that saving a page never moves it.
    """
    value = (value or "").strip()
    if not value or _ASCII_SLUG.fullmatch(value):
        return value
    return slugify_vi(value)


def person_name(user) -> str:
    """A person's name in Vietnamese order: family and middle names, then the given name.

    Django's ``get_full_name()`` puts the given name (first_name) first: "Biên Lê Thị".
    """
    if user is None:
        return ""
    return " ".join(part for part in (user.last_name, user.first_name) if part).strip() or user.get_username()
