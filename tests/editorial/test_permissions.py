"""Every role × action × place, as docs/architecture.md's roles table says, checked in the model and over HTTP.

E edit, P publish, A add a child page, D delete. Items are leaf pages (drafts); the other places
are containers, where D is not offered to anyone but administrators.
"""

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse

from wagtail.models import Page

from legal_docs.models import LegalDocumentIndexPage
from schedule.models import ScheduleIndexPage
from tests.news.factories import NewsArticlePageFactory

pytestmark = pytest.mark.django_db

PLACES = ["own_item", "other_item", "own_commune", "other_commune", "section", "documents", "schedules"]

EXPECTED = {
    "admin": {"own_item": "EPD", "other_item": "EPD", "own_commune": "EPA", "other_commune": "EPA",
              "section": "EPA", "documents": "EPA", "schedules": "EPA"},
    "board": {"own_item": "EPD", "other_item": "EPD", "own_commune": "EPA", "other_commune": "EPA",
              "section": "EPA", "documents": "EPA", "schedules": "EPA"},
    "head": {"own_item": "EPD", "other_item": "EPD", "own_commune": "EPA", "other_commune": "EPA",
             "section": "EPA", "documents": "EPA", "schedules": "EPA"},
    "contributor": {"own_item": "ED", "other_item": "", "own_commune": "", "other_commune": "",
                    "section": "A", "documents": "", "schedules": ""},
    "clerk": {"own_item": "", "other_item": "", "own_commune": "", "other_commune": "",
              "section": "", "documents": "EPA", "schedules": "EPA"},
    "editor_a": {"own_item": "ED", "other_item": "", "own_commune": "A", "other_commune": "",
                 "section": "", "documents": "", "schedules": ""},
    "board_a": {"own_item": "ED", "other_item": "ED", "own_commune": "EA", "other_commune": "",
                "section": "", "documents": "", "schedules": ""},
}  # fmt: skip

# Where each role's own and other people's items live: district roles in a section, commune
# roles in their commune.
COMMUNE_ROLES = {"editor_a", "board_a"}


@pytest.fixture
def places(pipeline):
    tree, users = pipeline.tree, pipeline.users
    documents = LegalDocumentIndexPage(title="Văn bản", slug="van-ban")
    tree.home.add_child(instance=documents)
    schedules = ScheduleIndexPage(title="Lịch công tác", slug="lich-cong-tac")
    tree.home.add_child(instance=schedules)
    from editorial import setup

    setup.apply_roles()  # the clerks' permissions reach the new index pages

    def places_for(role):
        user = users[role]
        if role in COMMUNE_ROLES:
            parent, other_owner = pipeline.commune_a, users["editor_a" if role == "board_a" else "board_a"]
        else:
            parent, other_owner = tree.culture, users["contributor2"]
        own = NewsArticlePageFactory(parent=parent, live=False, owner=user, section=tree.culture)
        other = NewsArticlePageFactory(parent=parent, live=False, owner=other_owner, section=tree.culture)
        return {
            "own_item": own,
            "other_item": other,
            "own_commune": pipeline.commune_a,
            "other_commune": pipeline.commune_b,
            "section": tree.culture,
            "documents": documents,
            "schedules": schedules,
        }

    return places_for


ITEMS = {"own_item", "other_item"}


def granted(page, user, place):
    perms = Page.objects.get(pk=page.pk).permissions_for_user(user)
    letters = {"E": perms.can_edit(), "P": perms.can_publish(), "A": perms.can_add_subpage()}
    if place in ITEMS:
        letters["D"] = perms.can_delete()
    return "".join(letter for letter in "EPAD" if letters.get(letter))


@pytest.mark.parametrize("role", list(EXPECTED))
def test_permission_table_matches_design(pipeline, places, role):
    user = pipeline.users[role]
    where = places(role)
    actual = {place: granted(where[place], user, place) for place in PLACES}
    assert actual == EXPECTED[role]


def _denied(response):
    return response.status_code == 403


@pytest.mark.parametrize("role", ["contributor", "editor_a", "board_a", "clerk"])
def test_crafted_requests_outside_ones_rights_get_403_and_change_nothing(client, pipeline, places, role):
    user = pipeline.users[role]
    where = places(role)
    client.force_login(user)
    for place in PLACES:
        page = where[place]
        rights = EXPECTED[role][place]
        before = Page.objects.get(pk=page.pk)
        revision = page.specific.save_revision(user=pipeline.users["admin"]) if page.depth else None
        if "E" not in rights:
            for method, url in [
                ("get", reverse("wagtailadmin_pages:edit", args=(page.pk,))),
                ("post", reverse("wagtailadmin_pages:edit", args=(page.pk,))),
                ("post", reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))),
                ("get", reverse("wagtailadmin_pages:history", args=(page.pk,))),
                ("get", reverse("wagtailadmin_pages:revisions_view", args=(page.pk, revision.pk))),
                ("post", reverse("wagtailadmin_pages:revisions_revert", args=(page.pk, revision.pk))),
                ("post", reverse("wagtailadmin_pages:lock", args=(page.pk,))),
            ]:
                assert _denied(getattr(client, method)(url)), (role, place, url)
        if "P" not in rights:
            for url in [
                reverse("wagtailadmin_pages:unpublish", args=(page.pk,)),
                reverse("wagtailadmin_pages:revisions_unschedule", args=(page.pk, revision.pk)),
            ]:
                assert _denied(client.post(url)), (role, place, url)
        if place in ITEMS and "D" not in rights:
            assert _denied(client.post(reverse("wagtailadmin_pages:delete", args=(page.pk,)))), (role, place)
        if "E" not in rights:
            target = pipeline.tree.economy if place != "section" else pipeline.tree.news
            response = client.post(reverse("wagtailadmin_pages:move_confirm", args=(page.pk, target.pk)))
            assert _denied(response), (role, place, "move")
        if "A" not in rights and place not in ITEMS:
            response = client.get(reverse("wagtailadmin_pages:add_subpage", args=(page.pk,)))
            assert _denied(response), (role, place, "add")
        after = Page.objects.get(pk=page.pk)
        assert (after.path, after.live, after.locked, after.title) == (
            before.path,
            before.live,
            before.locked,
            before.title,
        ), (role, place)


