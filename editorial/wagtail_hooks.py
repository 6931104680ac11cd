from django.db.models import Q

from wagtail import hooks

from . import roles
from .panels import ModerationInboxPanel, MyDecisionsPanel

# Wagtail's own "Awaiting your review" panel, replaced by the inbox (oldest first, with unit).
WAGTAIL_REVIEW_PANEL = "workflow_objects_to_moderate"


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") != WAGTAIL_REVIEW_PANEL]
    panels.append(ModerationInboxPanel())
    panels.append(MyDecisionsPanel())


@hooks.register("construct_explorer_page_queryset")
def hide_other_peoples_articles(parent_page, pages, request):
    """Contributors and commune editors see only their own articles in the page explorer."""
    user = request.user
    if user.is_superuser or roles.sees_every_item(user):
        return pages
    from communes.models import CommunePage
    from news.models import NewsArticlePage

    reviewed = CommunePage.objects.filter(board_group__in=user.groups.all()).values_list("path", flat=True)
    visible = Q(owner=user)
    for path in reviewed:
        visible |= Q(path__startswith=path)
    others_articles = Q(content_type__model=NewsArticlePage._meta.model_name, content_type__app_label="news") & ~visible
    return pages.exclude(others_articles)
