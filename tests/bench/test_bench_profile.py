"""`make bench-profile` runs (on a small bench site here; the real one is the 100,000-article database)."""

import re
from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from bench import search as search_bench

pytestmark = pytest.mark.django_db


def profile(*args, **options):
    out = StringIO()
    call_command("bench_profile", *args, stdout=out, **options)
    return out.getvalue()


def test_it_times_uncached_renders_of_a_page_type_and_counts_their_queries_and_calls():
    search_bench.build(60, 10, 3, log=lambda message: None)
    line = profile("article", renders=3, rounds=2)
    pattern = r"profile: kind=article renders=3 queries=(\d+) calls=(\d+) best_ms=[\d.]+ rounds_ms=[\d.]+,[\d.]+\n"
    match = re.fullmatch(pattern, line)
    assert match, line
    assert 0 < int(match.group(1)) <= 15
    # A rendered article runs thousands of Python calls; a figure of a few means nothing was rendered.
    assert int(match.group(2)) > 1000


def test_without_bench_data_it_says_what_to_run():
    with pytest.raises(CommandError, match="run make bench first"):
        profile("article")


def test_rounds_and_renders_must_be_positive():
    with pytest.raises(CommandError, match="at least 1"):
        profile("search", renders=0)
