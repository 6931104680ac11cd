"""The client's address, as the lockout counts it."""

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or the address the trusted reverse proxies saw.

    ``X-Forwarded-For`` is written by the client first and by each proxy after it, so only its
    last ``PORTAL_TRUSTED_PROXY_COUNT`` entries can be believed: the entry that many places from
    the end is the address that connected to the first of our proxies. Without trusted proxies
    the header is ignored, because anyone can send it.
    """
    trusted = settings.PORTAL_TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < trusted:
        # Fewer entries than proxies: the request did not come through them all.
        return remote
    return forwarded[-trusted]
