"""The abbreviations officials write for the bodies and the kinds of documents, and their long
forms, so that a search for one finds the other: "UBND huyện" finds "Ủy ban nhân dân huyện Thạch
Hà", and "uy ban" finds "UBND xã Thạch Đài".

The one table of the portal: the public search indexes both forms (``search.text.index_text``),
and the admin's searches of units, document types and fields match on both
(``core.admin_search``). Only abbreviations that are never a Vietnamese word once folded are
listed ("TU" for Tỉnh ủy would also be "tư", "từ", "tự"), so a long form is never added to a
text that did not mean it.
"""

import re
from functools import lru_cache

from .text import fold

# Abbreviation as officials write it: its long form (Decree 30/2020/NĐ-CP, appendix III, for the
# kinds of documents).
ABBREVIATIONS = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "BCH": "Ban Chấp hành",
    "TTĐT": "thông tin điện tử",
    "BHXH": "Bảo hiểm xã hội",
    "THCS": "Trung học cơ sở",
    "THPT": "Trung học phổ thông",
    "QĐ": "Quyết định",
    "NĐ": "Nghị định",
    "NQ": "Nghị quyết",
    "KH": "Kế hoạch",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
}

_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _folded_table() -> tuple[dict[str, tuple[str, ...]], dict[tuple[str, ...], str]]:
    """({folded abbreviation: words of its long form}, {words of a long form: folded abbreviation})."""
    short_to_long = {fold(short): tuple(_WORD.findall(fold(long))) for short, long in ABBREVIATIONS.items()}
    long_to_short = {words: short for short, words in short_to_long.items()}
    return short_to_long, long_to_short


def other_forms(words: list[str]) -> list[str]:
    """The words ``words`` (folded, in order) also stand for, not already among them.

    >>> other_forms(["ubnd", "huyen"])
    ['uy', 'ban', 'nhan', 'dan']
    >>> other_forms(["uy", "ban", "mttq", "xa"])
    ['mat', 'tran', 'to', 'quoc', 'ubmttq']
    """
    short_to_long, long_to_short = _folded_table()
    # Every abbreviation written out, then every long form of the written-out text abbreviated:
    # "Ủy ban MTTQ" is also "Ủy ban Mặt trận Tổ quốc", hence also "UBMTTQ" (and "MTTQ").
    spelled = [part for word in words for part in short_to_long.get(word, (word,))]
    found = list(spelled)
    for phrase, short in long_to_short.items():
        size = len(phrase)
        if any(tuple(spelled[start : start + size]) == phrase for start in range(len(spelled) - size + 1)):
            found.append(short)
    present = set(words)
    return [word for word in dict.fromkeys(found) if word not in present]
