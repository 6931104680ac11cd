from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UploadsConfig(AppConfig):
    name = "uploads"
    verbose_name = _("Uploads")

    def ready(self):
        from wagtail.admin.views.account import AvatarSettingsPanel

        from .forms import SafeAvatarForm

        # Wagtail's account view builds its profile picture panel itself, with no setting or hook
        # to change the form (register_account_settings_panel only adds panels), so the panel is
        # given ours: the picture then goes through the same checks as every other image.
        AvatarSettingsPanel.form_class = SafeAvatarForm
