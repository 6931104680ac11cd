import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import search as search_bench


class Command(BaseCommand):
    help = "Build (or reuse) a large portal on PostgreSQL and time the search page: median and p95."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=int(os.environ.get("BENCH_SIZE", "100000")))
        parser.add_argument("--documents", type=int, default=int(os.environ.get("BENCH_DOCUMENTS", "3000")))
        parser.add_argument("--weeks", type=int, default=int(os.environ.get("BENCH_WEEKS", "300")))
        parser.add_argument("--rounds", type=int, default=2, help="Timed passes over the 50 queries.")
        parser.add_argument("--allow-sqlite", action="store_true", help="Run on SQLite too (not the target).")

    def handle(self, *args, size, documents, weeks, rounds, allow_sqlite, **options):
        if connection.vendor != "postgresql" and not allow_sqlite:
            raise CommandError("The search bench runs on PostgreSQL: set DATABASE_URL (make bench-search does).")
        if settings.DEBUG:
            self.stderr.write("DEBUG is on: timings include Django's debug bookkeeping.")
        if connection.vendor == "postgresql":
            search_bench.ensure_database()
        call_command("migrate", interactive=False, verbosity=0)
        result = search_bench.run(size, documents=documents, weeks=weeks, rounds=rounds, log=self.stdout.write)
        self.stdout.write(result.line())
        self.stdout.write(
            f"sql: median_ms={result.sql_median_ms:.0f} p95_ms={result.sql_p95_ms:.0f} "
            f"statements_per_request={result.queries_per_request:.1f}"
        )
        for ms, query, statement in result.slowest:
            self.stdout.write(f"slow: {ms:.0f} ms q={query!r} {statement[:160]}")
