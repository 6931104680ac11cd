"""``make bench``: the public site under load, cached and uncached, on a large PostgreSQL portal."""

import os
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from bench import data, load, server
from bench import search as search_bench

PAGE_TYPES = ["home", "section", "article", "documents", "schedule", "search"]


def count_queries(paths: list[str]) -> int:
    """SQL statements for one uncached render (caches of fragments and site data warm): the
    most among the first ten of ``paths``."""
    client = Client(HTTP_HOST="127.0.0.1")
    counts = []
    with override_settings(PAGECACHE_ENABLED=False):
        for path in paths[:10]:
            client.get(path)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            if response.status_code != 200:
                raise CommandError(f"{path} answered {response.status_code}")
            counts.append(len(captured))
    return max(counts)


class Command(BaseCommand):
    help = "Build (or reuse) a large portal on PostgreSQL, serve it with gunicorn and drive it with wrk."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=int(os.environ.get("BENCH_SIZE", "100000")))
        parser.add_argument("--documents", type=int, default=int(os.environ.get("BENCH_DOCUMENTS", "20000")))
        parser.add_argument("--weeks", type=int, default=int(os.environ.get("BENCH_WEEKS", str(5 * 52))))
        parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "15")))
        parser.add_argument("--warmup", type=int, default=3, help="Seconds of load before each measurement.")
        parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8311")))
        parser.add_argument("--build-only", action="store_true", help="Build the data set, measure nothing.")

    def handle(self, *args, size, documents, weeks, seconds, warmup, port, build_only, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL (make bench does).")
        if settings.DEBUG:
            raise CommandError("Run the benchmark with production settings (make bench does).")
        load.require_wrk()
        search_bench.ensure_database()
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        data.build(size, documents, weeks, log=self.stdout.write)
        if build_only:
            return
        paths = data.urls()
        cache.clear()
        queries = {kind: count_queries(kind_paths) for kind, kind_paths in paths.items()}
        static_path = self.write_static_copy(paths["home"][0])

        base = f"http://127.0.0.1:{port}"
        rss = []
        cached, uncached = {}, {}
        with server.gunicorn(port, {"PAGECACHE_ENABLED": "true"}) as master:
            for kind in ["static", *PAGE_TYPES]:
                kind_paths = [static_path] if kind == "static" else paths[kind]
                self.warm(base, kind_paths, warmup)
                cached[kind] = load.run_wrk(base, kind_paths, seconds)
                self.stdout.write(f"  cached {kind}: {cached[kind].rps:.0f} req/s")
            rss += server.worker_rss_mb(master.pid)
        cache.clear()
        with server.gunicorn(port, {"PAGECACHE_ENABLED": "false"}) as master:
            for kind in PAGE_TYPES:
                self.warm(base, paths[kind], warmup)
                uncached[kind] = load.run_wrk(base, paths[kind], seconds)
                self.stdout.write(f"  uncached {kind}: {uncached[kind].rps:.0f} req/s")
            rss += server.worker_rss_mb(master.pid)

        self.report(size, cached, uncached, queries, rss, seconds)

    def write_static_copy(self, path: str) -> str:
        """The home page's bytes as a static file: the ceiling for a cached page."""
        response = Client(HTTP_HOST="127.0.0.1").get(path)
        target = Path(settings.STATIC_ROOT) / "bench" / "home.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(response.content)
        return settings.STATIC_URL + "bench/home.html"

    def warm(self, base: str, paths: list[str], seconds: int) -> None:
        for path in paths:  # every URL of a rotation once, so the cached run measures hits
            with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310 - local server
                response.read()
        load.run_wrk(base, paths, seconds)

    def report(self, size, cached, uncached, queries, rss, seconds):
        write = self.stdout.write
        write("")
        write(f"{size} articles; wrk -t2 -c16 -d{seconds}s per URL after a warm-up; gunicorn, 2 workers")
        columns = [("page", -10), ("cached rps", 10), ("p95 ms", 7), ("uncached rps", 12), ("median ms", 9)]
        columns += [("p95 ms", 7), ("SQL", 4)]
        header = " ".join(f"{name:<{-width}}" if width < 0 else f"{name:>{width}}" for name, width in columns)
        write(header)
        write("-" * len(header))
        static = cached["static"]
        write(f"{'static':<10} {static.rps:>10.0f} {static.p95_ms:>7.1f} {'':>12} {'':>9} {'':>7} {'':>4}")
        for kind in PAGE_TYPES:
            hit, miss = cached[kind], uncached[kind]
            write(
                f"{kind:<10} {hit.rps:>10.0f} {hit.p95_ms:>7.1f} {miss.rps:>12.0f} "
                f"{miss.median_ms:>9.1f} {miss.p95_ms:>7.1f} {queries[kind]:>4}"
            )
        errors = sum(result.errors for result in [*cached.values(), *uncached.values()])
        write(f"errors (non-2xx/3xx, socket): {errors}")
        write(f"worker RSS MB: {', '.join(f'{mb:.0f}' for mb in rss)}")
        cached_rps = min(cached[kind].rps for kind in PAGE_TYPES)
        write(
            f"bench: static_rps={static.rps:.0f} cached_rps={cached_rps:.0f} "
            f"cached_vs_static={cached_rps / static.rps:.2f} "
            f"article_rps={uncached['article'].rps:.0f} article_p95_ms={uncached['article'].p95_ms:.0f} "
            f"search_rps={uncached['search'].rps:.0f} search_p95_ms={uncached['search'].p95_ms:.0f} "
            f"max_queries={max(queries.values())} worker_rss_mb={max(rss):.0f}"
        )
        if errors:
            raise CommandError(f"{errors} requests failed under load")
