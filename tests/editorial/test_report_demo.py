"""The demo's two years of approval history, the larger history for the performance check, and
the timing command. The demo is built once for the module, in a transaction rolled back after it."""

import io
import re

import pytest

from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from editorial.models import EditorialDecision
from news.models import NewsArticlePage

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

Action = EditorialDecision.Action


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        first = EditorialDecision.objects.count()
        call_command("load_demo", stdout=io.StringIO())
        yield first
        transaction.set_rollback(True)
    cache.clear()


def test_every_demo_article_has_the_history_that_published_it(demo):
    assert EditorialDecision.objects.count() == demo, "running the demo again adds no history"
    articles = list(NewsArticlePage.objects.live().filter(publication_date__isnull=False))
    assert len(articles) > 50
    published = {
        decision.page_id: decision
        for decision in EditorialDecision.objects.filter(action=Action.PUBLISHED).select_related("workflow_state")
    }
    for article in articles:
        decision = published[article.pk]
        if decision.workflow_state_id:
            continue  # one of the pipeline's items, published through its workflow just now
        assert decision.created_at == article.publication_date, article.title
        submitted = EditorialDecision.objects.filter(page=article, action=Action.SUBMITTED).get()
        assert submitted.created_at < decision.created_at
        assert submitted.submitter_id == decision.submitter_id == article.owner_id
    # The demo's own direct publications were replaced, never doubled.
    doubled = (
        EditorialDecision.objects.filter(action=Action.PUBLISHED)
        .values("page_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not doubled.exists()
    reasons = set(EditorialDecision.objects.filter(action=Action.REJECTED).values_list("reason", flat=True))
    assert reasons == {"duplicate", "low_quality", "off_topic", "other"}


def test_the_board_reads_two_years_in_the_report(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="truongban"))
    html = client.get("/admin/reports/editorial-activity/").content.decode()
    received = re.search(r"Đã nhận \(gửi phê duyệt\)</th>\s*<td>(\d+)</td>\s*<td>(\d+)</td>", html)
    assert received and int(received.group(1)) > 0 and int(received.group(2)) > 0


def test_the_performance_history_and_the_timing_command(demo):
    out = io.StringIO()
    call_command("make_demo_history", items=40, stdout=out)
    assert "thêm 40 tin, bài" in out.getvalue()
    out = io.StringIO()
    call_command("make_demo_history", items=40, stdout=out)
    assert "thêm 0 tin, bài" in out.getvalue()
    assert NewsArticlePage.objects.filter(slug__startswith="lich-su-mau-").count() == 40
    out = io.StringIO()
    call_command("time_report", repeat=1, stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert all("mã trạng thái 200" in line for line in lines), lines
