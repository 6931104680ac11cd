"""Spam protection for the public form, with no third party: a signed start time, a rate limit
per client address, and the client address kept only as an HMAC.

(The honeypot field itself is in ``forms.QuestionForm``.)
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from accounts.network import client_ip

# A person needs longer than this to read the form and write a question; scripts post at once.
MIN_FILL_SECONDS = 4
# A form left open longer than this is stale: its token is refused and a fresh one given.
MAX_FORM_AGE_SECONDS = 6 * 60 * 60
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 60 * 60
_SALT = "questions.form-started"


def now() -> float:
    return time.time()


def start_token(at: float | None = None) -> str:
    """A signed record of when the form was shown."""
    return signing.dumps(int(at if at is not None else now()), salt=_SALT)


def elapsed_seconds(token: str) -> float | None:
    """Seconds since ``token`` was made, or None when it is missing, forged or stale."""
    try:
        started = signing.loads(token or "", salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(started, int):
        return None
    elapsed = now() - started
    if elapsed < 0 or elapsed > MAX_FORM_AGE_SECONDS:
        return None
    return elapsed


def client_address(request) -> str:
    """The sender's address, as the login lockout sees it (behind trusted proxies too)."""
    return (client_ip(request) or "")[:64]


def client_hash(request) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"questions:{client_address(request)}".encode(), hashlib.sha256).hexdigest()


def _rate_key(address_hash: str) -> str:
    # One counter per address and window, so a window's count expires with it.
    window = int(now() // RATE_WINDOW_SECONDS)
    return f"questions:rate:{address_hash}:{window}"


def is_rate_limited(address_hash: str) -> bool:
    return (cache.get(_rate_key(address_hash)) or 0) >= RATE_LIMIT


def count_submission(address_hash: str) -> None:
    key = _rate_key(address_hash)
    if not cache.add(key, 1, RATE_WINDOW_SECONDS * 2):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, RATE_WINDOW_SECONDS * 2)
