"""Spam protection for the public form, with no third party: a signed start time, a rate limit
per client address, and the client address kept only as an HMAC.

(The honeypot field itself is in ``forms.QuestionForm``.)
"""

import hashlib
import hmac
import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from accounts.network import client_ip

from .submissions import Question

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


def is_rate_limited(address_hash: str) -> bool:
    """Whether this address sent RATE_LIMIT questions in the last RATE_WINDOW_SECONDS.

    Counted from the questions themselves (each keeps its sender's hash and time), not in the
    cache: with Redis down every cache call answers as a miss (pagecache.backends), so a count
    kept there let every question through. Refusing every question while Redis is down (failing
    closed) would turn citizens away for a fault of ours; the database holds the count anyway,
    for one query on the created_at index per question sent.
    """
    since = timezone.now() - timedelta(seconds=RATE_WINDOW_SECONDS)
    return Question.objects.filter(client_hash=address_hash, created_at__gte=since).count() >= RATE_LIMIT
