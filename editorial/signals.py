from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import PageLogEntry, TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_cancelled, workflow_submitted

from news.models import NewsArticlePage, NewsCategoryPage

from . import roles
from .models import CommuneReviewTask, EditorialDecision
from .notifications import notify_decision, notify_reviewers


@receiver(workflow_submitted, sender=WorkflowState)
def record_submission(sender, instance, user=None, **kwargs):
    """A rejected item sent again starts a new run, but it is the same item: the report counts it
    once among the items received, and once among the resubmissions."""
    last = (
        EditorialDecision.objects.filter(page_id=instance.object_id)
        .exclude(workflow_state=instance)
        .order_by("-created_at", "-pk")
        .values_list("action", flat=True)
        .first()
    )
    again = last == EditorialDecision.Action.REJECTED
    action = EditorialDecision.Action.RESUBMITTED if again else EditorialDecision.Action.SUBMITTED
    EditorialDecision.record(instance, user, action)


@receiver(workflow_cancelled, sender=WorkflowState)
def record_withdrawal(sender, instance, user=None, **kwargs):
    EditorialDecision.record(instance, user, EditorialDecision.Action.CANCELLED)


@receiver(task_submitted)
def record_resubmission_and_tell_commune_board(sender, instance, user=None, **kwargs):
    task_state = instance
    previous = (
        TaskState.objects.filter(workflow_state=task_state.workflow_state, pk__lt=task_state.pk).order_by("-pk").first()
    )
    # A task restarted right after it sent the item back is the submitter's resubmission.
    if previous is not None and previous.status == TaskState.STATUS_REJECTED:
        EditorialDecision.record(task_state, user, EditorialDecision.Action.RESUBMITTED)
    if isinstance(task_state.task.specific, CommuneReviewTask):
        transaction.on_commit(lambda: notify_reviewers(task_state, user))


@receiver(post_save, sender=PageLogEntry)
def record_publication(sender, instance, created, raw=False, **kwargs):
    """Publication is read from Wagtail's audit log, the only place that says who published."""
    if raw or not created or instance.action != "wagtail.publish":
        return
    page = instance.page
    if page is None or not issubclass(page.specific_class, NewsArticlePage):
        return
    # The run its last step approved, or the one a direct publication just ended.
    directly = EditorialDecision.objects.filter(page=page, action=EditorialDecision.Action.PUBLISHED_DIRECTLY)
    state = (
        WorkflowState.objects.for_instance(page)
        .filter(Q(status=WorkflowState.STATUS_APPROVED) | Q(pk__in=directly.values("workflow_state")))
        .order_by("-created_at")
        .first()
    )
    EditorialDecision.for_page(
        page,
        instance.user,
        EditorialDecision.Action.PUBLISHED,
        workflow_state=state,
        submitter=state.requested_by if state else None,
    )


@receiver(post_save, sender=EditorialDecision)
def send_decision_emails(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        transaction.on_commit(lambda: notify_decision(instance))


@receiver(post_save, sender=NewsCategoryPage)
def open_new_section_to_writers(sender, instance, created, raw=False, **kwargs):
    """A section the board adds takes articles from contributors at once, without setup_roles."""
    if raw or not created:
        return
    news = roles.role_places().get("news")
    if news is not None and instance.path.startswith(news.path) and instance.depth == news.depth + 1:
        roles.apply_section_permissions(instance)
