"""The demo loader builds the whole portal and is safe to run again.

The demo is built once per module (twice in a row, to show the second run adds nothing) inside
a transaction that is rolled back after the module, because building it takes most of a minute.
"""

import io
from dataclasses import dataclass
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import authenticate
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site, WorkflowState

from communes.models import CommunePage
from core.models import Unit
from core.text import slugify_vi
from demo import news_data
from demo.communes import PIPELINE_ITEMS
from editorial.models import EditorialDecision
from legal_docs.models import LegalDocumentPage
from legal_docs.validity import Validity
from news.models import NewsArticlePage, NewsCategoryPage
from schedule import weeks
from schedule.entries import Leader, ScheduleEntry
from schedule.models import WeeklySchedulePage

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def counts():
    return {
        "pages": Page.objects.count(),
        "articles": NewsArticlePage.objects.count(),
        "sections": NewsCategoryPage.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "units": Unit.objects.count(),
        "decisions": EditorialDecision.objects.count(),
        "schedule_entries": ScheduleEntry.objects.count(),
        "leaders": Leader.objects.count(),
    }


@dataclass
class DemoRun:
    output: str
    first: dict
    second: dict


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        first = counts()
        call_command("load_demo", stdout=io.StringIO())
        yield DemoRun(output=out.getvalue(), first=first, second=counts())
        transaction.set_rollback(True)
    cache.clear()  # Wagtail caches site root paths that the rollback removed


def test_running_the_demo_again_duplicates_nothing(demo):
    assert demo.second == demo.first
    assert "quantri" in demo.output and "xa-thach-dai-bientap" in demo.output


def test_demo_builds_the_news_site(demo, client):
    assert demo.first["sections"] == 12
    assert demo.first["articles"] == len(news_data.ARTICLES) + len(PIPELINE_ITEMS)
    assert len(news_data.ARTICLES) >= 80

    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class.__name__ == "HomePage"
    titles = set(NewsCategoryPage.objects.values_list("title", flat=True))
    assert {"Văn hóa – Xã hội", "Giáo dục – Đào tạo", "Phòng chống dịch COVID-19"} <= titles
    assert NewsCategoryPage.objects.get(title="Giáo dục – Đào tạo").url_path.endswith("/tin-tuc/giao-duc-dao-tao/")

    # Spread over this year and the last, in every section, all live with an image.
    articles = NewsArticlePage.objects.live().filter(slug__in=[slugify_vi(a["title"]) for a in news_data.ARTICLES])
    assert articles.count() == len(news_data.ARTICLES)
    years = {a.publication_date.year for a in articles}
    assert len(years) == 2
    assert not articles.filter(featured_image__isnull=True).exists()
    assert not articles.filter(section__isnull=True).exists()

    for username in ["quantri", "bientap", "truongban", "congtacvien", "vanthu"]:
        user = authenticate(username=username, password="ThachHa@2020")
        assert user is not None, username
        assert user.has_perm("wagtailadmin.access_admin"), username

    response = client.get("/")
    assert response.status_code == 200
    assert len(response.context["section_blocks"]) == 12
    article = articles.order_by("-publication_date").first()
    assert client.get(article.url).status_code == 200


def test_load_demo_refuses_without_permission(settings, db):
    settings.PORTAL_ALLOW_DEMO = False
    before = NewsArticlePage.objects.count()
    with pytest.raises(CommandError, match="PORTAL_ALLOW_DEMO"):
        call_command("load_demo", stdout=io.StringIO())
    assert NewsArticlePage.objects.count() == before


def test_demo_shows_communes_and_every_state_of_the_pipeline(demo):

    communes = CommunePage.objects.all()
    assert communes.count() >= 5
    for commune in communes:
        for suffix in ["bientap", "bbt"]:
            user = authenticate(username=f"{commune.slug}-{suffix}", password="ThachHa@2020")
            assert user is not None and user.has_perm("wagtailadmin.access_admin")
    waiting_steps = set(
        WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).values_list(
            "current_task_state__task__name", flat=True
        )
    )
    assert waiting_steps == {
        "Kiểm duyệt của Ban Biên tập",
        "Phê duyệt của Trưởng, Phó Ban Biên tập",
        "Duyệt của BBT xã, thị trấn",
    }
    assert WorkflowState.objects.filter(status=WorkflowState.STATUS_NEEDS_CHANGES).exists()
    # A rejection ends its run (docs/editorial-workflow.md): one ended run for each reason.
    assert WorkflowState.objects.filter(status=WorkflowState.STATUS_CANCELLED).count() >= 4
    reasons = set(EditorialDecision.objects.filter(action="rejected").values_list("reason", flat=True))
    assert reasons == {"duplicate", "low_quality", "off_topic", "other"}
    assert EditorialDecision.objects.filter(action="changes_requested").exists()
    published_through_pipeline = EditorialDecision.objects.filter(action="published", workflow_state__isnull=False)
    assert published_through_pipeline.count() == 2


