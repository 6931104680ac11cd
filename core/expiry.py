"""Pages past their expiry time (Wagtail's ``expire_at``) are gone for readers at that very time.

Wagtail unpublishes an expired page only when its ``publish_scheduled`` command runs (cron);
until then the page is still live. Every public listing, feed, sitemap, search and API answer
filters with ``unexpired_q()``, and the page-serving hook (core.wagtail_hooks) answers 404 at
the page's own address, as for an unpublished page. The page cache retires what it stored
before the moment (pagecache.version).
"""

from django.db.models import Q
from django.utils import timezone


def unexpired_q(now=None, prefix: str = "") -> Q:
    """Pages whose expiry time has not come; ``prefix`` reaches them through a relation ("page__")."""
    now = now or timezone.now()
    return Q(**{f"{prefix}expire_at__isnull": True}) | Q(**{f"{prefix}expire_at__gt": now})


def has_expired(expire_at, now=None) -> bool:
    """Whether a page with this expiry time is gone for readers (the Python twin of ``unexpired_q``)."""
    return expire_at is not None and expire_at <= (now or timezone.now())
