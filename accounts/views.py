"""The second-factor pages (enrol, verify, one's own status) and the administrators' security page."""

import math
import time

import django_otp

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from . import enrolment, lockout, locks, second_factor
from .forms import EnrolmentCodeForm, TokenForm

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


# Set in the session once an enrolment code was accepted: the user, and until when (epoch seconds)
# they may add their app with the key then shown.
ENROLMENT_PROOF = "accounts_enrolment_proof"

CODE_REFUSALS = {
    enrolment.Outcome.WRONG: gettext_lazy("The enrolment code is wrong. Check it, or ask for a new one."),
    enrolment.Outcome.EXPIRED: gettext_lazy(
        "This enrolment code has expired or was replaced by a newer one. Ask for a new code."
    ),
    enrolment.Outcome.USED: gettext_lazy(
        "This enrolment code has already been used. Each code works only once: ask for a new one."
    ),
    enrolment.Outcome.BURNT: gettext_lazy(
        "Too many wrong codes: this enrolment code no longer works. Ask for a new one."
    ),
}


def enrolment_proven(request) -> bool:
    proof = request.session.get(ENROLMENT_PROOF) or {}
    return proof.get("user") == request.user.pk and proof.get("until", 0) > time.time()


class EnrolView(SecondFactorStepView):
    """Add an authenticator app, in two steps.

    First the one-time enrolment code (e-mailed on request, or issued by an administrator):
    the password alone never binds a phone to the account. Then the QR code and the key of a
    fresh device, and one code from the app to prove it works.
    """

    template_name = "accounts/enrol.html"
    code_template_name = "accounts/enrol_code.html"

    def device(self, request):
        if second_factor.confirmed_device(request.user) is not None:
            return None
        return second_factor.pending_device(request.user)

    def elsewhere(self, request):
        return reverse("accounts_2fa:verify") + "?" + urlencode({"next": _next_url(request)})

    def here(self, request):
        return reverse("accounts_2fa:enrol") + "?" + urlencode({"next": _next_url(request)})

    def get(self, request):
        if second_factor.confirmed_device(request.user) is not None:
            return redirect(self.elsewhere(request))
        if not enrolment_proven(request):
            return self.render_code_step(request, EnrolmentCodeForm())
        return super().get(request)

    def post(self, request):
        if second_factor.confirmed_device(request.user) is not None:
            return redirect(self.elsewhere(request))
        if "send_code" in request.POST:
            self.send_code(request)
            return redirect(self.here(request))
        if not enrolment_proven(request):
            return self.check_code(request)
        return super().post(request)

    def render_code_step(self, request, form, status=200):
        user = request.user
        context = {
            "form": form,
            "next": _next_url(request),
            "required": second_factor.is_required(user),
            "email": enrolment.masked_email(user.email) if user.email else "",
            "minutes": enrolment.validity_minutes(),
        }
        return TemplateResponse(request, self.code_template_name, context, status=status)

    def send_code(self, request):
        user = request.user
        if not user.email:
            messages.error(
                request, _("Your account has no e-mail address. Ask the technical team (Tổ kỹ thuật) for a code.")
            )
            return
        wait = enrolment.wait_before_emailing(user)
        if wait:
            minutes = math.ceil(wait / 60)
            messages.warning(
                request,
                ngettext(
                    "A code was sent a moment ago. Wait %(minutes)d minute before asking for another one.",
                    "A code was sent a moment ago. Wait %(minutes)d minutes before asking for another one.",
                    minutes,
                )
                % {"minutes": minutes},
            )
        elif enrolment.email_code(user):
            messages.success(
                request,
                _("A code was sent to %(email)s. It works once, within %(minutes)d minutes.")
                % {"email": enrolment.masked_email(user.email), "minutes": enrolment.validity_minutes()},
            )
        else:
            messages.error(
                request,
                _("The e-mail could not be sent. Try again later, or ask the technical team (Tổ kỹ thuật) for a code."),
            )

    def check_code(self, request):
        form = EnrolmentCodeForm(request.POST)
        if not form.is_valid():
            return self.render_code_step(request, form, status=400)
        outcome = enrolment.redeem(request.user, form.cleaned_data["code"])
        if outcome is not enrolment.Outcome.ACCEPTED:
            form.add_error("code", CODE_REFUSALS[outcome])
            status = 429 if outcome is enrolment.Outcome.BURNT else 400
            return self.render_code_step(request, form, status=status)
        second_factor.new_pending_device(request.user)
        request.session[ENROLMENT_PROOF] = {
            "user": request.user.pk,
            "until": int(time.time() + enrolment.validity().total_seconds()),
        }
        return redirect(self.here(request))

    def extra_context(self, request, device):
        return {
            "qr_svg": second_factor.qr_code_svg(device),
            "secret": second_factor.secret_for_display(device),
            "required": second_factor.is_required(request.user),
        }

    def confirmed(self, request, device):
        second_factor.confirm(device)
        request.session.pop(ENROLMENT_PROOF, None)
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
        # request.user is django-otp's lazy wrapper around Django's: the audit log needs the model itself.
        me = get_user_model().objects.get(pk=request.user.pk)
        second_factor.reset_devices(me, by=me)
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
        return self.render_to_response(self.get_context_data(**self.state(request)))

    def state(self, request) -> dict:
        user_model = get_user_model()
        enrolled = (
            user_model.objects.filter(totpdevice__confirmed=True)
            .distinct()
            .order_by("username")
            .only("username", "first_name", "last_name")
        )
        return {
            "locks": locks.current_locks(),
            "enrolled": enrolled,
            "waiting": second_factor.required_without_device().only("username", "first_name", "last_name"),
            "cooloff_minutes": lockout.cooloff_minutes(),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "code_minutes": enrolment.validity_minutes(),
            "can_unlock": request.user.has_perm(UNLOCK_PERMISSION),
            "can_reset": request.user.has_perm(RESET_DEVICE_PERMISSION),
        }

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
                second_factor.reset_devices(user, by=request.user)
                messages.success(
                    request,
                    _(
                        "Two-step verification of “%(user)s” was reset: to add their app again at next sign-in, "
                        "they need a new enrolment code (by e-mail, or issued here)."
                    )
                    % {"user": user.get_username()},
                )
            return redirect("accounts:security")
        if action == "issue_code" and request.user.has_perm(RESET_DEVICE_PERMISSION):
            return self.issue_code(request)
        return forbidden(request)

    def issue_code(self, request):
        """A code shown once, in this response only: never in a message (kept in a cookie) nor a log."""
        username = request.POST.get("username", "").strip()
        user_model = get_user_model()
        user = user_model.objects.filter(**{user_model.USERNAME_FIELD: username}, is_active=True).first()
        if user is None:
            messages.error(request, _("There is no active account “%(user)s”.") % {"user": username})
            return redirect("accounts:security")
        if second_factor.confirmed_device(user) is not None:
            messages.error(
                request,
                _("“%(user)s” already uses two-step verification. If they lost their phone, reset it first.")
                % {"user": username},
            )
            return redirect("accounts:security")
        code = enrolment.issue(user, issued_by=request.user)
        log(user, enrolment.ISSUED, user=request.user)
        issued = {"user": user, "code": enrolment.for_display(code)}
        return self.render_to_response(self.get_context_data(**self.state(request), issued=issued))


def can_manage_security(user) -> bool:
    return user.is_active and (user.has_perm(UNLOCK_PERMISSION) or user.has_perm(RESET_DEVICE_PERMISSION))
