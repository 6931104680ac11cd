"""What citizens send through the public form (``Question``) and the topics they choose from.

Below the pages (models.py): the form and its handling (forms.py, serving.py) use these, and
the index page uses those.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from core.text import slugify_vi

ANSWER_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class QuestionTopic(models.Model):
    """A subject citizens ask about (land, social policy, administrative procedures...)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("code"), max_length=80, unique=True, help_text=_("Used in the address of the public list's filter.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order in lists"), default=100)
    is_active = models.BooleanField(
        _("offered in the form"),
        default=True,
        help_text=_("Topics no longer offered stay on the questions already asked."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order"), FieldPanel("is_active")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("question topic")
        verbose_name_plural = _("question topics")

    def __str__(self):
        return self.name

    def clean(self):
        if self.name and not self.slug:
            self.slug = slugify_vi(self.name)


def initials(full_name: str) -> str:
    """ "Nguyễn Văn An" -> "N.V.A.": how a published question names its asker."""
    parts = [part for part in (full_name or "").split() if part[:1].isalpha()]
    return "".join(f"{part[0].upper()}." for part in parts[:5])


class Question(models.Model):
    """A question or comment sent through the public form, as the board receives it."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        PROCESSING = "processing", _("Being handled")
        ANSWERED = "answered", _("Answered")
        REJECTED = "rejected", _("Not published")
        SPAM = "spam", _("Spam")

    name = models.CharField(_("full name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    topic = models.ForeignKey(
        QuestionTopic, verbose_name=_("topic"), null=True, on_delete=models.SET_NULL, related_name="questions"
    )
    text = models.TextField(_("question"), max_length=3000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    rejection_reason = models.TextField(
        _("reason for not publishing"), blank=True, help_text=_("Required when the question is not published.")
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    # An HMAC of the sender's address: enough to see repeated senders, never the address itself.
    client_hash = models.CharField(_("sender's address (hashed)"), max_length=64, blank=True, editable=False)
    answer = RichTextField(_("answer"), blank=True, features=ANSWER_FEATURES)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    page = models.ForeignKey(
        "questions.QuestionPage",
        verbose_name=_("published page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
        editable=False,
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("citizen's question")
        verbose_name_plural = _("citizens' questions")
        permissions = [("notify_new_question", "Can receive e-mails about new questions")]

    def __str__(self):
        text = " ".join(self.text.split())
        return f"{self.reference} – {text[:60]}{'…' if len(text) > 60 else ''}"

    @property
    def reference(self) -> str:
        """ "HD-2026-00012": the number the asker is given to quote."""
        if not self.pk:
            return ""
        year = timezone.localtime(self.created_at).year if self.created_at else timezone.localdate().year
        return f"HD-{year}-{self.pk:05d}"

    reference.fget.short_description = _("reference")

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.NEW, self.Status.PROCESSING}

    def clean(self):
        super().clean()
        if self.status == self.Status.REJECTED and not self.rejection_reason.strip():
            raise ValidationError({"rejection_reason": _("Give the reason the question is not published.")})
        if self.status == self.Status.ANSWERED and not self.page_id:
            raise ValidationError(
                {"status": _("A question is answered by publishing its answer (“Answer and publish”).")}
            )
