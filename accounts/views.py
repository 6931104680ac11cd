"""The second-factor pages (enrol, verify, one's own status) and the administrators' security page."""

import django_otp

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import lockout, locks, second_factor
from .forms import TokenForm

UNLOCK_PERMISSION = "axes.delete_accessattempt"
RESET_DEVICE_PERMISSION = "otp_totp.delete_totpdevice"


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def forbidden(request):
    return TemplateResponse(request, "accounts/forbidden.html", status=403)


class SecondFactorStepView(View):
    """Shared by enrolment and verification: a sign-in step, laid out like Wagtail's login page."""

    template_name = ""

    def device(self, request):
        raise NotImplementedError

    def render(self, request, form, device, status=200):
        context = {"form": form, "next": _next_url(request), **self.extra_context(request, device)}
        return TemplateResponse(request, self.template_name, context, status=status)

    def extra_context(self, request, device):
        return {}

    def get(self, request):
        device = self.device(request)
        if device is None:
            return redirect(self.elsewhere(request))
        return self.render(request, TokenForm(), device)

    def post(self, request):
        device = self.device(request)
        if device is None:
            return redirect(self.elsewhere(request))
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self.render(request, form, device, status=400)
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("Too many wrong codes. Wait a minute, then enter the new code."))
            return self.render(request, form, device, status=429)
        if not device.verify_token(form.cleaned_data["token"]):
            form.add_error(
                "token",
                _("The code is wrong or has expired. Check the time on your phone and enter the new code."),
            )
            return self.render(request, form, device, status=400)
        self.confirmed(request, device)
        django_otp.login(request, device)
        return redirect(_next_url(request))

    def confirmed(self, request, device):
        pass


class EnrolView(SecondFactorStepView):
    """Add an authenticator app: QR code and key, then one code to prove it works."""

    template_name = "accounts/enrol.html"

    def device(self, request):
        if second_factor.confirmed_device(request.user) is not None:
            return None
        return second_factor.pending_device(request.user)

    def elsewhere(self, request):
        return reverse("accounts_2fa:verify") + "?" + urlencode({"next": _next_url(request)})

    def extra_context(self, request, device):
        return {
            "qr_svg": second_factor.qr_code_svg(device),
            "secret": second_factor.secret_for_display(device),
            "required": second_factor.is_required(request.user),
        }

    def confirmed(self, request, device):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        messages.success(request, _("Two-step verification is on. You will enter a code at every sign-in."))


class VerifyView(SecondFactorStepView):
    """The code asked after the password, once per session."""

    template_name = "accounts/verify.html"

    def device(self, request):
        return second_factor.confirmed_device(request.user)

    def elsewhere(self, request):
        return reverse("accounts_2fa:enrol") + "?" + urlencode({"next": _next_url(request)})


class MySecondFactorView(WagtailAdminTemplateMixin, View):
    """One's own two-step verification: on or off; optional for roles that are not required to."""

    page_title = gettext_lazy("Two-step verification")
    header_icon = "key"
    template_name = "accounts/my_second_factor.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request):
        return self.render_to_response(self.get_context_data(**self.state(request)))

    def state(self, request):
        return {
            "device": second_factor.confirmed_device(request.user),
            "required": second_factor.is_required(request.user),
        }

    def post(self, request):
        state = self.state(request)
        if state["required"] or state["device"] is None:
            return forbidden(request)
        second_factor.reset_devices(request.user)
        messages.success(request, _("Two-step verification is off for your account."))
        return redirect("accounts:mine")


class SecurityView(WagtailAdminTemplateMixin, View):
    """For administrators: locked addresses and what they tried, and users' second-factor devices."""

    page_title = gettext_lazy("Sign-in security")
    header_icon = "lock"
    template_name = "accounts/security.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_security(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request):
        user_model = get_user_model()
        enrolled = (
            user_model.objects.filter(totpdevice__confirmed=True)
            .distinct()
            .order_by("username")
            .only("username", "first_name", "last_name")
        )
        context = self.get_context_data(
            locks=locks.current_locks(),
            enrolled=enrolled,
            cooloff_minutes=lockout.cooloff_minutes(),
            failure_limit=settings.AXES_FAILURE_LIMIT,
            can_unlock=request.user.has_perm(UNLOCK_PERMISSION),
            can_reset=request.user.has_perm(RESET_DEVICE_PERMISSION),
        )
        return self.render_to_response(context)

    def post(self, request):
        action = request.POST.get("action")
        if action == "unlock" and request.user.has_perm(UNLOCK_PERMISSION):
            kind, value = request.POST.get("kind", ""), request.POST.get("value", "").strip()
            if not locks.is_valid(kind, value):
                messages.error(request, _("Nothing to unlock: choose an account name or an address from the list."))
            elif locks.unlock(kind, value, request.user):
                messages.success(request, _("Unlocked “%(value)s”: it may sign in again.") % {"value": value})
            else:
                messages.warning(request, _("“%(value)s” was not locked: nothing was changed.") % {"value": value})
            return redirect("accounts:security")
        if action == "reset_device" and request.user.has_perm(RESET_DEVICE_PERMISSION):
            raw = request.POST.get("user", "")
            user = get_user_model().objects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 19 else None
            if user is None:
                messages.error(request, _("This user does not exist any more."))
            else:
                second_factor.reset_devices(user)
                messages.success(
                    request,
                    _("Two-step verification of “%(user)s” was reset: they will add their app again at next sign-in.")
                    % {"user": user.get_username()},
                )
            return redirect("accounts:security")
        return forbidden(request)


def can_manage_security(user) -> bool:
    return user.is_active and (user.has_perm(UNLOCK_PERMISSION) or user.has_perm(RESET_DEVICE_PERMISSION))
