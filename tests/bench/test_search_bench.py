"""The search bench's own code runs (small): the real run is `make bench-search`, never in CI."""

import re

import pytest

from bench import search as search_bench
from news.models import NewsArticlePage

pytestmark = pytest.mark.django_db


def test_the_bench_builds_a_site_reuses_it_and_times_the_queries():
    result = search_bench.run(200, documents=20, weeks=3, rounds=1, log=lambda message: None)
    assert re.fullmatch(r"search: n=200 median_ms=\d+ p95_ms=\d+", result.line())
    assert 0 < result.median_ms <= result.p95_ms
    assert result.queries_per_request > 0
    pages = NewsArticlePage.objects.filter(slug__startswith=search_bench.SLUG_PREFIX)
    assert pages.count() == 200
    # The bulk-inserted tree is a valid treebeard tree: paths, depth and numchild agree.
    section = pages.first().get_parent()
    assert section.numchild == section.get_children().count()
    assert pages.first().get_parent().pk == pages.first().section_id
    # Built pages are found; running again adds nothing.
    search_bench.build(200, 20, 3, log=lambda message: None)
    assert pages.count() == 200