def test_demo_schedules_are_realistic(demo, client):
    this_monday = weeks.monday_of(timezone.localdate())
    pages = WeeklySchedulePage.objects.live().order_by("week_start")
    assert [page.week_start for page in pages] == [this_monday + timedelta(weeks=n) for n in (-1, 0, 1)]
    positions = set(Leader.objects.values_list("position", flat=True))
    assert {"Bí thư Huyện ủy", "Chủ tịch UBND huyện", "Phó Chủ tịch UBND huyện", "Chủ tịch HĐND huyện"} <= positions
    for page in pages:
        days = [entry.day for entry in page.entries.all()]
        weekdays = [day for day in days if day.weekday() < 5]
        assert all(page.week_start <= day <= page.week_start + timedelta(days=6) for day in days)
        assert len(set(weekdays)) == 5, "every weekday has entries"
        assert all(2 <= weekdays.count(day) <= 4 for day in set(weekdays))
        assert any(day.weekday() == 5 for day in days), "a few entries on Saturday"

    html = BeautifulSoup(client.get("/lich-cong-tac/").content, "html.parser")
    assert "Điều chỉnh lần 1" in html.select_one(".schedule__meta").get_text()
    assert html.select(".schedule-entry--changed") and html.select(".schedule-entry--added")
    assert html.select(".schedule-entry--removed")
    assert client.get("/lich-cong-tac/ics/").status_code == 200
    assert "lich-cong-tac" in [a["href"].strip("/") for a in html.select(".main-nav a")]


def test_demo_library(demo, client):
    documents = LegalDocumentPage.objects.live()
    count = documents.count()

    # The report's documents, with their issuers and dates.
    named = {
        ("7210/QĐ-UBND", "ubnd-huyen", "2017-12-08"),
        ("7600/QĐ-UBND", "ubnd-huyen", "2017-12-18"),
        ("739/QĐ-UBND", "ubnd-tinh-ha-tinh", "2017-03-22"),
        ("43/2011/NĐ-CP", "chinh-phu", "2011-06-13"),
        ("42/2022/NĐ-CP", "chinh-phu", "2022-06-24"),
        ("4946/BTTTT-CĐSQG", "bo-thong-tin-va-truyen-thong", "2022-12-02"),
    }
    found = {
        (d.number, d.issuing_body.slug, d.issue_date.isoformat()) for d in documents.select_related("issuing_body")
    }
    assert named <= found
    # At least sixty more, of every common type, over several years.
    assert count >= len(named) + 60
    types = set(documents.values_list("document_type__slug", flat=True))
    assert {"quyet-dinh", "nghi-quyet", "chi-thi", "ke-hoach", "cong-van", "thong-bao", "bao-cao", "huong-dan"} <= types
    assert len({d.year for d in documents.dates("issue_date", "year")}) >= 5

    # Every document has a PDF whose text was extracted.
    assert not documents.filter(attachments__isnull=True).exists()
    assert not documents.filter(text_content="").exists()
    decree = documents.get(number="42/2022/NĐ-CP")
    assert "42/2022/ND-CP" in decree.text_content

    # Validity follows the relations: 42/2022 replaced 43/2011; an amendment leaves 7210 partly expired.
    old_decree = documents.get(number="43/2011/NĐ-CP")
    assert old_decree.get_validity() == Validity.EXPIRED
    assert decree.get_validity() == Validity.IN_FORCE
    assert documents.get(number="7210/QĐ-UBND").get_validity() == Validity.PARTLY_EXPIRED
    statuses = {d.validity_code for d in documents.with_validity()}
    assert statuses == {v.value for v in Validity}

    response = client.get(old_decree.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Được thay thế bởi" in html
    assert "42/2022/NĐ-CP" in html
    response = client.get("/van-ban/?q=qd-ubnd+7210")
    assert "7210/QĐ-UBND" in response.content.decode()


def test_every_public_page_type_of_the_demo_stays_within_the_query_budget(demo, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.pagecache.test_query_budget import PUBLIC_PAGE_CAP

    cache.clear()
    urls = {
        "/",
        "/tim-kiem/?q=quyet+dinh",
        "/tim-kiem/?q=n%C3%B4ng+th%C3%B4n+m%E1%BB%9Bi",
        "/rss/",
        "/sitemap.xml",
        "/sitemap-trang.xml",
    }
    seen_types = set()
    for page in Page.objects.live().public().specific().order_by("-depth", "path"):
        if type(page) not in seen_types and page.depth > 1:
            seen_types.add(type(page))
            urls.add(page.url)
    document_type = LegalDocumentPage.objects.live().first().document_type
    urls.add(f"/van-ban/?type={document_type.slug}&year={timezone.localdate().year}")
    costs = {}
    for url in sorted(urls):
        client.get(url)  # fragments and site data warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        costs[url] = len(queries)
    assert len(seen_types) >= 12
    over = {url: cost for url, cost in costs.items() if cost > PUBLIC_PAGE_CAP}
    assert not over, f"over {PUBLIC_PAGE_CAP} queries: {over}"
