"""Wagtail's migrations create a workflow and a task both named "Moderators approval". setup_roles
retires them, but they stay in the database, and Wagtail's messages quote a task's name to
editors (a preview asked for at the wrong step): they get Vietnamese names, stored once like
the other workflows' (editorial/workflows.py).
"""

from django.db import migrations

WAGTAIL_NAME = "Moderators approval"
WORKFLOW_NAME = "Quy trình mặc định của Wagtail (không dùng)"
TASK_NAME = "Bước duyệt mặc định của Wagtail (không dùng)"


def rename(apps, schema_editor, names):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    workflow_from, workflow_to, task_from, task_to = names
    Workflow.objects.filter(name=workflow_from).update(name=workflow_to)
    Task.objects.filter(name=task_from).update(name=task_to)


def to_vietnamese(apps, schema_editor):
    rename(apps, schema_editor, (WAGTAIL_NAME, WORKFLOW_NAME, WAGTAIL_NAME, TASK_NAME))


def to_english(apps, schema_editor):
    rename(apps, schema_editor, (WORKFLOW_NAME, WAGTAIL_NAME, TASK_NAME, WAGTAIL_NAME))


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0003_decision_label"),
        # Creates the workflow and the task.
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_vietnamese, to_english)]
