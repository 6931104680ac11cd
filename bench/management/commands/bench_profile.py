"""``make bench-profile``: where one page type's uncached render spends its time, in-process.

The figures of docs/PERFORMANCE.md's "second round": renders through Django's test client on the
bench's database and URLs, with the page cache off and the fragment caches warm, best of several
rounds (the machine's own speed varies); ``--tree`` adds pyinstrument's call tree of one more round.

``calls`` is the number of Python function calls per render (cProfile, over one more round): it
does not move with the machine's speed or load, so two versions of the code can be compared on a
busy machine where the timings cannot.
"""

import cProfile
import pstats
import time

from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.test.utils import override_settings

from bench import data
from bench.management.commands.bench import PAGE_TYPES, count_queries


class Command(BaseCommand):
    help = "Time uncached renders of one page type of the bench data (make bench builds it)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=PAGE_TYPES)
        parser.add_argument("--renders", type=int, default=100, help="Renders per round.")
        parser.add_argument("--rounds", type=int, default=4)
        parser.add_argument("--tree", action="store_true", help="Print pyinstrument's call tree of one more round.")

    def handle(self, *args, kind, renders, rounds, tree, **options):
        if renders < 1 or rounds < 1:
            raise CommandError("--renders and --rounds must be at least 1.")
        try:
            paths = data.urls()[kind]
        except AttributeError as error:  # no section, library or week: nothing built yet
            raise CommandError("No bench data in this database: run make bench first.") from error
        if not paths:
            raise CommandError("No bench data in this database: run make bench first.")
        queries = count_queries(paths)  # as make bench counts them
        client = Client(HTTP_HOST="127.0.0.1")
        with override_settings(PAGECACHE_ENABLED=False):
            for path in paths:  # the whole rotation once, as make bench warms a worker
                client.get(path)
            timings = [self.round(client, paths, renders) for _round in range(rounds)]
            calls = self.calls_per_render(client, paths, renders)
            self.stdout.write(
                f"profile: kind={kind} renders={renders} queries={queries} calls={calls:.0f} "
                f"best_ms={min(timings):.1f} "
                f"rounds_ms={','.join(f'{ms:.1f}' for ms in timings)}"
            )
            if tree:
                from pyinstrument import Profiler  # requirements-dev.txt

                with Profiler(interval=0.0005) as profiler:
                    self.round(client, paths, renders)
                self.stdout.write(profiler.output_text(color=False))

    @classmethod
    def calls_per_render(cls, client, paths, renders) -> float:
        profiler = cProfile.Profile()
        profiler.runcall(cls.round, client, paths, renders)
        return pstats.Stats(profiler).total_calls / renders

    @staticmethod
    def round(client, paths, renders) -> float:
        """Milliseconds per render, over ``renders`` renders of the rotation."""
        start = time.perf_counter()
        for number in range(renders):
            client.get(paths[number % len(paths)])
        return (time.perf_counter() - start) * 1000 / renders
