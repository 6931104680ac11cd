from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial board")

    def ready(self):
        import wagtail.admin.auth
        from wagtail.models import AbstractPage
        from wagtail.permissions import register_permission_policy

        from news.models import add_editor_panel

        from . import signals  # noqa: F401 - connects the receivers
        from .access import forbidden_response
        from .editor_panels import ReviewOutcomePanel
        from .explorer import ExplorerPagePolicy, limit_user_filters

        # Wagtail answers a refused admin action with a redirect to the dashboard; we answer 403.
        wagtail.admin.auth.permission_denied = forbidden_response
        # Replaces Wagtail's own policy for every page model, before any view asks for it.
        register_permission_policy(AbstractPage, ExplorerPagePolicy())
        limit_user_filters()
        add_editor_panel(ReviewOutcomePanel())
