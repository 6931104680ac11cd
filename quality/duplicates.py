"""Store each article's fingerprint, and find the published or waiting articles it copies."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q

from wagtail.models import Page, WorkflowState

from . import fingerprints as fp
from .checks import body_text, gather
from .models import ArticleFingerprint, FingerprintBand

CANDIDATES = 50


@dataclass(frozen=True)
class Match:
    page: Page
    similarity: float

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


def article_signature(page) -> list[int]:
    content = gather(page.body.raw_data if hasattr(page.body, "raw_data") else page.body)
    text = fp.article_text(page.title, page.lead, [body_text(content)])
    return fp.signature(fp.shingles(text))


@transaction.atomic
def store_fingerprint(page) -> None:
    sig = article_signature(page)
    ArticleFingerprint.objects.update_or_create(page_id=page.pk, defaults={"signature": fp.pack(sig)})
    FingerprintBand.objects.filter(page_id=page.pk).delete()
    FingerprintBand.objects.bulk_create(FingerprintBand(page_id=page.pk, key=key) for key in fp.band_keys(sig))


def _in_the_pool(page_ids):
    """Of ``page_ids``, those published or waiting for approval (drafts are nobody's original)."""
    waiting = WorkflowState.objects.filter(
        status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES],
        object_id__in=[str(pk) for pk in page_ids],
    ).values_list("object_id", flat=True)
    waiting_ids = {int(pk) for pk in waiting}
    return Page.objects.filter(Q(live=True) | Q(pk__in=waiting_ids), pk__in=page_ids)


def find_duplicates(page, threshold: float, limit: int = 5) -> list[Match]:
    """Published or waiting articles at least ``threshold`` similar to ``page``, most similar first."""
    sig = article_signature(page)
    candidates = (
        FingerprintBand.objects.filter(key__in=fp.band_keys(sig))
        .exclude(page_id=page.pk)
        .values("page_id")
        .annotate(hits=Count("id"))
        .order_by("-hits")[:CANDIDATES]
    )
    candidate_ids = [row["page_id"] for row in candidates]
    if not candidate_ids:
        return []
    stored = dict(ArticleFingerprint.objects.filter(page_id__in=candidate_ids).values_list("page_id", "signature"))
    scored = {pk: fp.similarity(sig, fp.unpack(data)) for pk, data in stored.items()}
    likely = [pk for pk, score in scored.items() if score >= threshold]
    if not likely:
        return []
    pages = _in_the_pool(likely).specific(defer=True)
    matches = [Match(page=candidate, similarity=scored[candidate.pk]) for candidate in pages]
    return sorted(matches, key=lambda match: match.similarity, reverse=True)[:limit]
