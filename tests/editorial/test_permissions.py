"""Every role × action × place, as docs/architecture.md's roles table says, checked in the model and over HTTP.

E edit, P publish, A add a child page, D delete. Items are leaf pages (drafts); the other places
are containers, where D is not offered to anyone but administrators.
"""

import json

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
    assert "Trần An" in owners and "Trần An" in editors
    assert not {"Nguyễn Bê", "Lý Cờ"} & (owners | editors)

    client.force_login(users["contributor"])
    owners = _filter_choices(client, pipeline.tree.culture, "owner")
    assert not {"Trần An", "Nguyễn Bê", "Lý Cờ"} & owners

    client.force_login(users["board"])
    owners = _filter_choices(client, pipeline.tree.culture, "owner")
    editors = _filter_choices(client, pipeline.tree.culture, "edited_by")
    assert {"Trần An", "Nguyễn Bê", "Lý Cờ"} <= owners
    assert {"Trần An", "Nguyễn Bê", "Lý Cờ"} <= editors


# --- Who sees whose pages, wherever the admin lists or names one ------------------------------
#
# The explorer's rule (editorial/explorer.py) everywhere: contributors and commune staff see
# their own drafts (and those they review), never another person's nor another commune's.

ITEM_TITLES = {
    "own": "Sapa – bản nháp của mình",
    "other": "Sapa – bản nháp của đồng nghiệp",
    "other_commune": "Sapa – tin chờ duyệt của xã khác",
}
ITEM_SLUGS = {"own": "sapa-cua-minh", "other": "sapa-cua-dong-nghiep", "other_commune": "sapa-cua-xa-khac"}

SEES = {
    "admin": {"own", "other", "other_commune"},
    "board": {"own", "other", "other_commune"},
    "head": {"own", "other", "other_commune"},
    "contributor": {"own"},
    "clerk": set(),  # clerks never reach the news, not even an article made in their name
    "editor_a": {"own"},
    "board_a": {"own", "other"},  # the commune's board reviews its editors' drafts
}


@pytest.fixture
def drafts(pipeline):
    """For ``role``: their own draft, a colleague's, and another commune's article awaiting review."""
    from wagtail.models import Task

    users = pipeline.users
    # Wagtail's default task, created by its migrations: the one the workflow preview must not name.
    wagtail_task = Task.objects.order_by("pk").first()

    def make(role):
        if role in COMMUNE_ROLES:
            parent, colleague = pipeline.commune_a, users["editor_a" if role == "board_a" else "board_a"]
        else:
            parent, colleague = pipeline.tree.culture, users["contributor2"]
        places = [("own", parent, users[role]), ("other", parent, colleague)]
        places.append(("other_commune", pipeline.commune_b, users["editor_b"]))
        items = {}
        for kind, where, owner in places:
            page = NewsArticlePageFactory(
                parent=where,
                live=False,
                owner=owner,
                section=pipeline.tree.culture,
                title=ITEM_TITLES[kind],
                slug=ITEM_SLUGS[kind],
            )
            page.save_revision(user=owner, log_action=True)
            items[kind] = page
        pending = items["other_commune"]
        pending.get_workflow().start(pending, users["editor_b"])
        return items, wagtail_task

    return make


def _text(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def _places_naming(item, task):
    """Every admin address that lists or names ``item`` (GET, followed)."""
    parent = item.get_parent()
    return {
        "explorer": reverse("wagtailadmin_explore", args=(item.pk,)),
        "page search": reverse("wagtailadmin_pages:search_results") + "?q=Sapa",
        "site history": reverse("wagtailadmin_reports:site_history_results"),
        "admin API listing": "/admin/api/main/pages/?limit=20",
        "admin API page": f"/admin/api/main/pages/{item.pk}/",
        "page chooser search": reverse("wagtailadmin_choose_page_search") + "?q=Sapa",
        "page chooser folder": reverse("wagtailadmin_choose_page_child", args=(parent.pk,)),
        "page chooser choice": reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={item.pk}",
        "bulk delete": reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete")) + f"?id={item.pk}",
        "workflow preview": reverse("wagtailadmin_pages:workflow_preview", args=(item.pk, task.pk)),
    }


@pytest.mark.parametrize("role", list(SEES))
def test_the_admin_names_only_the_pages_the_explorer_shows(client, pipeline, drafts, role):
    items, wagtail_task = drafts(role)
    client.force_login(pipeline.users[role])
    seen = {}
    for kind, item in items.items():
        for place, url in _places_naming(item, wagtail_task).items():
            text = _text(client.get(url, follow=True))
            if ITEM_TITLES[kind] in text or ITEM_SLUGS[kind] in text:
                seen.setdefault(place, set()).add(kind)
            assert "Moderators approval" not in text, (role, place)
    places = _places_naming(items["own"], wagtail_task)
    assert {place: seen.get(place, set()) for place in places} == dict.fromkeys(places, SEES[role])


def test_the_page_types_report_names_the_last_page_the_user_sees(client, pipeline):
    users = pipeline.users
    mine = NewsArticlePageFactory(parent=pipeline.tree.culture, live=False, owner=users["contributor"])
    mine.save_revision(user=users["contributor"])
    theirs = NewsArticlePageFactory(parent=pipeline.tree.culture, live=False, owner=users["contributor2"])
    theirs.title = "Sapa – tiêu đề đổi sau cùng"
    theirs.save_revision(user=users["contributor2"])  # edited last
    url = reverse("wagtailadmin_reports:page_types_usage_results")
    client.force_login(users["contributor"])
    html = client.get(url).content.decode()
    assert mine.title in html and theirs.title not in html
    client.force_login(users["board"])
    assert theirs.title in client.get(url).content.decode()


def test_page_choosers_offer_published_pages_but_no_ones_pending_title(client, pipeline, make_articles):
    users = pipeline.users
    published = make_articles(1, owner=users["contributor2"], title="Sapa – tin đã đăng")[0]
    retitled = make_articles(1, owner=users["contributor2"], title="Sapa – tin đã đăng khác")[0]
    retitled.title = "Sapa – tiêu đề mới chưa duyệt"
    retitled.save_revision(user=users["contributor2"])
    search = reverse("wagtailadmin_choose_page_search") + "?q=Sapa"
    for role in ["contributor", "editor_a"]:
        client.force_login(users[role])
        text = _text(client.get(search))
        assert published.title in text, role  # anyone may link to a published page
        assert "tiêu đề mới chưa duyệt" not in text, role
        folder = _text(client.get(reverse("wagtailadmin_choose_page_child", args=(pipeline.tree.culture.pk,))))
        assert published.title in folder and "tiêu đề mới chưa duyệt" not in folder, role
    client.force_login(users["board"])
    assert "tiêu đề mới chưa duyệt" in _text(client.get(search))


def test_wagtails_default_workflow_has_a_vietnamese_name(client, pipeline):
    from wagtail.models import Task, Workflow

    from editorial import workflows

    assert not Task.objects.filter(name="Moderators approval").exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    mine = NewsArticlePageFactory(parent=pipeline.tree.culture, live=False, owner=pipeline.users["contributor"])
    client.force_login(pipeline.users["contributor"])
    task = Task.objects.order_by("pk").first()
    response = client.get(reverse("wagtailadmin_pages:workflow_preview", args=(mine.pk, task.pk)), follow=True)
    html = response.content.decode()
    assert workflows.WAGTAIL_DEFAULT_TASK in html and mine.title in html
