"""Factories for news sections and articles."""

import datetime
import json

import factory
import wagtail_factories

from django.utils import timezone

from news.models import NewsArticlePage, NewsCategoryPage, NewsIndexPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Tin tức"
    slug = "tin-tuc"
    show_in_menus = True


class NewsCategoryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsCategoryPage

    title = factory.Sequence(lambda n: f"Chuyên mục {n}")
    slug = factory.Sequence(lambda n: f"chuyen-muc-{n}")
    show_in_menus = True


def paragraphs(*texts: str) -> str:
    return json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"} for text in texts])


class NewsArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsArticlePage

    title = factory.Sequence(lambda n: f"Tin bài số {n} về hoạt động của huyện")
    slug = factory.Sequence(lambda n: f"tin-bai-{n}")
    lead = "Sáng nay, UBND huyện tổ chức hội nghị triển khai nhiệm vụ trọng tâm."
    body = factory.LazyFunction(lambda: paragraphs("Nội dung chính của bài viết.", "Đoạn thứ hai của bài."))
    author_names = "Nguyễn Văn An"
    publication_date = factory.Sequence(
        lambda n: timezone.make_aware(datetime.datetime(2026, 1, 1, 8)) + datetime.timedelta(hours=n)
    )
