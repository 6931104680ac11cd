from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "quality"
    verbose_name = _("Quality checks")

    def ready(self):
        from news.models import add_editor_panel

        from . import signals  # noqa: F401 - connects the receivers
        from .panels import QualityPanel

        add_editor_panel(QualityPanel())
