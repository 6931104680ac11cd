"""The demo loader builds the whole portal and is safe to run again."""

import io

import pytest

from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from wagtail.images import get_image_model
from wagtail.models import Page, Site

from core.models import Unit
from news import demo_data
from news.models import NewsArticlePage, NewsCategoryPage

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def counts():
    return {
        "pages": Page.objects.count(),
        "articles": NewsArticlePage.objects.count(),
        "sections": NewsCategoryPage.objects.count(),
        "images": get_image_model().objects.count(),
        "units": Unit.objects.count(),
    }


def test_load_demo_builds_the_site_and_running_it_again_duplicates_nothing(client):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    first = counts()
    assert first["sections"] == 12
    assert first["articles"] == len(demo_data.ARTICLES) >= 80
    assert "quantri" in out.getvalue()

    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first

    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class.__name__ == "HomePage"
    titles = set(NewsCategoryPage.objects.values_list("title", flat=True))
    assert {"Văn hóa – Xã hội", "Giáo dục – Đào tạo", "Phòng chống dịch COVID-19"} <= titles
    assert NewsCategoryPage.objects.get(title="Giáo dục – Đào tạo").url_path.endswith("/tin-tuc/giao-duc-dao-tao/")

    # Spread over this year and the last, in every section, all live with an image.
    articles = NewsArticlePage.objects.live()
    assert articles.count() == first["articles"]
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


def test_load_demo_refuses_without_permission(settings):
    settings.PORTAL_ALLOW_DEMO = False
    with pytest.raises(CommandError, match="PORTAL_ALLOW_DEMO"):
        call_command("load_demo", stdout=io.StringIO())
    assert not NewsArticlePage.objects.exists()
