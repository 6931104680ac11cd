"""The pages Decree 42/2022 requires: the district's introduction, the English page and the
links to other agencies (a snippet the editorial board keeps)."""

import json
import uuid

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import Page

from about.models import AgencyLink, AgencyLinksPage, EnglishPage, IntroductionLeader, IntroductionPage
from editorial import roles, setup
from tests.core.factories import ImageFactory

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(node):
    return node.get_text(" ", strip=True)


def block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def add_page(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def introduction(tree):
    page = add_page(
        tree.home,
        IntroductionPage(
            title="Giới thiệu",
            slug="gioi-thieu",
            intro="Khái quát về huyện Thạch Hà.",
            body=json.dumps(
                [
                    block("heading", "Cơ cấu tổ chức"),
                    block("paragraph", "<p>Huyện ủy, HĐND, UBND huyện và các phòng chuyên môn.</p>"),
                    block("heading", "Chức năng, nhiệm vụ"),
                    block("paragraph", "<p>Quản lý nhà nước trên địa bàn huyện.</p>"),
                ]
            ),
            address="Khối 1, thị trấn Thạch Hà",
            phone="0239 3845 123",
            email="ubnd@thachha.example",
            office_hours="Thứ Hai đến Thứ Sáu",
        ),
    )
    IntroductionLeader.objects.create(
        page=page,
        sort_order=1,
        name="Võ Trọng Nghĩa",
        title="Chủ tịch UBND huyện",
        phone="0239 3845 103",
        email="nghia@thachha.example",
        photo=ImageFactory(),
    )
    IntroductionLeader.objects.create(page=page, sort_order=2, name="Đặng Văn Sơn", title="Phó Chủ tịch UBND huyện")
    page.save_revision().publish()
    return page


@pytest.fixture
def english(tree):
    return add_page(
        tree.home,
        EnglishPage(
            title="English",
            slug="english",
            intro="Thach Ha District People's Committee.",
            body=json.dumps([block("heading", "Organisation"), block("paragraph", "<p>The People's Committee.</p>")]),
            address="Block 1, Thach Ha Township",
            phone="+84 239 3845 123",
            email="ubnd@thachha.example",
        ),
    )


@pytest.fixture
def links(db):
    return [
        AgencyLink.objects.create(
            name="Cổng TTĐT tỉnh Hà Tĩnh", url="https://hatinh.gov.vn", group="province", sort_order=10, featured=True
        ),
        AgencyLink.objects.create(
            name="Cổng TTĐT Chính phủ", url="https://chinhphu.vn", group="national", sort_order=10, featured=True
        ),
        AgencyLink.objects.create(
            name="Cổng Dịch vụ công quốc gia", url="https://dichvucong.gov.vn", group="national", sort_order=5
        ),
        AgencyLink.objects.create(name="Báo Nhân Dân", url="https://nhandan.vn", group="other"),
    ]


def test_introduction_shows_organisation_duties_leaders_and_contacts(client, introduction):
    html = soup(client.get("/gioi-thieu/"))
    assert text(html.select_one("h1")) == "Giới thiệu"
    headings = [text(h) for h in html.select("main h2")]
    assert headings == ["Nội dung trang", "Cơ cấu tổ chức", "Chức năng, nhiệm vụ", "Lãnh đạo", "Thông tin liên hệ"]
    toc = [(a["href"], text(a)) for a in html.select(".toc a")]
    assert toc[:2] == [("#muc-1", "Cơ cấu tổ chức"), ("#muc-3", "Chức năng, nhiệm vụ")]
    for href, _label in toc:
        assert html.select_one(href) is not None, href
    leaders = html.select(".leader")
    assert [text(leader.select_one("h3")) for leader in leaders] == ["Võ Trọng Nghĩa", "Đặng Văn Sơn"]
    assert "Chủ tịch UBND huyện" in text(leaders[0])
    assert leaders[0].select_one("img")["alt"] == "Võ Trọng Nghĩa"
    assert leaders[0].select_one('a[href="tel:02393845103"]') is not None
    assert leaders[0].select_one('a[href="mailto:nghia@thachha.example"]') is not None
    contacts = text(html.select_one(".contact-list"))
    assert "Địa chỉ Khối 1, thị trấn Thạch Hà" in contacts
    assert "Giờ làm việc Thứ Hai đến Thứ Sáu" in contacts


def test_introduction_query_count_does_not_grow_with_the_leaders(client, introduction):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client.get("/gioi-thieu/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/gioi-thieu/").status_code == 200
        return len(queries)

    small = count()
    for number in range(5):
        IntroductionLeader.objects.create(
            page=introduction, name=f"Lãnh đạo {number}", title="Ủy viên", photo=ImageFactory()
        )
    assert count() == small


def test_english_page_is_marked_english_inside_a_vietnamese_site(client, english):
    html = soup(client.get("/english/"))
    assert html.find("html")["lang"] == "vi"
    article = html.select_one("main article")
    assert article["lang"] == "en"
    assert text(article.select_one("h1")) == "English"
    assert [text(h) for h in article.select("h2")] == ["On this page", "Organisation", "Contact"]
    contacts = text(article.select_one(".contact-list"))
    assert "Address Block 1, Thach Ha Township" in contacts
    assert "Telephone +84 239 3845 123" in contacts


def test_links_page_groups_the_links_in_order(client, tree, links):
    add_page(tree.home, AgencyLinksPage(title="Liên kết website", slug="lien-ket-website"))
    html = soup(client.get("/lien-ket-website/"))
    groups = [
        (text(section.select_one("h2")), [text(a) for a in section.select("a")])
        for section in html.select(".link-group")
    ]
    assert groups == [
        ("Cấp tỉnh", ["Cổng TTĐT tỉnh Hà Tĩnh"]),
        ("Trung ương", ["Cổng Dịch vụ công quốc gia", "Cổng TTĐT Chính phủ"]),
        ("Khác", ["Báo Nhân Dân"]),
    ]
    link = html.select_one('.link-group a[href="https://hatinh.gov.vn"]')
    assert "noopener" in link["rel"]


def test_links_page_without_links_says_so(client, tree):
    add_page(tree.home, AgencyLinksPage(title="Liên kết website", slug="lien-ket-website"))
    assert "Chưa có liên kết nào." in client.get("/lien-ket-website/").content.decode()


def test_featured_links_are_in_the_footer_of_every_page(client, tree, links):
    for url in ["/", "/tin-tuc/", "/tin-tuc/van-hoa-xa-hoi/"]:
        footer = soup(client.get(url)).select_one(".site-footer__links")
        assert [text(a) for a in footer.select("a")] == ["Cổng TTĐT Chính phủ", "Cổng TTĐT tỉnh Hà Tĩnh"], url


def test_each_about_page_sits_once_under_the_home_page(tree, introduction, english):
    for model in (IntroductionPage, EnglishPage, AgencyLinksPage):
        assert model.allowed_subpage_models() == []
        assert not model.can_create_at(tree.news)
        assert not model.can_create_at(Page.get_first_root_node())
    assert not IntroductionPage.can_create_at(tree.home)  # already there
    assert not EnglishPage.can_create_at(tree.home)
    assert AgencyLinksPage.can_create_at(tree.home)


def test_board_manages_agency_links_in_vietnamese(client, tree):
    setup.apply_roles()
    board = Group.objects.get(name=roles.EDITORIAL_BOARD)
    granted = set(board.permissions.filter(content_type__app_label="about").values_list("codename", flat=True))
    assert granted == {"add_agencylink", "change_agencylink", "delete_agencylink"}
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("bbt", password="x")
    user.groups.add(board)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    listing = client.get(reverse("wagtailsnippets_about_agencylink:list"))
    assert listing.status_code == 200
    assert "Liên kết website" in listing.content.decode()
    response = client.post(
        reverse("wagtailsnippets_about_agencylink:add"),
        {"name": "Cổng TTĐT tỉnh Hà Tĩnh", "url": "không phải địa chỉ", "group": "province", "sort_order": "10"},
    )
    assert response.status_code == 200
    form_errors = text(soup(response).select_one("main"))
    assert "Nhập địa chỉ URL hợp lệ." in form_errors
    assert not AgencyLink.objects.exists()
    response = client.post(
        reverse("wagtailsnippets_about_agencylink:add"),
        {
            "name": "Cổng TTĐT tỉnh Hà Tĩnh",
            "url": "https://hatinh.gov.vn",
            "group": "province",
            "sort_order": "10",
            "featured": "on",
        },
    )
    assert response.status_code == 302
    assert AgencyLink.objects.get().featured


def test_demo_builds_the_three_pages_and_the_links(tree):
    from demo import about as about_demo

    class Builder:
        created = {"pages": 0, "images": 0}

        def child_page(self, parent, model, slug, **fields):
            existing = model.objects.child_of(parent).filter(slug=slug).first()
            if existing:
                return existing
            page = model(slug=slug, **fields)
            parent.add_child(instance=page)
            page.save_revision().publish()
            return page

    about_demo.build(Builder(), tree.home)
    about_demo.build(Builder(), tree.home)  # again: nothing added twice
    assert AgencyLink.objects.count() == len(about_demo.AGENCY_LINKS) >= 12
    assert IntroductionPage.objects.get().leaders.count() == len(about_demo.LEADERS)
    assert EnglishPage.objects.count() == AgencyLinksPage.objects.count() == 1
    # The introduction comes first in the menu.
    assert tree.home.get_children().first().specific_class is IntroductionPage
