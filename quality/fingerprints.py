"""Near-duplicate detection with MinHash over word shingles of Vietnamese-folded text.

Folding first makes "Quyết định" and "Quyet dinh" the same words, so a copy with its tone marks
removed is still a copy. Three-word shingles survive a reworded title or a changed sentence
(most shingles stay) but two different articles on the same topic share almost none.
Signatures are split into bands (locality-sensitive hashing): two articles sharing a band are
candidates, and only candidates are compared, so a check costs the same for 100 or 100,000
stored articles.
"""

import hashlib
import re
from collections.abc import Iterable

from django.utils.html import strip_tags

from core.text import fold

SHINGLE_SIZE = 3
PERMUTATIONS = 128
BANDS = 32
ROWS_PER_BAND = PERMUTATIONS // BANDS
_MAX_HASH = (1 << 32) - 1
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    return _WORD.findall(fold(strip_tags(text or "")))


def shingles(text: str) -> set[str]:
    tokens = words(text)
    if len(tokens) < SHINGLE_SIZE:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + SHINGLE_SIZE]) for i in range(len(tokens) - SHINGLE_SIZE + 1)}


def _hash64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "big")


def signature(shingle_set: Iterable[str]) -> list[int]:
    """One-permutation MinHash with densification (Shrivastava and Li, 2014).

    Each shingle is hashed once into one of PERMUTATIONS bins, keeping each bin's minimum: as
    accurate as PERMUTATIONS separate hash functions, at 1/PERMUTATIONS of the cost. Empty bins
    borrow from the next full bin, shifted by the distance, so equal sets still agree.
    """
    bins = [None] * PERMUTATIONS
    for item in shingle_set:
        value = _hash64(item)
        index, rest = value % PERMUTATIONS, (value // PERMUTATIONS) & _MAX_HASH
        if bins[index] is None or rest < bins[index]:
            bins[index] = rest
    if all(value is None for value in bins):
        return [_MAX_HASH] * PERMUTATIONS
    filled = list(bins)
    for index in range(PERMUTATIONS):
        distance = 1
        while filled[index] is None:
            source = bins[(index + distance) % PERMUTATIONS]
            if source is not None:
                filled[index] = (source + distance * 0x9E3779B1) & _MAX_HASH
            distance += 1
    return filled


def similarity(first: list[int], second: list[int]) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return sum(1 for x, y in zip(first, second, strict=True) if x == y) / PERMUTATIONS


def band_keys(sig: list[int]) -> list[int]:
    """One key per band; equal keys mean equal bands (signed 63-bit, for a database index)."""
    keys = []
    for band in range(BANDS):
        rows = sig[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND]
        digest = hashlib.blake2b(f"{band}:{rows}".encode(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big") & ((1 << 63) - 1))
    return keys


def pack(sig: list[int]) -> bytes:
    return b"".join(value.to_bytes(4, "big") for value in sig)


def unpack(data: bytes) -> list[int]:
    data = bytes(data)
    return [int.from_bytes(data[i : i + 4], "big") for i in range(0, len(data), 4)]


def article_text(title: str, lead: str, body_texts: Iterable[str]) -> str:
    return "\n".join([title or "", lead or "", *body_texts])