def test_contributors_cannot_unpublish_or_publish_a_copy(client, pipeline, make_articles):
    live = make_articles(1, owner=pipeline.users["contributor"])[0]
    client.force_login(pipeline.users["contributor"])
    assert client.post(reverse("wagtailadmin_pages:unpublish", args=(live.pk,))).status_code == 403
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=(live.pk,)),
        {
            "new_title": "Bản sao",
            "new_slug": "ban-sao",
            "new_parent_page": pipeline.tree.culture.pk,
            "publish_copies": "on",
        },
    )
    # A copy may be made (it is the contributor's own draft), but never published.
    assert response.status_code in {200, 302, 403}
    assert not Page.objects.filter(slug="ban-sao", live=True).exists()
    assert Page.objects.get(pk=live.pk).live


def test_contributors_do_not_see_others_drafts_in_the_explorer(client, pipeline):
    users = pipeline.users
    mine = NewsArticlePageFactory(parent=pipeline.tree.culture, live=False, owner=users["contributor"])
    theirs = NewsArticlePageFactory(
        parent=pipeline.tree.culture, live=False, owner=users["contributor2"], title="Bản nháp của người khác"
    )
    client.force_login(users["contributor"])
    html = client.get(reverse("wagtailadmin_explore", args=(pipeline.tree.culture.pk,))).content.decode()
    assert mine.title in html
    assert theirs.title not in html
    client.force_login(users["board"])
    html = client.get(reverse("wagtailadmin_explore", args=(pipeline.tree.culture.pk,))).content.decode()
    assert mine.title in html and theirs.title in html


def test_commune_media_stays_in_the_commune(pipeline):
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    permission_policy = policy_registry.get_by_type(get_image_model())
    users = pipeline.users
    own = pipeline.commune_a.collection
    other = pipeline.commune_b.collection
    addable = set(permission_policy.collections_user_has_permission_for(users["editor_a"], "add"))
    assert addable == {own}
    choosable = set(permission_policy.collections_user_has_permission_for(users["board_a"], "choose"))
    assert own in choosable and other not in choosable


def _filter_choices(client, page, name) -> set[str]:
    html = client.get(reverse("wagtailadmin_explore", args=(page.pk,))).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    return {box.find_parent("label").get_text(" ", strip=True) for box in soup.select(f"input[name={name}]")}


def test_the_explorer_filters_name_only_people_whose_pages_the_user_sees(client, pipeline):
    users = pipeline.users
    for key, first, last in [("editor_a", "An", "Trần"), ("editor_b", "Bê", "Nguyễn"), ("contributor2", "Cờ", "Lý")]:
        users[key].first_name, users[key].last_name = first, last
        users[key].save()
    culture = pipeline.tree.culture
    own = NewsArticlePageFactory(parent=pipeline.commune_a, section=culture, owner=users["editor_a"])
    own.save_revision(user=users["editor_a"], log_action=True)
    other_commune = NewsArticlePageFactory(parent=pipeline.commune_b, section=culture, owner=users["editor_b"])
    other_commune.save_revision(user=users["editor_b"], log_action=True)
    district = NewsArticlePageFactory(parent=pipeline.tree.culture, owner=users["contributor2"])
    district.save_revision(user=users["contributor2"], log_action=True)

    client.force_login(users["editor_a"])
    owners = _filter_choices(client, pipeline.commune_a, "owner")
    editors = _filter_choices(client, pipeline.commune_a, "edited_by")
    assert "An Trần" in owners and "An Trần" in editors
    assert not {"Bê Nguyễn", "Cờ Lý"} & (owners | editors)

    client.force_login(users["contributor"])
    owners = _filter_choices(client, pipeline.tree.culture, "owner")
    assert not {"An Trần", "Bê Nguyễn", "Cờ Lý"} & owners

    client.force_login(users["board"])
    owners = _filter_choices(client, pipeline.tree.culture, "owner")
    editors = _filter_choices(client, pipeline.tree.culture, "edited_by")
    assert {"An Trần", "Bê Nguyễn", "Cờ Lý"} <= owners
    assert {"An Trần", "Bê Nguyễn", "Cờ Lý"} <= editors
