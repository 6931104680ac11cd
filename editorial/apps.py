from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial board")

    def ready(self):
        import wagtail.admin.auth

        from . import signals  # noqa: F401 - connects the receivers
        from .access import forbidden_response
        from .explorer import limit_user_filters

        # Wagtail answers a refused admin action with a redirect to the dashboard; we answer 403.
        wagtail.admin.auth.permission_denied = forbidden_response
        limit_user_filters()
