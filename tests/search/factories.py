"""Helpers for the site search's tests: a portal with news, documents and schedules to find."""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

from legal_docs.models import DocumentType
from tests.legal_docs.factories import LegalDocumentIndexPageFactory, LegalDocumentPageFactory
from tests.news.factories import NewsArticlePageFactory, paragraphs
from tests.schedule.factories import ScheduleIndexPageFactory, entry, make_week


@dataclass
class Portal:
    tree: object
    library: object
    schedule: object


def portal_for(tree) -> Portal:
    return Portal(
        tree=tree,
        library=LegalDocumentIndexPageFactory(parent=tree.home),
        schedule=ScheduleIndexPageFactory(parent=tree.home),
    )


def day(year, month, date_of_month, hour=8):
    return timezone.make_aware(datetime.datetime(year, month, date_of_month, hour))


def article(section, title, lead="Tin hoạt động của huyện.", body="Nội dung bài viết.", when=None, **fields):
    return NewsArticlePageFactory(
        parent=section,
        title=title,
        lead=lead,
        body=paragraphs(body),
        publication_date=when or day(2024, 1, 1),
        **fields,
    )


def document(library, number, summary="Về việc giao nhiệm vụ cho các phòng, ban", issued=None, **fields):
    """A published document whose type is the one its number names (QĐ: Quyết định, KH: Kế hoạch...)."""
    abbreviation = number.split("/")[-1].split("-")[0]
    fields.setdefault("document_type", DocumentType.objects.get(abbreviation=abbreviation))
    return LegalDocumentPageFactory(
        parent=library, number=number, summary=summary, issue_date=issued or datetime.date(2024, 1, 1), **fields
    )


def week(schedule, monday, *contents):
    return make_week(schedule, monday, [entry(monday, content=content) for content in contents])


RESULT_LINK = re.compile(r'<h3 class="search-result__title"><a href="([^"]+)">')


def result_urls(response) -> list[str]:
    """The addresses of the results, in the order shown."""
    return RESULT_LINK.findall(response.content.decode())


def search(client, q="", **params):
    response = client.get("/tim-kiem/", {"q": q, **params})
    assert response.status_code == 200
    return response
