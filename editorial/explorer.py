"""What the page explorer shows contributors and commune staff: their own articles, and only the
names of people whose pages they see there.

Wagtail's explorer offers "Owner" and "Edited by" filters listing everyone who owns or edited
any page of the site; a commune editor would read the names of every other commune's staff.
Wagtail has no hook for those choices, so ``limit_user_filters`` (called once at start-up)
gives the two filters a choice list of their own; tests/editorial/test_permissions.py checks it against
the explorer itself, so an upgrade that renames the filters fails there.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.models import PageLogEntry
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import roles


def sees_everything(user) -> bool:
    return user.is_superuser or roles.sees_every_item(user)


def others_articles(user) -> Q:
    """Articles of other people that ``user`` does not review: hidden from them in the explorer."""
    from communes.models import CommunePage
    from news.models import NewsArticlePage

    reviewed = CommunePage.objects.filter(board_group__in=user.groups.all()).values_list("path", flat=True)
    visible = Q(owner=user)
    for path in reviewed:
        visible |= Q(path__startswith=path)
    return Q(content_type__model=NewsArticlePage._meta.model_name, content_type__app_label="news") & ~visible


def listed_pages(user):
    """Every page the explorer can list for ``user`` (not only the current folder)."""
    return PagePermissionPolicy().explorable_instances(user).exclude(others_articles(user))


def limit_user_filters() -> None:
    owner = PageFilterSet.base_filters["owner"]
    edited_by = PageFilterSet.base_filters["edited_by"]
    everyone_owning, everyone_editing = owner.queryset, edited_by.queryset

    def owners(request):
        if sees_everything(request.user):
            return everyone_owning(request)
        pages = listed_pages(request.user).order_by().values("owner_id")
        return get_user_model().objects.filter(pk__in=pages)

    def editors(request):
        if sees_everything(request.user):
            return everyone_editing(request)
        pages = listed_pages(request.user).order_by().values("pk")
        edits = PageLogEntry.objects.filter(action="wagtail.edit", page__in=pages).order_by().values("user_id")
        return get_user_model().objects.filter(pk__in=edits)

    # The subclasses (the explorer's GenericPageFilterSet) hold the same filter objects.
    owner.queryset, edited_by.queryset = owners, editors
