"""How long one duplicate check takes against every stored article.

Run it on the benchmark database (`make bench-search` builds 100,000 articles on PostgreSQL):
it fingerprints the articles that have no fingerprint yet, in bulk, then checks near-copies of
stored articles and prints the median and 95th percentile of one check.
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Exists, OuterRef

from bench.duplicates import near_copy
from news.models import NewsArticlePage
from quality import fingerprints as fp
from quality.checks import body_text, gather
from quality.duplicates import find_duplicates
from quality.models import ArticleFingerprint, FingerprintBand

BATCH = 2000


class Command(BaseCommand):
    help = "Time one duplicate check against every stored article (median and p95 in ms)."

    def add_arguments(self, parser):
        parser.add_argument("--probes", type=int, default=50)
        parser.add_argument("--threshold", type=float, default=0.5)

    def handle(self, *args, probes, threshold, **options):
        total = NewsArticlePage.objects.count()
        if total < probes:
            raise CommandError(f"Only {total} articles; build the benchmark data first (make bench-search).")
        self.fingerprint_missing()
        rng = random.Random(7)  # noqa: S311 - a repeatable sample, not a secret
        ids = list(NewsArticlePage.objects.values_list("pk", flat=True))
        timings, found = [], 0
        for pk in rng.sample(ids, probes):
            original = NewsArticlePage.objects.get(pk=pk)
            content = gather(original.body.raw_data)
            text = near_copy({"title": original.title, "lead": original.lead, "paragraphs": [body_text(content)]})
            probe = NewsArticlePage(title="", lead="", body=[("paragraph", text)])
            started = time.perf_counter()
            matches = find_duplicates(probe, threshold=threshold)
            timings.append((time.perf_counter() - started) * 1000)
            found += any(match.page.pk == pk for match in matches)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        self.stdout.write(
            f"duplicates: n={total} probes={probes} median_ms={statistics.median(timings):.1f} "
            f"p95_ms={p95:.1f} found={found}/{probes}"
        )

    def fingerprint_missing(self):
        # Walk by primary key: each batch is one indexed range scan, however many are done.
        missing = NewsArticlePage.objects.filter(~Exists(ArticleFingerprint.objects.filter(page_id=OuterRef("pk"))))
        count = missing.count()
        last_pk, done = 0, 0
        while done < count:
            pages = list(missing.filter(pk__gt=last_pk).only("title", "lead", "body").order_by("pk")[:BATCH])
            if not pages:
                break
            prints, bands = [], []
            for page in pages:
                text = fp.article_text(page.title, page.lead, [body_text(gather(page.body.raw_data))])
                sig = fp.signature(fp.shingles(text))
                prints.append(ArticleFingerprint(page_id=page.pk, signature=fp.pack(sig)))
                bands.extend(FingerprintBand(page_id=page.pk, key=key) for key in fp.band_keys(sig))
            with transaction.atomic():
                ArticleFingerprint.objects.bulk_create(prints, batch_size=1000)
                FingerprintBand.objects.bulk_create(bands, batch_size=5000)
            last_pk, done = pages[-1].pk, done + len(pages)
            self.stdout.write(f"\r{done}/{count} fingerprinted", ending="")
        if count:
            self.stdout.write("")
