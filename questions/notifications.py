"""E-mails: the board hears of each new question; the asker gets the link to the answer."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from core.links import admin_url, public_url

logger = logging.getLogger(__name__)
NOTIFY_PERMISSION = "questions.notify_new_question"


def _send(template: str, addresses: list[str], context: dict) -> int:
    if not addresses:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(f"questions/emails/{template}.txt", context).strip()
    subject, _sep, text = body.partition("\n")
    sent = 0
    for address in addresses:
        try:
            sent += send_mail(subject.strip(), text.strip(), None, [address])
        except OSError:
            logger.exception("Could not send the %s e-mail to %s", template, address)
    return sent


def board_recipients() -> list[str]:
    """Everyone whose role receives new questions (the editorial board, see editorial/roles.py)."""
    users = get_user_model().objects.with_perm(
        NOTIFY_PERMISSION, include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
    )
    return sorted({user.email for user in users.filter(is_active=True).exclude(email="")})


def notify_board(question) -> int:
    context = {"question": question, "admin_url": admin_url("questions:edit", question.pk)}
    return _send("new_question", board_recipients(), context)


def notify_asker(question, page) -> int:
    return _send("answered", [question.email], {"question": question, "page": page, "page_url": public_url(page)})
