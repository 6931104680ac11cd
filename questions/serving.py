"""The index page's POST (its public form): checked, stored, the board told, then Post/Redirect/Get."""

import logging
from urllib.parse import urlencode

from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import spam
from .forms import THANKS_PARAMETER, QuestionForm, thanks_token
from .notifications import notify_board
from .submissions import Question

logger = logging.getLogger(__name__)


def _render(request, page, form, status):
    context = page.get_context(request, form=form)
    return TemplateResponse(request, page.get_template(request), context, status=status)


def receive_question(request, page):
    form = QuestionForm(request.POST)
    address_hash = spam.client_hash(request)
    if spam.is_rate_limited(address_hash):
        form.is_valid()  # so the form shows what was typed, with its own errors if any
        form.fresh_token()
        form.add_error(
            None,
            _(
                "You have sent %(limit)d questions in the last hour, the most we accept from one connection. "
                "Please send this one later; what you wrote is kept below."
            )
            % {"limit": spam.RATE_LIMIT},
        )
        return _render(request, page, form, status=429)
    if not form.is_valid():
        if form.is_spam_trap():
            logger.info("Question form refused as likely spam (%s)", [e.code for e in form.non_field_errors().data])
        form.fresh_token()
        return _render(request, page, form, status=400)

    data = form.cleaned_data
    with transaction.atomic():
        question = Question.objects.create(
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            topic=data["topic"],
            text=data["text"],
            client_hash=address_hash,
        )
        transaction.on_commit(lambda: notify_board(question))
    query = urlencode({THANKS_PARAMETER: thanks_token(question)})
    return HttpResponseRedirect(f"{page.url}?{query}#cam-on")
