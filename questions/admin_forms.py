"""The board's forms in the admin: publishing an answer to a question, or declining to."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.rich_text import get_rich_text_editor_widget

from core.models import Unit

from .forms import TEXT_MAX
from .submissions import ANSWER_FEATURES, Question, QuestionTopic, initials


class AnswerForm(forms.Form):
    """What the board publishes from a question: its public wording and the answer."""

    title = forms.CharField(
        label=_("Title of the published question"),
        max_length=255,
        help_text=_("A short summary of the question, e.g. “Thủ tục cấp đổi giấy chứng nhận quyền sử dụng đất”."),
    )
    question = forms.CharField(
        label=_("Question as published"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Remove any personal details (addresses, phone numbers, names of others)."),
    )
    asker_name = forms.CharField(
        label=_("Asked by (as published)"),
        max_length=60,
        required=False,
        help_text=_("Initials or a first name only."),
    )
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=QuestionTopic.objects.all(), required=False)
    answer = forms.CharField(
        label=_("Answer"),
        widget=get_rich_text_editor_widget(features=ANSWER_FEATURES),
        error_messages={"required": _("Write the answer.")},
    )
    answering_unit = forms.ModelChoiceField(
        label=_("Answering unit"), queryset=Unit.objects.filter(is_active=True), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The editor posts its content as JSON; anything else (a script, an empty post) counts as
        # no answer instead of failing in the widget.
        if self.is_bound and "answer" in self.data:
            try:
                json.loads(self.data["answer"])
            except ValueError:
                data = self.data.copy()
                data.pop("answer")
                self.data = data

    @classmethod
    def initial_for(cls, question: Question) -> dict:
        text = " ".join(question.text.split())
        title = text if len(text) <= 120 else text[:120].rsplit(" ", 1)[0] + "…"
        return {
            "title": title,
            "question": question.text,
            "asker_name": initials(question.name),
            "topic": question.topic_id,
            "answer": question.answer,
        }


class RejectForm(forms.Form):
    rejection_reason = forms.CharField(
        label=_("Reason for not publishing"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Kept with the question for the board; the asker is not e-mailed."),
    )
