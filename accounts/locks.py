"""What administrators see of the lockout and what they unlock (accounts.views.SecurityView)."""

from dataclasses import dataclass, field
from datetime import datetime

from axes.models import AccessAttempt
from axes.utils import reset

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db.models import Max, Sum
from django.utils import timezone

from wagtail.log_actions import log

from .view_restrictions import describe

UNLOCKED = "accounts.unlock"


@dataclass
class Tried:
    """One account name (or page or collection password) tried from a locked address."""

    name: str
    failures: int
    label: str | None = None  # for a page or collection password


@dataclass
class Lock:
    """A locked address: AXES_FAILURE_LIMIT failures within the cool-off, whatever names it tried.

    An account name locked from an address always locks that address too (one limit for
    both), so the address is what administrators see and unlock.
    """

    ip_address: str
    failures: int
    last_attempt: datetime
    tried: list[Tried] = field(default_factory=list)

    @property
    def unlocks_at(self) -> datetime:
        return self.last_attempt + settings.AXES_COOLOFF_TIME


def current_locks() -> list[Lock]:
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    locks = {
        row["ip_address"]: Lock(row["ip_address"], row["failures"], row["last_attempt"])
        for row in recent.exclude(ip_address__isnull=True)
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    }
    names = (
        recent.filter(ip_address__in=list(locks))
        .values("ip_address", "username")
        .annotate(failures=Sum("failures_since_start"))
        .order_by("-failures", "username")
    )
    for row in names:
        name = row["username"] or ""
        locks[row["ip_address"]].tried.append(Tried(name, row["failures"], describe(name)))
    return list(locks.values())


def is_valid(kind: str, value: str) -> bool:
    if kind == "username":
        return bool(value)
    if kind == "ip":
        try:
            validate_ipv46_address(value)
        except ValidationError:
            return False
        return True
    return False


def unlock(kind: str, value: str, user) -> int:
    """Forget the failures of one address, or of one account name from every address.

    Returns how many records were removed; the audit log keeps who unlocked what.
    """
    if not is_valid(kind, value):
        raise ValueError(kind, value)
    lookup = {"username": value} if kind == "username" else {"ip_address": value}
    attempts = AccessAttempt.objects.filter(**lookup)
    latest = attempts.order_by("-attempt_time").first()
    if latest is None:
        return 0
    failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
    removed = reset(username=value) if kind == "username" else reset(ip=value)
    log(latest, UNLOCKED, user=user, title=value, data={"kind": kind, "value": value, "failures": failures})
    return removed
