"""Which pages the admin lists or names for a user: the explorer's rule, and the one place it is kept.

Contributors and commune staff see their own articles (and those they review), never another
person's: not in the explorer, and not in the admin search, the reports, the admin API, the
choosers, the bulk actions or the workflow messages either. Wagtail asks its page permission
policy for ``explorable_instances`` in the explorer, the page search, the site history and the
admin API, so ``ExplorerPagePolicy`` (registered for every page model at start-up) applies the
rule there; the views that do not ask the policy are replaced in editorial/admin_views.py and
call ``visible_pages``.

Page choosers offer more: what readers can see as well (``choosable_pages``), so that anyone
can link to a published page.

Wagtail's explorer also offers "Owner" and "Edited by" filters listing everyone who owns or
edited any page of the site; a commune editor would read the names of every other commune's
staff. Wagtail has no hook for those choices, so ``limit_user_filters`` (called once at
start-up) gives the two filters a choice list of their own; tests/editorial/test_permissions.py
checks it against the explorer itself, so an upgrade that renames the filters fails there.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q

from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.models import Page, PageLogEntry
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

from news.models import NewsArticlePage

from . import roles


def sees_everything(user) -> bool:
    return user.is_superuser or roles.sees_every_item(user)


def others_articles(user) -> Q:
    """Articles of other people that ``user`` may not edit (nor so review): hidden from them in the admin."""
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change").values("pk")
    # Fields a search backend can filter on: the admin API searches within these pages.
    return Q(content_type=ContentType.objects.get_for_model(NewsArticlePage)) & ~Q(pk__in=editable)


class ExplorerPagePolicy(PagePermissionPolicy):
    """Wagtail's page policy, whose explorable pages leave out other people's articles."""

    def explorable_instances(self, user):
        pages = super().explorable_instances(user)
        if sees_everything(user):
            return pages
        return pages.exclude(others_articles(user))


def visible_pages(user):
    """Every page the admin may list or name for ``user``: what their explorer shows, in any folder."""
    return policy_registry.get_by_type(Page).explorable_instances(user)


def choosable_pages(user):
    """What a page chooser offers ``user``: the pages they see in the explorer, and every page that
    readers see, unless a new title awaits its publication (the chooser would show that title)."""
    published = Page.objects.live().public().filter(draft_title=F("title"))
    return Page.objects.filter(Q(pk__in=visible_pages(user).values("pk")) | Q(pk__in=published.values("pk")))


def limit_user_filters() -> None:
    owner = PageFilterSet.base_filters["owner"]
    edited_by = PageFilterSet.base_filters["edited_by"]
    everyone_owning, everyone_editing = owner.queryset, edited_by.queryset

    def owners(request):
        if sees_everything(request.user):
            return everyone_owning(request)
        pages = visible_pages(request.user).order_by().values("owner_id")
        return get_user_model().objects.filter(pk__in=pages)

    def editors(request):
        if sees_everything(request.user):
            return everyone_editing(request)
        pages = visible_pages(request.user).order_by().values("pk")
        edits = PageLogEntry.objects.filter(action="wagtail.edit", page__in=pages).order_by().values("user_id")
        return get_user_model().objects.filter(pk__in=edits)

    # The subclasses (the explorer's GenericPageFilterSet) hold the same filter objects.
    owner.queryset, edited_by.queryset = owners, editors
