"""``make bench-load``: 200 readers for 60 seconds while an editor publishes; no error, nothing lost."""

import os
import threading
import time

import requests

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection

from bench import data, load, server
from bench import search as search_bench
from news.models import NewsArticlePage


class Command(BaseCommand):
    help = "Many readers at once while an editor publishes: every request answered, every publish seen."

    def add_arguments(self, parser):
        parser.add_argument("--readers", type=int, default=int(os.environ.get("BENCH_READERS", "200")))
        parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_LOAD_SECONDS", "60")))
        parser.add_argument("--every", type=float, default=5.0, help="Seconds between two publications.")
        parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8311")) + 1)

    def handle(self, *args, readers, seconds, every, port, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The load test runs on PostgreSQL: set DATABASE_URL (make bench-load does).")
        load.require_wrk()
        search_bench.ensure_database()
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        data.build(
            int(os.environ.get("BENCH_SIZE", "100000")),
            int(os.environ.get("BENCH_DOCUMENTS", "20000")),
            int(os.environ.get("BENCH_WEEKS", str(5 * 52))),
            log=self.stdout.write,
        )
        paths = data.urls(article_count=100)
        rotation = [
            *paths["home"],
            *paths["section"],
            *paths["article"],
            *paths["documents"],
            *paths["schedule"],
            *paths["search"][:10],
        ]
        articles = [
            page.specific
            for page in NewsArticlePage.objects.live().filter(slug__startswith="bench-").order_by("-pk")[:5]
        ]
        cache.clear()
        base = f"http://127.0.0.1:{port}"
        published: list[tuple[int, str]] = []
        failures: list[str] = []
        stop = threading.Event()

        def editor():
            """Publish a new revision of one of the articles every few seconds, like a busy desk."""
            number = 0
            try:
                while not stop.wait(every):
                    number += 1
                    page = articles[number % len(articles)]
                    page.title = f"Tin cập nhật số {number} lúc {time.strftime('%H:%M:%S')}"
                    page.save_revision().publish()
                    published.append((page.pk, page.title))
            except Exception as error:
                failures.append(repr(error))
            finally:
                close_old_connections()

        with server.gunicorn(port, {"PAGECACHE_ENABLED": "true"}):
            for path in rotation:
                requests.get(base + path, timeout=30)
            desk = threading.Thread(target=editor)
            desk.start()
            result = load.run_wrk(base, rotation, seconds, connections=readers, threads=2)
            stop.set()
            desk.join()
            # Nothing lost: every publication is live, and readers see each article's last title.
            latest = dict(published)
            for pk, title in latest.items():
                page = NewsArticlePage.objects.get(pk=pk)
                if page.title != title or page.has_unpublished_changes:
                    failures.append(f"article {pk}: live title {page.title!r}, published {title!r}")
                public = requests.get(base + page.url, timeout=30)
                if title not in public.text:
                    failures.append(f"article {pk}: readers do not see {title!r}")

        self.stdout.write(
            f"load: readers={readers} seconds={seconds} requests={result.rps * seconds:.0f} rps={result.rps:.0f} "
            f"median_ms={result.median_ms:.0f} p95_ms={result.p95_ms:.0f} errors={result.errors} "
            f"publications={len(published)} lost={len(failures)}"
        )
        for failure in failures:
            self.stderr.write(failure)
        if result.errors or failures or not published:
            raise CommandError("The load test failed: see above.")
