"""The large portal the benchmark serves: built once on PostgreSQL, reused by later runs."""

import io
import random
from urllib.parse import urlencode

from django.core.files.images import ImageFile
from django.db.models import F

from wagtail.images import get_image_model

from bench import search as search_bench
from demo.images import landscape_jpeg
from legal_docs.models import DocumentType, LegalDocumentIndexPage
from news.models import NewsArticlePage, NewsCategoryPage
from schedule.models import WeeklySchedulePage

IMAGE_COUNT = 24
IMAGE_TITLE = "Ảnh đo tải {number}"


def build(size: int, documents: int, weeks: int, log) -> None:
    search_bench.build(size, documents, weeks, log=log)
    images = _images()
    missing = NewsArticlePage.objects.filter(slug__startswith=search_bench.SLUG_PREFIX, featured_image__isnull=True)
    if missing.exists():
        log("giving the articles their featured images")
        for number, image in enumerate(images):
            missing.alias(slot=F("page_ptr_id") % IMAGE_COUNT).filter(slot=number).update(featured_image=image)


def _images() -> list:
    Image = get_image_model()
    images = []
    for number in range(IMAGE_COUNT):
        title = IMAGE_TITLE.format(number=number + 1)
        image = Image.objects.filter(title=title).first()
        if image is None or not image.file.storage.exists(image.file.name):  # new, or its media was wiped
            image = image or Image(title=title, description=title)
            image.file = ImageFile(io.BytesIO(landscape_jpeg(seed=100 + number)), name=f"bench-{number:02d}.jpg")
            image.save()
            image.renditions.all().delete()
        images.append(image)
    return images


def urls(article_count: int = 200, seed: int = 9) -> dict[str, list[str]]:
    """The paths each page type is measured on; a rotation where one URL would flatter the cache."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    section = NewsCategoryPage.objects.live().order_by("path").first()
    article_ids = list(
        NewsArticlePage.objects.live()
        .filter(slug__startswith=search_bench.SLUG_PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    articles = NewsArticlePage.objects.filter(pk__in=rng.sample(article_ids, min(article_count, len(article_ids))))
    library = LegalDocumentIndexPage.objects.live().first()
    decision = DocumentType.objects.filter(slug="quyet-dinh").first() or DocumentType.objects.first()
    week = WeeklySchedulePage.objects.live().order_by("-week_start").first()
    return {
        "home": ["/"],
        "section": [section.url],
        "article": sorted(page.url for page in articles),
        "documents": [f"{library.url}?type={decision.slug}&year=2020"],
        "schedule": [week.url],
        "search": ["/tim-kiem/?" + urlencode({"q": query}) for query in search_bench.QUERIES],
    }
