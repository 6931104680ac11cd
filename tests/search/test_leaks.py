"""Nothing a reader may not see is ever found, suggested or quoted: drafts, unpublished changes,
private sections, expired pages, other sites."""

import datetime

import pytest

from django.utils import timezone

from wagtail.models import Page, PageViewRestriction, Site

from home.models import HomePage
from tests.news.factories import NewsArticlePageFactory, NewsCategoryPageFactory, NewsIndexPageFactory, paragraphs
from tests.search.factories import article, document, portal_for, result_urls, search, week

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(tree):
    return article(tree.culture, "Hội thi văn nghệ quần chúng", lead="Các đội văn nghệ tranh tài sôi nổi.")


def suggestions(client, q):
    response = client.get("/tim-kiem/goi-y/", {"q": q})
    assert response.status_code == 200
    return [item["title"] for item in response.json()["suggestions"]]


def test_a_draft_revision_is_neither_found_nor_quoted(client, live):
    draft = live.get_latest_revision_as_object()
    draft.title = "Hội thi văn nghệ Zorblax"
    draft.lead = "Bản nháp có từ Quokkaflux chưa được duyệt."
    draft.save_revision()
    live.refresh_from_db()
    assert live.has_unpublished_changes

    assert result_urls(search(client, "zorblax")) == []
    assert result_urls(search(client, "quokkaflux")) == []
    assert suggestions(client, "zorbl") == []
    # The live version is still found, and its snippet quotes the live text only.
    response = search(client, "van nghe")
    assert result_urls(response) == [live.url]
    text = response.content.decode()
    assert "Zorblax" not in text and "Quokkaflux" not in text
    assert "Các đội <mark>văn</mark> <mark>nghệ</mark> tranh tài" in text


def test_a_page_never_published_is_not_found(client, tree):
    NewsArticlePageFactory(parent=tree.culture, title="Tin chưa đăng Blorptastic", live=False)
    assert result_urls(search(client, "blorptastic")) == []
    assert suggestions(client, "blorpt") == []


def test_an_unpublished_page_is_not_found(client, live):
    live.unpublish()
    assert result_urls(search(client, "van nghe")) == []
    assert suggestions(client, "hoi thi van") == []


def test_pages_in_a_private_section_are_not_found(client, tree, live):
    secret = article(tree.economy, "Văn nghệ nội bộ của cơ quan")
    PageViewRestriction.objects.create(page=tree.economy, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert result_urls(search(client, "van nghe")) == [live.url]
    assert "Văn nghệ nội bộ của cơ quan" not in suggestions(client, "van nghe")
    assert secret.url not in search(client, "van nghe", type="tin-tuc").content.decode()


def test_an_expired_page_is_not_found_even_before_the_scheduler_unpublishes_it(client, tree, live):
    expired = article(tree.culture, "Văn nghệ mừng xuân", when=timezone.now() - datetime.timedelta(days=3))
    Page.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - datetime.timedelta(hours=1))
    assert result_urls(search(client, "van nghe")) == [live.url]
    assert suggestions(client, "van nghe mung") == []


def test_a_private_document_is_not_found(client, tree):
    portal = portal_for(tree)
    document(portal.library, "9/QĐ-UBND", summary="Quyết định mật Snargleworth")
    PageViewRestriction.objects.create(page=portal.library, restriction_type=PageViewRestriction.LOGIN)
    assert result_urls(search(client, "snargleworth")) == []
    assert result_urls(search(client, "9/QĐ-UBND")) == []


def test_pages_of_another_site_are_not_found(client, tree, live):
    other_home = HomePage(title="Cổng xã", slug="cong-xa")
    Page.get_first_root_node().add_child(instance=other_home)
    Site.objects.create(hostname="xa.example", root_page=other_home)
    news = NewsIndexPageFactory(parent=other_home, slug="tin-xa")
    section = NewsCategoryPageFactory(parent=news)
    NewsArticlePageFactory(parent=section, title="Văn nghệ của xã bạn", body=paragraphs("Văn nghệ"))
    assert result_urls(search(client, "van nghe")) == [live.relative_url(tree.site)]


def test_a_draft_schedule_entry_is_not_found(client, tree):
    from schedule.entries import ScheduleEntry
    from tests.schedule.factories import latest_for_editing

    portal = portal_for(tree)
    monday = datetime.date(2024, 6, 3)
    live_week = week(portal.schedule, monday, "Họp giao ban đầu tuần")
    draft = latest_for_editing(live_week)
    draft.entries.add(ScheduleEntry(day=monday, content="Kiểm tra công trình Xylophonic"))
    draft.save_revision()

    assert result_urls(search(client, "xylophonic")) == []
    response = search(client, "giao ban")
    assert result_urls(response) == [live_week.url]
    assert "Xylophonic" not in response.content.decode()
