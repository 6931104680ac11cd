"""The scale-out test's two jobs on the database (`make test-scale`, scripts/test_scale.py).

``build``: a small portal on a fresh primary, and one article whose title carries a number.
``publish``: publish that article again and again with the next number, saying when each is done
(the test stops it).
"""

import json
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone

from bench import data
from news.models import NewsArticlePage

TITLE = "Bản tin kiểm thử số {number}"


def watched_article() -> NewsArticlePage:
    article = NewsArticlePage.objects.filter(title__startswith=TITLE.format(number="")).first()
    if article is None:
        raise CommandError("No article to publish: run bench_scale build first.")
    return article


class Command(BaseCommand):
    help = "Build the scale-out test's portal, or publish its article again and again."

    def add_arguments(self, parser):
        parser.add_argument("job", choices=["build", "publish"])
        parser.add_argument("--every", type=float, default=1.5, help="Seconds between two publications.")

    def handle(self, *args, job, every, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The scale-out test runs on PostgreSQL (make test-scale starts its own).")
        if job == "build":
            self.build()
        else:
            self.publish(every)

    def build(self):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        data.build(60, 20, 4, log=lambda line: None)
        article = NewsArticlePage.objects.live().filter(slug__startswith="bench-").order_by("-pk").first()
        article.title = TITLE.format(number=0)
        # Dated today, it heads its section's list and the home page's latest news.
        article.publication_date = timezone.now()
        article.save_revision().publish()
        paths = {"article": article.url, "section": article.get_parent().url}
        # Image renditions are made on first use, dozens per page: made here, once, rather than by
        # every app server's first readers at once.
        client = Client(HTTP_HOST="localhost")
        for path in ["/", *paths.values()]:
            client.get(path)
        self.stdout.write(json.dumps(paths))

    def publish(self, every):
        """Until stopped: one line per publication, "<number> <Unix time once it is done>"."""
        article = watched_article()
        number = 0
        while True:
            number += 1
            article.title = TITLE.format(number=number)
            article.save_revision().publish()
            self.stdout.write(f"{number} {time.time():.6f}")
            self.stdout.flush()
            time.sleep(every)
