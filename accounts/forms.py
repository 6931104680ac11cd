from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm

from . import enrolment


def one_time_code_input():
    """A digits-only field that phones fill from the code they receive."""
    return forms.TextInput(
        attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "spellcheck": "false"}
    )


class TokenForm(forms.Form):
    """A six-digit code from the authenticator app."""

    token = forms.CharField(
        label=_("Verification code"),
        help_text=_("The 6-digit code your authenticator app shows now."),
        max_length=16,
        error_messages={"required": _("Enter the 6-digit code from your authenticator app.")},
        widget=one_time_code_input(),
    )

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not (token.isascii() and token.isdigit() and len(token) == 6):
            raise forms.ValidationError(_("The code is 6 digits, such as 123456."))
        return token


class EnrolmentCodeForm(forms.Form):
    """The one-time enrolment code, e-mailed or issued by an administrator (accounts.enrolment)."""

    code = forms.CharField(
        label=_("Enrolment code"),
        help_text=_("The 8-digit code e-mailed to you, or given to you by the technical team (Tổ kỹ thuật)."),
        max_length=32,
        error_messages={"required": _("Enter the 8-digit enrolment code.")},
        widget=one_time_code_input(),
    )

    def clean_code(self):
        code = enrolment.normalise(self.cleaned_data["code"])
        if not (code.isascii() and code.isdigit() and len(code) == enrolment.CODE_DIGITS):
            raise forms.ValidationError(_("The enrolment code is 8 digits, such as 1234 5678."))
        return code


class PortalLoginForm(LoginForm):
    """Wagtail's login form with a translated label on the password (it has none of its own)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
