"""E-mails Wagtail does not send: progress between steps, a rejection with its reason (Wagtail
only knows "changes requested"), a direct publication, and news of a later refusal for the
reviewers who approved an earlier step. Wagtail itself tells the submitter about the final
approval and about changes requested (with the comment), and a group's members about new items."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from wagtail.models import TaskState, WorkflowState

from core.links import admin_base_url, page_edit_url

from .direct_publication import skipped_tasks
from .models import EditorialDecision

logger = logging.getLogger(__name__)


def _send(template, recipients, context):
    recipients = [user for user in recipients if user is not None and user.is_active and user.email]
    if not recipients:
        return 0
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in recipients:
            body = render_to_string(f"editorial/emails/{template}.txt", {**context, "user": user}).strip()
            subject, _sep, text = body.partition("\n")
            try:
                sent += send_mail(subject.strip(), text.strip(), None, [user.email])
            except OSError:
                logger.exception("Could not send the %s e-mail to %s", template, user.email)
    return sent


def _context(decision: EditorialDecision):
    return {
        "decision": decision,
        # For a template that composes an admin path itself; edit_url is the page's own.
        "base_url": admin_base_url(),
        "page_id": decision.page_id,
        "edit_url": page_edit_url(decision.page_id),
    }


def notify_decision(decision: EditorialDecision) -> int:
    state = decision.workflow_state
    if state is None:
        return 0
    if decision.action == EditorialDecision.Action.APPROVED and state.status == WorkflowState.STATUS_IN_PROGRESS:
        next_step = state.current_task_state.task.name if state.current_task_state else ""
        recipients = [state.requested_by] if state.requested_by != decision.user else []
        return _send("step_approved", recipients, {**_context(decision), "next_step": next_step})
    if decision.action == EditorialDecision.Action.PUBLISHED_DIRECTLY:
        return notify_direct_publication(decision)
    sent = 0
    if decision.action == EditorialDecision.Action.REJECTED and state.requested_by != decision.user:
        sent += _send("rejected", [state.requested_by], _context(decision))
    if decision.action in {EditorialDecision.Action.CHANGES_REQUESTED, EditorialDecision.Action.REJECTED}:
        earlier = (
            TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_APPROVED)
            .exclude(finished_by=decision.user)
            .exclude(finished_by=state.requested_by)
            .select_related("finished_by")
        )
        approvers = {task_state.finished_by for task_state in earlier}
        sent += _send("later_step_sent_back", approvers, _context(decision))
    return sent


def notify_direct_publication(decision: EditorialDecision) -> int:
    """The submitter and every reviewer of the skipped steps, but not the one who published."""
    state = decision.workflow_state
    page = state.content_object
    recipients = {state.requested_by}
    for task in skipped_tasks(state):
        recipients.update(task.specific.get_reviewers(page))
    recipients.discard(decision.user)
    recipients.discard(None)
    return _send("published_directly", sorted(recipients, key=lambda user: user.pk), _context(decision))


def notify_reviewers(task_state: TaskState, user=None) -> int:
    """Tell a commune board that an item waits for it (Wagtail only knows fixed groups)."""
    task = task_state.task.specific
    page = task_state.workflow_state.content_object
    reviewers = [reviewer for reviewer in task.get_reviewers(page) if reviewer != user]
    context = {
        "page_title": page.title,
        "page_id": page.pk,
        "step": task.name,
        "submitter": task_state.workflow_state.requested_by,
        "base_url": admin_base_url(),
        "edit_url": page_edit_url(page.pk),
    }
    return _send("waiting_for_review", reviewers, context)
