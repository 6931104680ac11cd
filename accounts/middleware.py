"""Security middleware: headers per area, idle session expiry, the second factor in the admin."""

import time
from urllib.parse import urlencode

from csp.constants import HEADER
from csp.middleware import CSPMiddleware, PolicyParts

from django.conf import settings
from django.contrib.auth import SESSION_KEY
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


class SecondFactorMiddleware:
    """In the admin only: users who must use a second factor (or chose to) verify it first.

    Without a confirmed device they are sent to the enrolment page, otherwise to the
    verification page; either returns them where they were going. Public pages are untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        target = self.redirect_for(request)
        if target is not None:
            return redirect(target)
        return self.get_response(request)

    def redirect_for(self, request) -> str | None:
        if not second_factor.is_enforced() or not request.path_info.startswith(admin_prefix()):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if self.is_open(request.path_info):
            return None
        device = second_factor.confirmed_device(user)
        if device is None and not second_factor.is_required(user):
            return None
        step = "accounts_2fa:verify" if device is not None else "accounts_2fa:enrol"
        following = request.get_full_path() if request.method == "GET" else admin_prefix()
        return reverse(step) + "?" + urlencode({"next": following})

    @staticmethod
    def is_open(path: str) -> bool:
        try:
            match = resolve(path)
        except Resolver404:
            return False
        return match.url_name in OPEN_URL_NAMES or bool(set(match.namespaces) & OPEN_NAMESPACES)
