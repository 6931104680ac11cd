"""Login lockout (django-axes): the page a locked-out person sees, and what administrators unlock."""

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from axes.utils import reset

from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers


def cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: Wagtail's sign-in page with a Vietnamese notice, status 429.

    The same words whether the account exists or not, and whether the account name or the
    address tripped the lock: the page tells an attacker nothing.
    """
    # Rendered now: axes returns it from its middleware, after Django renders template responses.
    response = render(request, "accounts/locked_out.html", {"minutes": cooloff_minutes()}, status=429)
    add_never_cache_headers(response)
    return response


@dataclass
class Lock:
    kind: str  # "username" or "ip"
    value: str
    failures: int
    last_attempt: datetime

    @property
    def unlocks_at(self) -> datetime:
        return self.last_attempt + settings.AXES_COOLOFF_TIME


def current_locks() -> list[Lock]:
    """Account names and addresses locked now: at least AXES_FAILURE_LIMIT failures within the cool-off."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    locks = []
    for kind, field in (("username", "username"), ("ip", "ip_address")):
        rows = (
            recent.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
            .order_by("-last_attempt")
        )
        locks.extend(Lock(kind, row[field], row["failures"], row["last_attempt"]) for row in rows)
    return locks


def unlock(kind: str, value: str) -> int:
    """Forget the failed attempts of one account name or one address; returns how many were removed."""
    if kind == "username":
        return reset(username=value)
    if kind == "ip":
        return reset(ip=value)
    raise ValueError(kind)
