from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Sign-in security: login lockout, the second factor, idle sessions, passwords, headers."""

    name = "accounts"
    verbose_name = _("Accounts and security")
