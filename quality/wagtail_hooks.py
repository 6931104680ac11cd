from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import writing_guide


@hooks.register("register_admin_urls")
def register_writing_guide_url():
    return [path("huong-dan-viet-bai/", writing_guide, name="quality_writing_guide")]


@hooks.register("register_admin_menu_item")
def register_writing_guide_menu_item():
    return MenuItem(_("Writing guide"), reverse("quality_writing_guide"), icon_name="help", order=900)
