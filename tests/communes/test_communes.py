"""Commune pages: their own roles and collection, their own news, their place in the sections."""

import pytest

from django.contrib.auth.models import Group

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from communes.models import CommuneIndexPage, CommunePage
from communes.roles import ensure_commune_roles
from core.models import Unit
from news.models import NewsArticlePage
from tests.news.factories import NewsArticlePageFactory

pytestmark = pytest.mark.django_db


def new_commune(parent, name, slug):
    unit = Unit.objects.create(name=name, slug=slug, kind=Unit.Kind.COMMUNE)
    commune = CommunePage(title=name, slug=slug, unit=unit)
    parent.add_child(instance=commune)
    commune.refresh_from_db()
    return commune


def grants(group):
    pages = set(GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission__codename"))
    media = set(
        GroupCollectionPermission.objects.filter(group=group).values_list("collection__name", "permission__codename")
    )
    return pages, media


def test_creating_a_commune_creates_its_roles_and_collection_scoped_to_it(tree):
    index = CommuneIndexPage(title="Xã, thị trấn", slug="xa-thi-tran")
    tree.home.add_child(instance=index)
    commune = new_commune(index, "Xã Thạch Kênh", "xa-thach-kenh")
    assert commune.editors_group.name == "Biên tập viên – Xã Thạch Kênh"
    assert commune.board_group.name == "BBT – Xã Thạch Kênh"
    assert commune.collection.name == "Xã Thạch Kênh"
    assert commune.collection.get_parent() == Collection.get_first_root_node()
    editor_pages, editor_media = grants(commune.editors_group)
    assert editor_pages == {(commune.pk, "add_page")}
    assert {name for name, _codename in editor_media} == {"Xã Thạch Kênh"}
    board_pages, _board_media = grants(commune.board_group)
    assert board_pages == {(commune.pk, "add_page"), (commune.pk, "change_page"), (commune.pk, "lock_page")}
    assert "publish_page" not in {codename for _page, codename in board_pages}


def test_commune_roles_are_idempotent_follow_renames_and_repair_drift(tree):
    index = CommuneIndexPage(title="Xã, thị trấn", slug="xa-thi-tran")
    tree.home.add_child(instance=index)
    commune = new_commune(index, "Xã Nam Điền", "xa-nam-dien")
    before = (grants(commune.editors_group), grants(commune.board_group), Group.objects.count())
    ensure_commune_roles(commune)
    assert (grants(commune.editors_group), grants(commune.board_group), Group.objects.count()) == before

    GroupPagePermission.objects.create(
        group=commune.editors_group,
        page=tree.home,
        permission=GroupPagePermission.objects.filter(group=commune.board_group).first().permission,
    )
    commune.title = "Xã Nam Điền (mới)"
    commune.save()
    ensure_commune_roles(commune)
    commune.refresh_from_db()
    assert commune.editors_group.name == "Biên tập viên – Xã Nam Điền (mới)"
    assert commune.collection.name == "Xã Nam Điền (mới)"
    assert grants(commune.editors_group)[0] == {(commune.pk, "add_page")}


def test_commune_page_lists_its_own_live_news(client, pipeline):
    mine = NewsArticlePageFactory(parent=pipeline.commune_a, section=pipeline.tree.culture, title="Tin của Thạch Đài")
    NewsArticlePageFactory(parent=pipeline.commune_b, section=pipeline.tree.culture, title="Tin của Việt Tiến")
    NewsArticlePageFactory(parent=pipeline.commune_a, section=pipeline.tree.culture, title="Nháp xã", live=False)
    html = client.get(pipeline.commune_a.url).content.decode()
    assert mine.title in html
    assert "Tin của Việt Tiến" not in html and "Nháp xã" not in html
    index_html = client.get(pipeline.communes_index.url).content.decode()
    assert "Xã Thạch Đài" in index_html and "Xã Việt Tiến" in index_html


def test_commune_article_is_credited_to_its_commune_and_listed_in_its_section(client, pipeline):
    article = NewsArticlePageFactory(parent=pipeline.commune_a, section=pipeline.tree.economy)
    assert article.contributing_unit == pipeline.commune_a.unit
    assert article in NewsArticlePage.objects.filter(section=pipeline.tree.economy)
    html = client.get("/tin-tuc/").content.decode()
    assert article.title in html
    assert 'class="badge badge--commune">Xã Thạch Đài<' in html
    home = client.get("/").content.decode()
    assert article.title in home


def test_article_under_a_commune_without_a_section_is_refused(pipeline):
    from django.core.exceptions import ValidationError

    article = NewsArticlePage(title="Tin không chuyên mục", slug="tin-khong-chuyen-muc", lead="Tóm tắt", body="[]")
    with pytest.raises(ValidationError) as error:
        pipeline.commune_a.add_child(instance=article)
    assert "section" in error.value.message_dict
