from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail.users.apps import WagtailUsersAppConfig


class CoreConfig(AppConfig):
    # This module holds a second config (the users app's): Django uses the one marked default.
    default = True
    name = "core"
    verbose_name = _("Portal foundation")

    def ready(self):
        from wagtail.admin.forms.models import register_form_field_override
        from wagtail.fields import StreamField

        from .blockfields import CheckedBlockField
        from .users import use_vietnamese_names

        register_form_field_override(StreamField, override={"form_class": CheckedBlockField})
        use_vietnamese_names()


class PortalUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with a unit field on the user forms (core.users)."""

    user_viewset = "core.users.PortalUserViewSet"
