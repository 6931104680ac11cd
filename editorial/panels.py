"""Dashboard panels: what waits for the reviewer, and what happened to the submitter's items."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState

from .models import EditorialDecision, EditorialSettings
from .timeliness import calendar_from_settings

INBOX_LIMIT = 50
RECENT_DECISIONS = 10


class ModerationInboxPanel(Component):
    """Items waiting for this reviewer, oldest first, with who sent them, from where, at which
    step and for how long."""

    name = "editorial_moderation_inbox"
    template_name = "editorial/panels/moderation_inbox.html"
    order = 90

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        states = list(
            TaskState.objects.reviewable_by(request.user)
            .select_related("task", "workflow_state__requested_by")
            .order_by("started_at", "pk")[:INBOX_LIMIT]
        )
        page_ids = [int(state.workflow_state.object_id) for state in states]
        pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific(defer=True)}
        now = timezone.now()
        calendar = calendar_from_settings(EditorialSettings.for_request(request)) if states else None
        items = []
        for state in states:
            page = pages.get(int(state.workflow_state.object_id))
            if page is None:
                continue
            unit = getattr(page, "contributing_unit", None)
            items.append(
                {
                    "page": page,
                    "step": state.task.name,
                    "submitter": state.workflow_state.requested_by,
                    "unit": unit,
                    "started_at": state.started_at,
                    "waiting": now - state.started_at,
                    "timeliness": calendar.timeliness(state.started_at, now),
                }
            )
        return {"items": items, "request": request, "review_limit": calendar.limit if calendar else None}


class MyDecisionsPanel(Component):
    """The latest decisions others took on the items this person sent."""

    name = "editorial_my_decisions"
    template_name = "editorial/panels/my_decisions.html"
    order = 95

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        decisions = (
            EditorialDecision.objects.filter(submitter=request.user)
            .exclude(user=request.user)
            .exclude(action__in=[EditorialDecision.Action.SUBMITTED, EditorialDecision.Action.RESUBMITTED])
            .select_related("user")[:RECENT_DECISIONS]
        )
        return {"decisions": decisions, "request": request}


def waiting_label(delta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return _("%(minutes)d minutes") % {"minutes": minutes}
    if minutes < 24 * 60:
        return _("%(hours)d hours") % {"hours": minutes // 60}
    return _("%(days)d days") % {"days": minutes // (24 * 60)}
