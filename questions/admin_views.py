"""The board's actions on a question: answer and publish, do not publish (with a reason), spam."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from .admin_forms import AnswerForm, RejectForm
from .publishing import answer_and_publish, can_publish_answers, question_index
from .submissions import Question

CHANGE_PERMISSION = "questions.change_question"


def can_manage_questions(user) -> bool:
    return user.is_active and user.has_perm(CHANGE_PERMISSION)


class QuestionActionView(WagtailAdminTemplateMixin, FormView):
    """A form about one open question, for those who manage questions (everyone else: 403)."""

    header_icon = "help"

    def dispatch(self, request, *args, pk=None, **kwargs):
        if not can_manage_questions(request.user):
            raise PermissionDenied
        self.question = get_object_or_404(Question.objects.select_related("topic"), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.question.reference

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("questions:index"), "label": gettext_lazy("Citizens' questions")},
            {"url": reverse("questions:edit", args=[self.question.pk]), "label": self.question.reference},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(question=self.question, **kwargs)

    def closed_response(self):
        messages.error(
            self.request,
            _("Question %(reference)s is already closed (%(status)s).")
            % {"reference": self.question.reference, "status": self.question.get_status_display()},
        )
        return redirect("questions:edit", self.question.pk)

    def done(self):
        return redirect("questions:index")


class AnswerView(QuestionActionView):
    template_name = "questions/admin/answer.html"
    form_class = AnswerForm
    page_title = gettext_lazy("Answer and publish")

    def dispatch(self, request, *args, **kwargs):
        self.index = question_index()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not self.question.is_open:
            return self.closed_response()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.question.is_open:
            return self.closed_response()
        if not can_publish_answers(request.user, self.index):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return AnswerForm.initial_for(self.question)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            index=self.index, can_publish=can_publish_answers(self.request.user, self.index), **kwargs
        )

    def form_valid(self, form):
        page = answer_and_publish(self.question, self.index, self.request.user, form.cleaned_data)
        messages.success(
            self.request,
            _("The answer to %(reference)s is published and the asker has been e-mailed.")
            % {"reference": self.question.reference},
            buttons=[messages.button(page.url, _("View the page"))],
        )
        return self.done()


class RejectView(QuestionActionView):
    template_name = "questions/admin/reject.html"
    form_class = RejectForm
    page_title = gettext_lazy("Do not publish")

    def post(self, request, *args, **kwargs):
        if not self.question.is_open:
            return self.closed_response()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        self.question.status = Question.Status.REJECTED
        self.question.rejection_reason = form.cleaned_data["rejection_reason"]
        self.question.save(update_fields=["status", "rejection_reason"])
        log(instance=self.question, action="wagtail.edit", user=self.request.user)
        messages.success(
            self.request, _("%(reference)s will not be published.") % {"reference": self.question.reference}
        )
        return self.done()


class SpamView(QuestionActionView):
    template_name = "questions/admin/spam.html"
    form_class = forms.Form
    page_title = gettext_lazy("Mark as spam")

    def post(self, request, *args, **kwargs):
        if not self.question.is_open:
            return self.closed_response()
        self.question.status = Question.Status.SPAM
        self.question.save(update_fields=["status"])
        log(instance=self.question, action="wagtail.edit", user=request.user)
        messages.success(request, _("%(reference)s is marked as spam.") % {"reference": self.question.reference})
        return self.done()
