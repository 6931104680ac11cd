"""The approval pipeline as code: tasks, workflows and where they apply.

District news: editorial review (any board member), then final approval (board heads).
Commune news: the commune's own board, then the district editorial board.
Documents and schedules have no workflow: clerks publish them directly.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from wagtail.models import Task, Workflow, WorkflowPage, WorkflowTask

from .models import CommuneReviewTask, ReviewTask

BOARD_REVIEW = "Kiểm duyệt của Ban Biên tập"
FINAL_APPROVAL = "Phê duyệt của Trưởng, Phó Ban Biên tập"
COMMUNE_REVIEW = "Duyệt của BBT xã, thị trấn"
DISTRICT_WORKFLOW = "Tin, bài cấp huyện"
COMMUNE_WORKFLOW = "Tin, bài của xã, thị trấn"
# Created by Wagtail's own migrations ("Moderators approval"), renamed by our migration 0004;
# retired so no page falls back to them.
WAGTAIL_DEFAULT_WORKFLOW = "Quy trình mặc định của Wagtail (không dùng)"
WAGTAIL_DEFAULT_TASK = "Bước duyệt mặc định của Wagtail (không dùng)"
WAGTAIL_DEFAULT_GROUPS = ["Moderators", "Editors"]


def _review_task(name, group_names) -> ReviewTask:
    task = ReviewTask.objects.filter(name=name).first() or ReviewTask.objects.create(name=name)
    if not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.set(Group.objects.filter(name__in=group_names))
    return task


def _commune_task() -> CommuneReviewTask:
    task = CommuneReviewTask.objects.filter(name=COMMUNE_REVIEW).first()
    if task is None:
        task = CommuneReviewTask.objects.create(name=COMMUNE_REVIEW)
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    return task


def _workflow(name, tasks) -> Workflow:
    workflow, _created = Workflow.objects.get_or_create(name=name)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    current = list(workflow.workflow_tasks.order_by("sort_order").values_list("task_id", flat=True))
    if current != [task.pk for task in tasks]:
        workflow.workflow_tasks.all().delete()
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    return workflow


def _assign(workflow, page):
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})


def _retire_wagtail_defaults():
    for workflow in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW):
        WorkflowPage.objects.filter(workflow=workflow).delete()
        if workflow.active:
            workflow.deactivate()
    for task in Task.objects.filter(name=WAGTAIL_DEFAULT_TASK, active=True):
        task.specific.deactivate()
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()


@transaction.atomic
def apply_workflows(places, reviewers: str, approvers: str) -> dict[str, Workflow]:
    """The workflows, assigned to ``places``; ``reviewers`` and ``approvers`` name the groups of their tasks."""
    board_review = _review_task(BOARD_REVIEW, [reviewers])
    final_approval = _review_task(FINAL_APPROVAL, [approvers])
    district = _workflow(DISTRICT_WORKFLOW, [board_review, final_approval])
    commune = _workflow(COMMUNE_WORKFLOW, [_commune_task(), board_review])
    _retire_wagtail_defaults()
    if "news" in places:
        _assign(district, places["news"])
    if "communes" in places:
        _assign(commune, places["communes"])
    # Nothing else may carry a workflow: documents and schedules are published directly.
    wanted = [places[key].pk for key in ("news", "communes") if key in places]
    WorkflowPage.objects.exclude(page_id__in=wanted).delete()
    return {"district": district, "communes": commune}
