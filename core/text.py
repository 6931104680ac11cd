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


def person_name_from(last_name, first_name, username="") -> str:
    """A person's name in Vietnamese order, family and middle names first: "Lê Thị Biên".

    Accounts keep the given name in ``first_name`` (the admin labels it "Tên") and the family and
    middle names in ``last_name`` ("Họ và tên đệm"). Without either, the account name.
    """
    name = " ".join(part.strip() for part in (last_name or "", first_name or "") if part and part.strip())
    return name or username or ""


def person_name(user) -> str:
    """How the portal names ``user`` everywhere (admin, e-mails, reports): "Lê Thị Biên".

    Also the form of address of the e-mails ("Kính gửi Lê Thị Biên,"): the given name alone,
    without a title (anh, chị, ông, bà) the portal does not know, would be too familiar.
    """
    if user is None:
        return ""
    return person_name_from(user.last_name, user.first_name, user.get_username())
