"""Titles and snippets with the searched words marked, built from the pages' live fields.

Every piece of text is HTML-escaped before the ``<mark>`` elements go around the words whose
folded form is one of the query's words, so neither page text nor the reader's query can
inject markup.
"""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import fold_in_place

SNIPPET_CHARS = 260
# Long PDF texts are only scanned this far for a passage to show.
MAX_SCANNED_CHARS = 200_000
_WORD = re.compile(r"[a-z0-9]+")


def _matches(text: str, tokens: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, folded word) of each word of ``text`` that is one of ``tokens``."""
    folded = fold_in_place(text)
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded) if m.group() in tokens]


def _marked(text: str, matches, start: int = 0, end: int | None = None) -> str:
    end = len(text) if end is None else end
    parts, position = [], start
    for match_start, match_end, _word in matches:
        if match_start < start or match_end > end:
            continue
        parts.append(escape(text[position:match_start]))
        parts.append(f"<mark>{escape(text[match_start:match_end])}</mark>")
        position = match_end
    parts.append(escape(text[position:end]))
    return "".join(parts)


def highlight(text, tokens) -> SafeString:
    """All of ``text``, escaped, with the query's words marked."""
    text = unicodedata.normalize("NFC", str(text or ""))
    return mark_safe(_marked(text, _matches(text, set(tokens))))  # noqa: S308 - every piece escaped


def snippet(texts, tokens, length: int = SNIPPET_CHARS) -> SafeString:
    """A passage of about ``length`` characters from the first of ``texts`` that holds a query word.

    The passage starts a little before the place where most different query words meet.
    Without any match, the start of the first non-empty text, unmarked.
    """
    tokens = set(tokens)
    first = ""
    for raw in texts:
        text = " ".join(unicodedata.normalize("NFC", str(raw or ""))[:MAX_SCANNED_CHARS].split())
        if not text:
            continue
        first = first or text
        matches = _matches(text, tokens)
        if matches:
            start, end = _window(text, matches, length)
            body = _marked(text, matches, start, end)
            prefix = "… " if start > 0 else ""
            suffix = " …" if end < len(text) else ""
            return mark_safe(prefix + body + suffix)  # noqa: S308 - every piece escaped
    if not first:
        return mark_safe("")
    start, end = 0, _word_end(first, min(length, len(first)))
    return mark_safe(escape(first[start:end]) + (" …" if end < len(first) else ""))  # noqa: S308


def _window(text: str, matches, length: int) -> tuple[int, int]:
    best_start, best_score, span = matches[0][0], 0, length * 2 // 3
    for index, (start, _end, _word) in enumerate(matches[:200]):
        words = set()
        for other_start, _other_end, word in matches[index : index + 50]:
            if other_start >= start + span:
                break
            words.add(word)
        if len(words) > best_score:
            best_start, best_score = start, len(words)
    start = _word_start(text, max(0, best_start - length // 4))
    end = _word_end(text, min(len(text), start + length))
    return start, end


def _word_start(text: str, position: int) -> int:
    if position <= 0:
        return 0
    space = text.find(" ", position)
    return space + 1 if 0 <= space < position + 30 else position


def _word_end(text: str, position: int) -> int:
    if position >= len(text):
        return len(text)
    space = text.rfind(" ", 0, position)
    return space if space > position - 30 else position
