"""What the clerks pick a document's issuing body, type and field from: choosers and listings that
find by folded text and by abbreviation, both ways (core.admin_search, core.abbreviations)."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.models import Unit
from editorial import roles, setup
from tests.legal_docs.factories import unit

pytestmark = pytest.mark.django_db

UNITS = "/admin/snippets/choose/core/unit/"
TYPES = "/admin/snippets/choose/legal_docs/documenttype/"
FIELDS = "/admin/snippets/choose/legal_docs/subjectarea/"


@pytest.fixture
def clerk(client, tree):
    unit("ubnd-huyen", "Ủy ban nhân dân huyện Thạch Hà")
    unit("hdnd-huyen", "Hội đồng nhân dân huyện Thạch Hà")
    unit("ubnd-xa-thach-dai", "UBND xã Thạch Đài")
    unit("mttq-huyen", "Ủy ban MTTQ huyện Thạch Hà")
    unit("phong-giao-duc", "Phòng Giáo dục và Đào tạo")
    setup.apply_roles()
    user = get_user_model().objects.create_user(username="vanthu", password="ThachHa@2020")
    user.groups.add(Group.objects.get(name=roles.DOCUMENT_CLERKS))
    client.force_login(user)
    return client


def chosen(client, url, query) -> list[str]:
    """The titles the chooser's results list for ``query``."""
    response = client.get(url + "results/", {"q": query})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [link.get_text(" ", strip=True) for link in soup.select("[data-chooser-modal-choice]")]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("UBND huyện", ["Ủy ban nhân dân huyện Thạch Hà"]),
        ("ubnd huyen", ["Ủy ban nhân dân huyện Thạch Hà"]),
        ("Ủy ban nhân dân huyện", ["Ủy ban nhân dân huyện Thạch Hà"]),
        ("uy ban nhan dan xa", ["UBND xã Thạch Đài"]),
        ("hđnd huyện", ["Hội đồng nhân dân huyện Thạch Hà"]),
        ("Mặt trận Tổ quốc", ["Ủy ban MTTQ huyện Thạch Hà"]),
        ("ubmttq", ["Ủy ban MTTQ huyện Thạch Hà"]),
        ("giao duc dao", ["Phòng Giáo dục và Đào tạo"]),
    ],
)
def test_the_issuer_chooser_finds_by_abbreviation_both_ways(clerk, query, found):
    assert chosen(clerk, UNITS, query) == found


def test_uy_ban_finds_every_committee_written_either_way(clerk):
    assert set(chosen(clerk, UNITS, "uy ban")) == {
        "Ủy ban nhân dân huyện Thạch Hà",
        "Ủy ban nhân dân tỉnh Hà Tĩnh",  # a higher-level body, seeded
        "UBND xã Thạch Đài",
        "Ủy ban MTTQ huyện Thạch Hà",
    }


def test_the_units_listing_searches_the_same_way(clerk, admin_user):
    clerk.force_login(admin_user)
    response = clerk.get("/admin/snippets/core/unit/results/", {"q": "UBND huyện"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ủy ban nhân dân huyện Thạch Hà" in html
    assert "Hội đồng nhân dân huyện Thạch Hà" not in html
    assert Unit.objects.filter(name="UBND xã Thạch Đài").exists()


def test_the_type_and_field_choosers_have_a_search(clerk):
    for url in (TYPES, FIELDS):
        soup = BeautifulSoup(clerk.get(url).json()["html"], "html.parser")
        assert soup.select_one("form[data-chooser-modal-search] input[name=q]"), url
    assert chosen(clerk, TYPES, "quyet dinh") == ["Quyết định (QĐ)"]
    assert chosen(clerk, TYPES, "QĐ") == ["Quyết định (QĐ)"]
    assert chosen(clerk, TYPES, "ke hoach") == ["Kế hoạch (KH)"]
    assert chosen(clerk, FIELDS, "giáo dục") == ["Giáo dục – Đào tạo"]
    assert chosen(clerk, FIELDS, "GIAO DUC") == ["Giáo dục – Đào tạo"]


def test_the_type_listing_finds_without_tone_marks(clerk, admin_user):
    clerk.force_login(admin_user)
    html = clerk.get("/admin/snippets/legal_docs/documenttype/results/", {"q": "nghi quyet"}).content.decode()
    assert "Nghị quyết" in html and "Quyết định" not in html


def test_a_search_that_matches_nothing_says_so_and_changes_nothing(clerk):
    assert chosen(clerk, UNITS, "xyz không có") == []
    assert chosen(clerk, TYPES, "%' OR 1=1 --") == []
    # Only punctuation: no word to look for, the list is offered as without a search.
    assert chosen(clerk, FIELDS, "–") == chosen(clerk, FIELDS, "") != []
