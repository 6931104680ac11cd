"""Telling an account's owner that someone is guessing its password, and keeping a record of it."""

import logging

from axes.models import AccessAttempt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from core.links import admin_url
from core.text import person_name

logger = logging.getLogger(__name__)

ATTACKED = "accounts.sign_in_attacked"


def failure_counted(username: str | None, ip_address: str | None) -> None:
    """Once an account's failed sign-ins within the cool-off reach the limit, from whatever
    addresses, its owner hears of it by e-mail and the audit log records it on the account.

    Once per cool-off, not per attempt: an attacker who goes on guessing does not flood the
    owner's mailbox. A name that is no account is nobody's business.
    """
    if not username:
        return
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = (
        AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
            total=Sum("failures_since_start")
        )["total"]
        or 0
    )
    if failures < settings.AXES_FAILURE_LIMIT:
        return
    user_model = get_user_model()
    user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
    if user is None:
        return
    if ModelLogEntry.objects.for_instance(user).filter(action=ATTACKED, timestamp__gte=since).exists():
        return
    notified = _tell_owner(user, failures, ip_address)
    log(user, ATTACKED, data={"ip_address": ip_address, "failures": failures, "notified": notified})


def _tell_owner(user, failures: int, ip_address: str | None) -> bool:
    if not (user.is_active and user.email):
        return False
    context = {
        "name": person_name(user),
        "username": user.get_username(),
        "failures": failures,
        "ip_address": ip_address or "?",
        "time": timezone.localtime(),
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "limit": settings.AXES_FAILURE_LIMIT,
        "admin_url": admin_url("wagtailadmin_home"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("accounts/emails/sign_in_attacked.txt", context).strip()
    subject, _sep, text = body.partition("\n")
    try:
        return send_mail(subject.strip(), text.strip(), None, [user.email]) > 0
    except OSError:
        logger.exception("Could not tell %s that their account is being guessed", user.email)
        return False
