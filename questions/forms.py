"""The public form citizens ask with, and the signed thank-you address it leads to."""

import re

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from . import spam
from .submissions import Question, QuestionTopic

NAME_MAX = 100
TEXT_MIN = 20
TEXT_MAX = 3000
# 9 to 12 digits, optionally with a leading +84 and spaces, dots or dashes between groups.
_PHONE = re.compile(r"^\+?[0-9][0-9 .\-]{7,18}[0-9]$")
# The thank-you address carries the signed reference of the question just received.
THANKS_PARAMETER = "da-gui"
_THANKS_SALT = "questions.thanks"
THANKS_MAX_AGE = 24 * 60 * 60


class QuestionForm(forms.Form):
    """The public form. Every message a reader may see is in plain Vietnamese (via the catalogue)."""

    name = forms.CharField(
        label=_("Full name"),
        max_length=NAME_MAX,
        error_messages={
            "required": _("Please enter your full name."),
            "max_length": _("The name is too long: at most %(limit_value)d characters."),
        },
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("The answer is sent here. It is never published."),
        error_messages={
            "required": _("Please enter your e-mail address, so that the board can answer you."),
            "invalid": _("This is not a valid e-mail address, e.g. ten@example.com."),
            "max_length": _("The e-mail address is too long."),
        },
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=20,
        help_text=_("Only if you want the board to be able to call you. It is never published."),
        error_messages={"max_length": _("The phone number is too long.")},
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=QuestionTopic.objects.filter(is_active=True),
        empty_label=_("– Choose a topic –"),
        error_messages={
            "required": _("Please choose the topic of your question."),
            "invalid_choice": _("Please choose a topic from the list."),
        },
    )
    text = forms.CharField(
        label=_("Your question or comment"),
        min_length=TEXT_MIN,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Between %(min)d and %(max)d characters.") % {"min": TEXT_MIN, "max": TEXT_MAX},
        error_messages={
            "required": _("Please write your question."),
            "min_length": _("The question is too short: write at least %(limit_value)d characters."),
            "max_length": _("The question is too long: at most %(limit_value)d characters (it has %(show_value)d)."),
        },
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the editorial board keeps my name and contact details to answer me. "
            "Only the question, the answer and my initials may be published."
        ),
        error_messages={"required": _("Please agree to how your details are used, or the board cannot answer you.")},
    )
    # The honeypot: hidden from people (and from screen readers) by the template, offered to bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = spam.start_token()
        for name, field in self.fields.items():
            if name in {"website", "started"}:
                continue
            described_by = [f"id_{name}_help"] if field.help_text else []
            field.widget.attrs["aria-describedby"] = " ".join([*described_by, f"id_{name}_errors"])
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["text"].widget.attrs.update(maxlength=TEXT_MAX)
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def fresh_token(self):
        """Give the re-shown form a new start time (the old one may be the reason it failed)."""
        data = self.data.copy()
        data["started"] = spam.start_token()
        self.data = data

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and (not _PHONE.match(phone) or not 9 <= sum(c.isdigit() for c in phone) <= 12):
            raise forms.ValidationError(_("This is not a valid phone number, e.g. 0912 345 678."), code="invalid")
        return phone

    def clean_text(self):
        return self.cleaned_data["text"].strip()

    def clean(self):
        cleaned = super().clean()
        if self.data.get("website"):
            raise forms.ValidationError(
                _("The question could not be sent: the field “Leave this field empty” must stay empty."),
                code="honeypot",
            )
        elapsed = spam.elapsed_seconds(self.data.get("started", ""))
        if elapsed is None:
            raise forms.ValidationError(
                _("The form has expired. Please check your question and send it again."), code="stale"
            )
        if elapsed < spam.MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("The form was sent too quickly. Please check your question and send it again."), code="too_fast"
            )
        return cleaned

    def is_spam_trap(self) -> bool:
        return any(error.code in {"honeypot", "too_fast"} for error in self.errors.as_data().get("__all__", []))


def thanks_token(question: Question) -> str:
    return signing.dumps(question.reference, salt=_THANKS_SALT)


def read_thanks(token: str) -> str:
    """The reference a thank-you address carries, or "" when there is none or it is forged."""
    if not token:
        return ""
    try:
        reference = signing.loads(token[:200], salt=_THANKS_SALT, max_age=THANKS_MAX_AGE)
    except signing.BadSignature:
        return ""
    return reference if isinstance(reference, str) else ""
