"""Publishing an item before the steps still waiting for it approve it ("xuất bản trực tiếp").

Wagtail lets anyone who may publish a page publish it while it waits in a workflow: its plain
"Publish" cancels the run, which our history would read as the submitter's withdrawal. Here, while a
run is active, that plain "Publish" is neither offered nor accepted (``wagtail_hooks``). Those the
site's rules (``EditorialSettings``) allow publish it through this module instead, with a required
reason: the run ends, the audit log and ``EditorialDecision`` record which steps were skipped and
why, and the submitter and the skipped steps' reviewers are e-mailed (``notifications``).

Who may: administrators; the last step's reviewers (the board heads for district news), unless the
item waits at that very step, where "Approve and publish" does it; anyone who may publish the page
when the site does not make the last step mandatory; the board when the site allows urgent items.
A run is withdrawn only by its submitter (or the page's owner) or an administrator: a reviewer
decides with the step's own actions.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import Page, TaskState, WorkflowState

from .models import EditorialDecision, EditorialSettings, end_run

MAX_REASON = 1000


def active_run(page) -> WorkflowState | None:
    """The run the page waits in (in progress, or sent back for changes), if any."""
    return page.current_workflow_state


def workflow_tasks(state: WorkflowState) -> list:
    return [
        link.task
        for link in state.workflow.workflow_tasks.select_related("task").order_by("sort_order")
        if link.task.active
    ]


def skipped_tasks(state: WorkflowState) -> list:
    """The run's steps not approved yet: the one it waits at and every later one."""
    approved = set(state.task_states.filter(status=TaskState.STATUS_APPROVED).values_list("task_id", flat=True))
    return [task for task in workflow_tasks(state) if task.pk not in approved]


def rules_for(page) -> EditorialSettings:
    site = page.get_site()
    return EditorialSettings.for_site(site) if site is not None else EditorialSettings()


def _reviews(task, page, user) -> bool:
    task = task.specific
    if hasattr(task, "user_can_review"):
        return task.user_can_review(page, user)
    return any(name == "approve" for name, _label, _modal in task.get_actions(page, user))


def may_publish_directly(user, page) -> bool:
    state = active_run(page)
    if state is None or not user.is_active or not page.permissions_for_user(user).can_publish():
        return False
    tasks = workflow_tasks(state)
    reviews_last = bool(tasks) and _reviews(tasks[-1], page, user)
    current = state.current_task_state
    if reviews_last and state.status == WorkflowState.STATUS_IN_PROGRESS and current.task_id == tasks[-1].pk:
        return False
    if user.is_superuser or reviews_last:
        return True
    rules = rules_for(page)
    return not rules.final_approval_required or rules.urgent_publication_allowed


def may_withdraw(user, page) -> bool:
    state = active_run(page)
    if state is None:
        return False
    return user.is_superuser or user.pk in {state.requested_by_id, page.owner_id}


@transaction.atomic
def publish_directly(page, user, reason: str) -> EditorialDecision:
    """Publish the page's latest revision now, ending its run; the decision says what was skipped."""
    page = Page.objects.select_for_update().get(pk=page.pk).specific
    state = active_run(page)
    if state is None or not may_publish_directly(user, page):
        raise PermissionDenied
    skipped = ", ".join(task.name for task in skipped_tasks(state))
    decision = EditorialDecision.record(
        state.current_task_state or state,
        user,
        EditorialDecision.Action.PUBLISHED_DIRECTLY,
        comment=reason,
        skipped_steps=skipped,
    )
    revision = page.get_latest_revision() or page.save_revision(user=user)
    log(
        instance=page,
        action="editorial.publish_directly",
        user=user,
        revision=revision,
        data={
            "workflow": {"id": state.workflow_id, "title": state.workflow.name},
            "skipped_steps": skipped,
            "reason": reason,
        },
    )
    end_run(state, user)
    revision.publish(user=user)
    return decision


class DirectPublicationForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it cannot wait"),
        max_length=MAX_REASON,
        strip=True,
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": _("Enter the reason for publishing directly.")},
        help_text=_("The submitter and the reviewers of the skipped steps receive it by e-mail."),
    )


class DirectPublicationMenuItem(ActionMenuItem):
    """In the editor's menu, in place of Wagtail's plain "Publish", for those who may."""

    name = "action-publish-directly"
    label = _("Publish directly…")
    icon_name = "upload"

    def get_url(self, parent_context):
        return reverse("editorial_publish_directly", args=(parent_context["page"].pk,))


class DirectPublicationView(WagtailAdminTemplateMixin, View):
    """Asks for the reason, then publishes (``publish_directly``)."""

    template_name = "editorial/publish_directly.html"
    header_icon = "upload"
    page_title = _("Publish directly")

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not may_publish_directly(request.user, self.page):
            raise PermissionDenied
        self.state = active_run(self.page)
        return super().dispatch(request)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get(self, request):
        return self.render(DirectPublicationForm())

    def post(self, request):
        form = DirectPublicationForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        publish_directly(self.page, request.user, form.cleaned_data["reason"])
        messages.success(
            request,
            _("“%(title)s” was published directly; the submitter and the skipped steps' reviewers are told.")
            % {"title": self.page.get_admin_display_title()},
        )
        return redirect("wagtailadmin_explore", self.page.get_parent().pk)

    def render(self, form):
        context = self.get_context_data(
            form=form,
            page=self.page,
            skipped=skipped_tasks(self.state),
            submitter=self.state.requested_by,
            edit_url=reverse("wagtailadmin_pages:edit", args=(self.page.pk,)),
        )
        return self.render_to_response(context)
