"""Citizens' questions (Hỏi đáp – Góp ý): topics, the submissions the board reviews, and the
published question-and-answer pages.

A submission (``Question``) keeps the asker's contact details and never leaves the admin; what
the public sees is a ``QuestionPage`` the board writes from it, with the asker's initials only.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from core.pages import BasePage, SectionIndexPage
from core.pagination import paginate
from core.text import slugify_vi

LISTING_PER_PAGE = 20
TOPIC_PARAMETER = "chu-de"
THANKS_PARAMETER = "da-gui"
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


class QuestionIndexPage(SectionIndexPage):
    """ "Hỏi đáp – Góp ý": the form citizens ask with, and the questions the board answered."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["questions.QuestionPage"]

    class Meta:
        verbose_name = _("questions and answers index")
        verbose_name_plural = _("questions and answers indexes")

    def answered_questions(self):
        return (
            QuestionPage.objects.child_of(self)
            .live()
            .public()
            .select_related("topic", "answering_unit")
            .order_by("-answered_on", "-pk")
        )

    def get_context(self, request, *args, form=None, **kwargs):
        from .forms import QuestionForm, read_thanks

        context = super().get_context(request, *args, **kwargs)
        topics = list(QuestionTopic.objects.all())
        questions = self.answered_questions()
        topic_slug = request.GET.get(TOPIC_PARAMETER, "").strip()[:80]
        current_topic = next((topic for topic in topics if topic.slug == topic_slug), None)
        notices = []
        if topic_slug and current_topic is None:
            notices.append(_("There is no topic “%(topic)s”: every question is shown.") % {"topic": topic_slug})
        if current_topic is not None:
            questions = questions.filter(topic=current_topic)
        context.update(
            form=form or QuestionForm(),
            topics=topics,
            current_topic=current_topic,
            filter_notices=notices,
            questions=paginate(request, questions, LISTING_PER_PAGE),
            thanks=read_thanks(request.GET.get(THANKS_PARAMETER, "")),
            topic_parameter=TOPIC_PARAMETER,
        )
        return context

    def serve(self, request, *args, **kwargs):
        from .views import receive_question

        if request.method == "POST":
            response = receive_question(request, self)
        else:
            response = super().serve(request, *args, **kwargs)
        # The page holds a form with a CSRF token (and maybe a thank-you note): never a shared cache.
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response


class QuestionPage(BasePage):
    """A published question and the board's answer."""

    question = models.TextField(
        _("question"),
        max_length=3000,
        help_text=_("As published: remove any personal details the asker wrote in the question."),
    )
    asker_name = models.CharField(
        _("asked by"),
        max_length=60,
        blank=True,
        help_text=_("Initials or a first name only, e.g. “N.V.A.”; never the asker's contact details."),
    )
    asked_on = models.DateField(_("asked on"), default=timezone.localdate)
    topic = models.ForeignKey(
        QuestionTopic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pages",
    )
    answer = RichTextField(_("answer"), features=ANSWER_FEATURES)
    answered_on = models.DateField(_("answered on"), default=timezone.localdate, db_index=True)
    answering_unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("answering unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_questions",
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("question"), FieldPanel("asker_name"), FieldPanel("asked_on"), FieldPanel("topic")],
            heading=_("Question"),
        ),
        MultiFieldPanel(
            [FieldPanel("answer"), FieldPanel("answered_on"), FieldPanel("answering_unit")], heading=_("Answer")
        ),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("question", boost=2),
        index.SearchField("answer"),
        index.FilterField("answered_on"),
        index.FilterField("topic"),
    ]

    parent_page_types = ["questions.QuestionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")

    def get_meta_description(self):
        return self.search_description or self.question[:300]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["question_index"] = self.get_parent() if self.path else None
        return context


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
        QuestionPage,
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
