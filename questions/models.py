"""Citizens' questions (Hỏi đáp – Góp ý): the index page with the public form, and the published
question-and-answer pages (the topics and the submissions the board reviews: submissions.py).

A submission (``Question``) keeps the asker's contact details and never leaves the admin; what
the public sees is a ``QuestionPage`` the board writes from it, with the asker's initials only.
"""

from django.db import models
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from core.expiry import unexpired_q
from core.pages import BasePage, SectionIndexPage
from core.pagination import paginate

from .forms import THANKS_PARAMETER, QuestionForm, read_thanks
from .serving import receive_question
from .submissions import ANSWER_FEATURES, QuestionTopic

LISTING_PER_PAGE = 20
TOPIC_PARAMETER = "chu-de"


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
            .filter(unexpired_q())
            .select_related("topic", "answering_unit")
            .order_by("-answered_on", "-pk")
        )

    def get_context(self, request, *args, form=None, **kwargs):
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
