from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin_search import ShortListSnippetViewSet
from .expiry import has_expired
from .models import Unit


class UnitViewSet(ShortListSnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = _("Units")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "short_name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]


register_snippet(UnitViewSet)


@hooks.register("before_serve_page")
def refuse_expired_pages(page, request, serve_args, serve_kwargs):
    """An expired page answers 404 at its address (and its routes: feeds, files), as an
    unpublished one does, without waiting for Wagtail's scheduler (core.expiry)."""
    if has_expired(page.expire_at):
        raise Http404
