from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import writing_guide

# Wagtail's help menu items that lead to its English guide on guide.wagtail.org.
WAGTAIL_GUIDE_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("register_admin_urls")
def register_writing_guide_url():
    return [path("huong-dan-viet-bai/", writing_guide, name="quality_writing_guide")]


@hooks.register("register_admin_menu_item")
def register_writing_guide_menu_item():
    return MenuItem(_("Writing guide"), reverse("quality_writing_guide"), icon_name="help", order=900)


@hooks.register("register_help_menu_item")
def register_writing_guide_help_item():
    return MenuItem(
        _("Writing guide"), reverse("quality_writing_guide"), icon_name="help", order=1100, name="writing-guide"
    )


@hooks.register("construct_help_menu")
def leave_out_wagtails_english_guide(request, menu_items):
    """The help menu leads to the portal's own guide, in Vietnamese, not to Wagtail's."""
    menu_items[:] = [item for item in menu_items if not item.name.startswith(WAGTAIL_GUIDE_ITEMS)]
