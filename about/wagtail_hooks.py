from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AgencyLink


class AgencyLinkViewSet(SnippetViewSet):
    model = AgencyLink
    icon = "link"
    menu_label = _("Agency links")
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["name", "group", "url", "featured", "sort_order"]
    list_filter = ["group", "featured"]
    ordering = ["group", "sort_order", "name"]


register_snippet(AgencyLinkViewSet)
