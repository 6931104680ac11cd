import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import GroupCollectionPermission, GroupPagePermission

from editorial import roles, setup

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        group.name: (
            sorted(group.permissions.values_list("codename", flat=True)),
            sorted(GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission__codename")),
            sorted(
                GroupCollectionPermission.objects.filter(group=group).values_list("permission__codename", flat=True)
            ),
        )
        for group in Group.objects.filter(name__in=[role.name for role in roles.ROLES])
    }


def test_setup_roles_is_idempotent(tree):
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = snapshot()
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == first
    assert set(first) == {role.name for role in roles.ROLES}


def test_setup_roles_repairs_drift(tree):
    setup.apply_roles()
    expected = snapshot()
    board = Group.objects.get(name=roles.EDITORIAL_BOARD)
    GroupPagePermission.objects.filter(group=board, permission__codename="publish_page").delete()
    contributors = Group.objects.get(name=roles.CONTRIBUTORS)
    GroupPagePermission.objects.create(
        group=contributors, page=tree.news, permission=roles._page_permission("publish_page")
    )
    assert snapshot() != expected
    setup.apply_roles()
    assert snapshot() == expected


def test_contributors_may_add_news_in_each_section_but_never_publish(tree):
    setup.apply_roles()
    contributors = Group.objects.get(name=roles.CONTRIBUTORS)
    granted = set(GroupPagePermission.objects.filter(group=contributors).values_list("page_id", "permission__codename"))
    # Not on "Tin tức" itself, where adding a page means adding a section.
    assert granted == {(tree.culture.pk, "add_page"), (tree.economy.pk, "add_page")}


def test_board_can_publish_across_the_site(tree):
    setup.apply_roles()
    board = Group.objects.get(name=roles.EDITORIAL_BOARD)
    granted = set(GroupPagePermission.objects.filter(group=board).values_list("page_id", "permission__codename"))
    assert (tree.home.pk, "publish_page") in granted
    assert (tree.home.pk, "change_page") in granted
