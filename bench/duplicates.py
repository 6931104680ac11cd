"""A labelled set of article pairs built from the demo content, to measure duplicate detection.

Positives are near-copies the board actually receives: the title reworded, a sentence changed
and the tone marks removed. Negatives are two different articles of the same section, i.e. on
the same topic, which must not be flagged.
"""

from dataclasses import dataclass
from itertools import combinations

from core.text import fold
from demo.news_data import ARTICLES
from quality import fingerprints as fp

CHANGED_SENTENCE = "Thông tin chi tiết sẽ được các đơn vị liên quan tiếp tục cập nhật trong thời gian tới."


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    duplicate: bool
    label: str


def _text(article) -> str:
    return fp.article_text(article["title"], article["lead"], article["paragraphs"])


def near_copy(article) -> str:
    title_words = article["title"].split()
    reworded_title = " ".join(["Tin:", *title_words[2:], *title_words[:2]])
    paragraphs = list(article["paragraphs"])
    sentences = paragraphs[-1].split(". ")
    sentences[0] = CHANGED_SENTENCE
    paragraphs[-1] = ". ".join(sentences)
    return fold(fp.article_text(reworded_title, article["lead"], paragraphs))


def labelled_pairs(positives: int = 60, negatives: int = 80) -> list[Pair]:
    pairs = [Pair(_text(article), near_copy(article), True, article["title"]) for article in ARTICLES[:positives]]
    by_section = {}
    for article in ARTICLES:
        by_section.setdefault(article["section"], []).append(article)
    distinct = [
        Pair(_text(a), _text(b), False, f"{a['title']} / {b['title']}")
        for articles in by_section.values()
        for a, b in combinations(articles, 2)
    ]
    # Spread the negatives over every section rather than the first few.
    step = max(1, len(distinct) // negatives)
    return pairs + distinct[::step][:negatives]


@dataclass(frozen=True)
class Scores:
    threshold: float
    precision: float
    recall: float
    true_positives: int
    false_positives: int
    false_negatives: int
    pairs: int


def similarity_of(pair: Pair) -> float:
    return fp.similarity(fp.signature(fp.shingles(pair.first)), fp.signature(fp.shingles(pair.second)))


def score(pairs: list[Pair], threshold: float) -> Scores:
    tp = fp_count = fn = 0
    for pair in pairs:
        flagged = similarity_of(pair) >= threshold
        tp += flagged and pair.duplicate
        fp_count += flagged and not pair.duplicate
        fn += (not flagged) and pair.duplicate
    precision = tp / (tp + fp_count) if tp + fp_count else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return Scores(threshold, precision, recall, tp, fp_count, fn, len(pairs))
