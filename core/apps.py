from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail.users.apps import WagtailUsersAppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Portal foundation")


class PortalUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with a unit field on the user forms (core.users)."""

    user_viewset = "core.users.PortalUserViewSet"
