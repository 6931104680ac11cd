"""Login lockout (django-axes): how failures are kept and forgotten, and the page a locked-out person sees.

The settings (AXES_* in portal/settings/base.py) lock one account name from one address, and one
address whatever names it tries: a guess from elsewhere never locks the real user out, and a
failure during a lockout does not extend it.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from . import alerts


def cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_out_page(request, back_url: str | None = None):
    """Status 429 with the Vietnamese notice; the link leads back to ``back_url``, or to the sign-in page.

    The same words whether the account exists or not, and whether the account name or the
    address tripped the lock: the page tells an attacker nothing.
    """
    context = {"minutes": cooloff_minutes(), "back_url": back_url}
    # Rendered now: axes returns it from its middleware, after Django renders template responses.
    response = render(request, "accounts/locked_out.html", context, status=429)
    add_never_cache_headers(response)
    return response


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the locked-out page, leading back to Wagtail's sign-in page."""
    return locked_out_page(request)


class LockoutHandler(AxesDatabaseHandler):
    """AXES_HANDLER: django-axes' database handler, with two changes.

    - A successful sign-in forgets only that account's failures from that address. Axes would
      forget every failure of the address too, so anyone holding one valid account could sign
      in with it between guesses and never reach the address's limit.
    - Every failure it counts (not those refused during a lockout) may tell the account's owner
      that someone is guessing their password (``alerts.failure_counted``).
    """

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        count, _deleted = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        refused_during_lockout = getattr(request, "axes_locked_out", False)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not refused_during_lockout:
            alerts.failure_counted(get_client_username(request, credentials), request.axes_ip_address)
