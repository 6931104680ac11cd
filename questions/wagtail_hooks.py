from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.admin.widgets.button import MenuItem as ButtonMenuItem
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .submissions import Question, QuestionTopic


def action_links(question) -> list[tuple[str, str, str]]:
    """(label, url, icon) of the actions an open question offers."""
    if not question.is_open:
        return []
    return [
        (_("Answer and publish"), reverse("questions:answer", args=[question.pk]), "doc-full"),
        (_("Do not publish"), reverse("questions:reject", args=[question.pk]), "cross"),
        (_("Mark as spam"), reverse("questions:spam", args=[question.pk]), "warning"),
    ]


class QuestionDetailsPanel(Panel):
    """The submission as received, read-only: the only place the asker's contact is shown."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "questions/admin/question_details_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["question"] = self.instance
            context["actions"] = action_links(self.instance) if self.instance.pk else []
            return context


class QuestionIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for priority, (label, url, icon) in enumerate(action_links(instance), start=1):
            buttons.append(ButtonMenuItem(label, url=url, icon_name=icon, priority=priority))
        return buttons


class QuestionEditView(generic.EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        for priority, (label, url, icon) in enumerate(action_links(self.object), start=1):
            buttons.append(Button(label, url=url, icon_name=icon, priority=priority))
        return buttons


class QuestionViewSet(ModelViewSet):
    """ "Câu hỏi của người dân": what citizens sent, for the board to answer or refuse."""

    model = Question
    icon = "help"
    menu_label = _("Citizens' questions")
    menu_order = 100
    index_view_class = QuestionIndexView
    edit_view_class = QuestionEditView
    copy_view_enabled = False
    list_display = [
        "__str__",
        "topic",
        "name",
        "email",
        "phone",
        DateColumn("created_at", label=_("received at"), sort_key="created_at"),
        Column("status", label=_("status"), accessor="get_status_display", sort_key="status"),
    ]
    list_filter = ["status", "topic"]
    search_fields = ["name", "email", "phone", "text"]
    ordering = ["-created_at"]
    edit_handler = ObjectList(
        [
            QuestionDetailsPanel(heading=_("Question")),
            FieldPanel("topic"),
            FieldPanel("status"),
            FieldPanel("rejection_reason"),
        ]
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("answer/<int:pk>/", admin_views.AnswerView.as_view(), name="answer"),
            path("reject/<int:pk>/", admin_views.RejectView.as_view(), name="reject"),
            path("spam/<int:pk>/", admin_views.SpamView.as_view(), name="spam"),
        ]


class QuestionTopicViewSet(SnippetViewSet):
    model = QuestionTopic
    icon = "tag"
    menu_label = _("Question topics")
    menu_order = 200
    list_display = ["name", "slug", "sort_order", "is_active"]


class QuestionsViewSetGroup(ModelViewSetGroup):
    items = (QuestionViewSet("questions", url_prefix="cau-hoi"), QuestionTopicViewSet)
    menu_label = _("Questions and answers")
    menu_icon = "help"
    menu_order = 320


@hooks.register("register_admin_viewset")
def register_questions_viewsets():
    return QuestionsViewSetGroup()


@hooks.register("register_permissions")
def register_notify_permission():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="questions", codename="notify_new_question")
