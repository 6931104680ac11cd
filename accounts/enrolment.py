"""Enrolment codes: what proves, beyond the password, that a person may add an authenticator app.

Whoever first knew an account's password (a shared default, a leaked list) could otherwise bind
their own phone to it for good. A code is e-mailed to the account's address, or issued by an
administrator under *Bảo mật đăng nhập* and shown to them once; it works once, for
``PORTAL_2FA_ENROLMENT_CODE_MINUTES`` (15) minutes, and ``MAX_FAILURES`` wrong tries burn it. Only a
keyed hash (HMAC with SECRET_KEY and the user's id) is stored: the database alone never gives a
usable code. A new code replaces the earlier ones.
"""

import enum
import logging
import math
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from core.text import person_name

from .models import EnrolmentCode

logger = logging.getLogger(__name__)

CODE_DIGITS = 8
MAX_FAILURES = 5
# E-mailed codes: at most one a minute and a few an hour, so a password alone cannot flood the
# owner's mailbox (every e-mail also tells the owner that someone has the password).
RESEND_SECONDS = 60
EMAILS_PER_HOUR = 5
# Audit log action, on the user the code is for (its digits are never logged).
ISSUED = "accounts.enrolment_code_issued"
# Spent and expired codes are kept this long, so that a late try is told "used" or "expired".
KEEP_FOR = timedelta(days=1)


class Outcome(enum.Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    EXPIRED = "expired"
    USED = "used"
    BURNT = "burnt"  # too many wrong tries on it


def validity() -> timedelta:
    return timedelta(minutes=getattr(settings, "PORTAL_2FA_ENROLMENT_CODE_MINUTES", 15))


def validity_minutes() -> int:
    return int(validity().total_seconds() // 60)


def normalise(code: str) -> str:
    """The digits of a code as typed: spaces and dashes (``1234 5678``, ``1234-5678``) dropped."""
    return "".join(code.replace("-", " ").split())


def for_display(code: str) -> str:
    return f"{code[:4]} {code[4:]}"


def _digest(user, code: str) -> str:
    return salted_hmac("accounts.enrolment", f"{user.pk}:{code}", algorithm="sha256").hexdigest()


def issue(user, issued_by=None) -> str:
    """A new code for ``user`` (the earlier ones stop working); returns it, digits only."""
    now = timezone.now()
    EnrolmentCode.objects.filter(user=user, expires_at__lt=now - KEEP_FOR).delete()
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    EnrolmentCode.objects.create(
        user=user, digest=_digest(user, code), issued_by=issued_by, created_at=now, expires_at=now + validity()
    )
    return code


def withdraw(user) -> None:
    """Every code of the user stops working (their second factor was reset or added)."""
    now = timezone.now()
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)


def redeem(user, code: str) -> Outcome:
    """Spend ``code`` if it is the user's live code; otherwise say why not."""
    now = timezone.now()
    match = EnrolmentCode.objects.filter(user=user, digest=_digest(user, normalise(code))).order_by("-pk").first()
    if match is None:
        return _count_failure(user, now)
    if match.used_at is not None:
        return Outcome.USED
    if match.failures >= MAX_FAILURES:
        return Outcome.BURNT
    if match.expires_at <= now:
        return Outcome.EXPIRED
    # Conditional, so that two requests racing with one code cannot both spend it.
    spent = EnrolmentCode.objects.filter(pk=match.pk, used_at__isnull=True).update(used_at=now)
    return Outcome.ACCEPTED if spent else Outcome.USED


def _count_failure(user, now) -> Outcome:
    live = (
        EnrolmentCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now, failures__lt=MAX_FAILURES)
        .order_by("-pk")
        .first()
    )
    if live is None:
        return Outcome.WRONG
    EnrolmentCode.objects.filter(pk=live.pk).update(failures=F("failures") + 1)
    return Outcome.BURNT if live.failures + 1 >= MAX_FAILURES else Outcome.WRONG


def wait_before_emailing(user) -> int:
    """Seconds before another code may be e-mailed to the user (0: now)."""
    now = timezone.now()
    recent = list(
        EnrolmentCode.objects.filter(user=user, issued_by__isnull=True, created_at__gt=now - timedelta(hours=1))
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:EMAILS_PER_HOUR]
    )
    until = now
    if recent:
        until = max(until, recent[0] + timedelta(seconds=RESEND_SECONDS))
    if len(recent) >= EMAILS_PER_HOUR:
        until = max(until, recent[-1] + timedelta(hours=1))
    return math.ceil((until - now).total_seconds())


def email_code(user) -> bool:
    """E-mail a new code to the user's address; False when it could not be sent."""
    if not user.email:
        return False
    code = issue(user)
    context = {
        "name": person_name(user),
        "username": user.get_username(),
        "code": for_display(code),
        "minutes": validity_minutes(),
        "base_url": getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("accounts/emails/enrolment_code.txt", context).strip()
    subject, _sep, text = body.partition("\n")
    try:
        return send_mail(subject.strip(), text.strip(), None, [user.email]) > 0
    except OSError:
        logger.exception("Could not e-mail an enrolment code to %s", user.email)
        withdraw(user)
        return False


def masked_email(address: str) -> str:
    """``bientap@thachha.example`` as ``b•••••p@thachha.example``: enough for its owner to recognise."""
    local, _sep, domain = address.partition("@")
    if len(local) <= 2:
        hidden = local[:1] + "•" * max(len(local) - 1, 1)
    else:
        hidden = local[0] + "•" * (len(local) - 2) + local[-1]
    return f"{hidden}@{domain}"
