from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from .alerts import ATTACKED
from .enrolment import ISSUED
from .locks import UNLOCKED
from .second_factor import ENROLLED, RESET
from .urls import second_factor_urls, urls
from .views import can_manage_security


@hooks.register("register_admin_urls")
def register_accounts_urls():
    return [
        path("security/", include(urls)),
        path("two-step/", include(second_factor_urls)),
    ]


class SecurityMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_security(request.user)


@hooks.register("register_settings_menu_item")
def register_security_menu_item():
    return SecurityMenuItem(
        _("Sign-in security"), reverse("accounts:security"), name="sign-in-security", icon_name="lock", order=650
    )


@hooks.register("register_account_menu_item")
def register_two_step_account_item(request):
    return {
        "url": reverse("accounts:mine"),
        "label": _("Two-step verification"),
        "help_text": _("Sign in with a code from an authenticator app on your phone as well as your password."),
    }


@hooks.register("register_log_actions")
def register_lockout_log_actions(actions):
    @actions.register_action(UNLOCKED)
    class Unlocked(LogFormatter):
        label = _("Unlock sign-in")

        def format_message(self, log_entry):
            return _("Unlocked sign-in for “%(value)s” (%(failures)s failed attempts)") % {
                "value": log_entry.label,
                "failures": log_entry.data.get("failures", "?"),
            }

    @actions.register_action(ATTACKED)
    class Attacked(LogFormatter):
        label = _("Repeated failed sign-ins")

        def format_message(self, log_entry):
            values = {
                "failures": log_entry.data.get("failures", "?"),
                "ip_address": log_entry.data.get("ip_address", "?"),
            }
            if log_entry.data.get("notified"):
                message = _("%(failures)s failed sign-ins, the last from %(ip_address)s: the owner was told by e-mail")
            else:
                message = _(
                    "%(failures)s failed sign-ins, the last from %(ip_address)s: the owner could not be told by e-mail"
                )
            return message % values


@hooks.register("register_log_actions")
def register_second_factor_log_actions(actions):
    @actions.register_action(ISSUED)
    class CodeIssued(LogFormatter):
        label = _("Issue a two-step verification enrolment code")

        def format_message(self, log_entry):
            return _("Issued a one-time code to add an authenticator app to “%(user)s”") % {"user": log_entry.label}

    @actions.register_action(ENROLLED)
    class Enrolled(LogFormatter):
        label = _("Turn on two-step verification")

        def format_message(self, log_entry):
            return _("Added an authenticator app to “%(user)s”") % {"user": log_entry.label}

    @actions.register_action(RESET)
    class Reset(LogFormatter):
        label = _("Reset two-step verification")

        def format_message(self, log_entry):
            return _("Removed the authenticator app of “%(user)s”: a new enrolment code is needed to add one again") % {
                "user": log_entry.label
            }
