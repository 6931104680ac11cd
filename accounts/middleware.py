"""Security middleware: headers per area, idle session expiry, the second factor."""

import time
from urllib.parse import urlencode

from csp.constants import HEADER
from csp.middleware import CSPMiddleware, PolicyParts

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from . import second_factor


def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware with one policy for public pages and another for the admin.

    Public pages get CONTENT_SECURITY_POLICY: no inline script or style, and no nonce, so the
    shared page cache can serve one response to everyone. The Wagtail admin gets
    PORTAL_ADMIN_CONTENT_SECURITY_POLICY. A response that may be framed by the admin (Wagtail
    marks previews X-Frame-Options: SAMEORIGIN) gets ``frame-ancestors 'self'``; every other
    one ``frame-ancestors 'none'``. Also adds Permissions-Policy to every response.

    A preview is rendered by Wagtail through the whole middleware stack as a request for the
    page's public address, then returned by an admin view: the policy chosen on that inner pass
    (the public one, so editors see the page as readers will) is kept, and only its
    frame-ancestors follows the X-Frame-Options the admin view finally set.
    """

    AREA = "_portal_csp_area"

    def process_response(self, request, response):
        area = getattr(response, self.AREA, None)
        if area is None:
            area = "admin" if request.path_info.startswith(admin_prefix()) else "public"
            setattr(response, self.AREA, area)
        elif HEADER in response:
            del response[HEADER]  # Ours, from the inner pass: build it again for the final headers.
        response = super().process_response(request, response)
        policy = getattr(settings, "PORTAL_PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if parts.config is None and getattr(response, self.AREA, "public") == "admin":
            parts.config = settings.PORTAL_ADMIN_CONTENT_SECURITY_POLICY
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts


class IdleSessionMiddleware:
    """Signed-in sessions expire SESSION_COOKIE_AGE seconds after the last request.

    Renewing means saving the session, so only sessions of signed-in users are touched, and at
    most once a minute: an anonymous reader never gets a session (nor a cookie) from this.
    """

    RENEW_EVERY = 60
    KEY = "_accounts_renewed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY):
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.RENEW_EVERY:
                session[self.KEY] = now
        return self.get_response(request)


# Admin views reachable before the second factor: signing in and out, the 2FA pages themselves,
# and the admin's JavaScript catalogue and icons those pages load.
OPEN_URL_NAMES = {"wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_javascript_catalog", "wagtailadmin_sprite"}
OPEN_NAMESPACES = {"accounts_2fa"}
# The sign-in pages a restricted page or document sends its reader to: the admin's, and the one
# Wagtail's view restrictions use (wagtailcore_login, ``/_util/login/``).
SIGN_IN_URL_NAMES = {"wagtailadmin_login", "wagtailcore_login"}


def anonymous_reader() -> AnonymousUser:
    """An anonymous user as django-otp's middleware leaves one: never verified."""
    user = AnonymousUser()
    user.is_verified = lambda: False
    return user


class SecondFactorMiddleware:
    """Users who must use a second factor (or chose to) and have not passed it in this session.

    - In the admin they are sent to the enrolment page (no confirmed device yet) or to the
      verification page, either of which returns them where they were going.
    - Everywhere else they are anonymous readers: ``request.user`` is AnonymousUser, so no page
      view restriction (login or groups), private document or anything else that asks who the
      reader is opens on the password alone. Public pages are served as to anyone.
    - The sign-in pages that restricted content links to send them to the second factor, and
      back to that content afterwards, instead of asking for the password again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = self.step_for(request)
        if step is None:
            return self.get_response(request)
        match = self.resolve(request)
        url_name = match.url_name if match else None
        if url_name in SIGN_IN_URL_NAMES and request.method == "GET":
            return redirect(self.step_url(step, request.GET.get("next") or admin_prefix()))
        if request.path_info.startswith(admin_prefix()):
            if self.is_open(match):
                return self.get_response(request)
            following = request.get_full_path() if request.method == "GET" else admin_prefix()
            return redirect(self.step_url(step, following))
        reader = anonymous_reader()
        request.user = reader

        async def auser():
            return reader

        request.auser = auser
        return self.get_response(request)

    @staticmethod
    def step_for(request) -> str | None:
        """The URL name of the step this session still owes (enrol or verify), or None."""
        if not second_factor.is_enforced():
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        device = second_factor.confirmed_device(user)
        if device is not None:
            return "accounts_2fa:verify"
        if second_factor.is_required(user):
            return "accounts_2fa:enrol"
        return None

    @staticmethod
    def step_url(step: str, following: str) -> str:
        # The step pages check ``next`` again before following it (accounts.views._next_url).
        return reverse(step) + "?" + urlencode({"next": following})

    @staticmethod
    def resolve(request):
        try:
            return resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None

    @staticmethod
    def is_open(match) -> bool:
        if match is None:
            return False
        return match.url_name in OPEN_URL_NAMES or bool(set(match.namespaces) & OPEN_NAMESPACES)
