"""Document numbers ("số ký hiệu") as Decree 30/2020/NĐ-CP has them written.

- State bodies: ``<number>/<TYPE>-<BODY>``, e.g. ``7210/QĐ-UBND``; legal normative documents add
  the year: ``43/2011/NĐ-CP``; official letters (công văn) carry no type part:
  ``4946/BTTTT-CĐSQG``; laws neither: ``24/2018/QH14``.
- Party committees: ``<number>-<TYPE>/<BODY>``, e.g. ``15-CT/HU``.

People type these with stray spaces, in lower case, with "D" for "Đ" or with a "Số:" prefix.
``parse_number`` accepts all of that and gives one canonical text to show and one key to compare.
Nothing here touches the database: the known type abbreviations are passed in.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.text import fold

MAX_LENGTH = 60
_LETTER = r"[^\W\d_]"
_TOKEN = rf"{_LETTER}[^\W_]*(?:&[^\W_]+)*"
_SEQUENCE = r"(?P<sequence>\d{1,7})(?P<suffix>[^\W\d_]?)"
_STATE = re.compile(rf"^{_SEQUENCE}(?:/(?P<year>\d{{4}}))?/(?P<symbol>{_TOKEN}(?:-{_TOKEN})*)$")
_PARTY = re.compile(rf"^{_SEQUENCE}-(?P<type>{_TOKEN})/(?P<symbol>{_TOKEN}(?:-{_TOKEN})*)$")
_PREFIX = re.compile(r"^\s*(\w{2})\s*[:.]?\s*(?=\d)")
_AROUND_SEPARATORS = re.compile(r"\s*([/\-–—])\s*")
FIRST_YEAR, LAST_YEAR = 1945, 2100


class NumberError(ValueError):
    """The text is not a document number; ``message`` says why, in the reader's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class DocumentNumber:
    sequence: str  # as written, e.g. "01" or "123a"
    year: int | None  # only when the number carries it (43/2011/NĐ-CP)
    type_part: str | None  # the type abbreviation the number carries, canonical ("QĐ"), if any
    symbol: tuple[str, ...]  # the parts after the slash, canonical
    party_style: bool = False

    @property
    def text(self) -> str:
        """The number as it should be printed: ``7210/QĐ-UBND``."""
        if self.party_style:
            return f"{self.sequence}-{self.type_part}/{'-'.join(self.symbol)}"
        year = f"/{self.year}" if self.year else ""
        parts = [self.type_part, *self.symbol] if self.type_part else list(self.symbol)
        return f"{self.sequence}{year}/{'-'.join(parts)}"

    @property
    def key(self) -> str:
        """What two spellings of the same number share: ``7210/QD-UBND`` for "7210/qđ-ubnd"."""
        return number_key(self.text)


def _type_lookup(abbreviations: Iterable[str]) -> dict[str, list[str]]:
    """Folded abbreviation -> the official spellings that fold to it ("HD" -> ["HD", "HĐ"])."""
    lookup: dict[str, list[str]] = {}
    for abbreviation in abbreviations:
        if abbreviation:
            lookup.setdefault(fold(abbreviation).upper(), []).append(abbreviation)
    return lookup


def match_abbreviation(token: str, abbreviations: Iterable[str]) -> str | None:
    """The official abbreviation ``token`` stands for: exact, then ignoring case, then ignoring Đ/D.

    "QD" gives "QĐ"; "hd" is "HD" (guidance) or "HĐ" (contract), so it gives None.
    """
    abbreviations = [a for a in abbreviations if a]
    if token in abbreviations:
        return token
    same_case = [a for a in abbreviations if a.upper() == token.upper()]
    if len(same_case) == 1:
        return same_case[0]
    folded = _type_lookup(abbreviations).get(fold(token).upper(), [])
    return folded[0] if len(folded) == 1 else None


def _canonical_token(token: str) -> str:
    # All lower case is a typing shortcut; mixed case is deliberate (TTg, TTr, QyĐ) and kept.
    return token.upper() if token == token.lower() else token


def parse_number(text: str, abbreviations: Iterable[str] = (), expected_type: str | None = None) -> DocumentNumber:
    """Parse a document number, or raise ``NumberError``.

    ``abbreviations`` are the known type abbreviations (to recognise the type part of a state
    body's number); ``expected_type`` is the abbreviation of the type the editor chose, which
    settles "HD" against "HĐ" and restores a "D" typed for "Đ".
    """
    raw = unicodedata.normalize("NFC", str(text or "")).strip()
    if not raw:
        raise NumberError(_("The number is empty."))
    if len(raw) > MAX_LENGTH:
        raise NumberError(_("The number is longer than %(max)d characters.") % {"max": MAX_LENGTH})
    prefix = _PREFIX.match(raw)
    if prefix and fold(prefix.group(1)) == "so":
        raw = raw[prefix.end() :]
    compact = _AROUND_SEPARATORS.sub(lambda m: "-" if m.group(1) in "–—" else m.group(1), raw)
    abbreviations = list(abbreviations)
    if expected_type:
        abbreviations.append(expected_type)

    match = _STATE.match(compact)
    party = None if match else _PARTY.match(compact)
    if not match and not party:
        raise NumberError(
            _(
                "“%(number)s” is not a document number. Write it as on the document, e.g. 7210/QĐ-UBND, "
                "43/2011/NĐ-CP or 15-CT/HU."
            )
            % {"number": raw}
        )
    found = match or party
    if int(found.group("sequence")) == 0:
        raise NumberError(_("The number of a document starts at 01, not 0."))
    sequence = found.group("sequence") + found.group("suffix").lower()
    symbol = [_canonical_token(token) for token in found.group("symbol").split("-")]

    if party:
        type_token = found.group("type")
        official = _official(type_token, abbreviations, expected_type)
        return DocumentNumber(sequence, None, official or _canonical_token(type_token), tuple(symbol), True)

    year = int(found.group("year")) if found.group("year") else None
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise NumberError(_("The year %(year)d in the number is not plausible.") % {"year": year})
    type_part = _official(found.group("symbol").split("-")[0], abbreviations, expected_type)
    if type_part and len(symbol) > 1:
        symbol = symbol[1:]
    elif type_part:
        # A lone token ("12/KH") is the body, not the type: there must be something after the type.
        type_part = None
    return DocumentNumber(sequence, year, type_part, tuple(symbol))


def _official(token: str, abbreviations: list[str], expected_type: str | None) -> str | None:
    if expected_type and fold(token).upper() == fold(expected_type).upper():
        return expected_type
    return match_abbreviation(token, abbreviations)


def number_key(text: str) -> str:
    """The comparison key of a number's text: folded, upper case, no spaces, no leading zeros."""
    folded = fold(text).upper().replace(" ", "")
    return re.sub(r"^0+(?=\d)", "", folded)


def search_tokens(text: str) -> list[str]:
    """The words of ``text`` for matching: folded, split on anything that is not a letter or digit."""
    return re.findall(r"[a-z0-9]+", fold(text))
