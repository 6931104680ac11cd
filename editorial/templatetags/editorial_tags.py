from django import template

from wagtail.models import TaskState

from core.templatetags import portal_people

register = template.Library()


@register.simple_tag
def last_approval_comment(page):
    """The comment of the approval that just finished the page's workflow."""
    task_state = (
        TaskState.objects.filter(
            workflow_state__base_content_type_id=page.get_base_content_type().pk,
            workflow_state__object_id=str(page.pk),
            status=TaskState.STATUS_APPROVED,
        )
        .order_by("-finished_at", "-pk")
        .first()
    )
    return task_state.comment if task_state else ""


@register.simple_tag
def waiting(delta):
    from editorial.panels import waiting_label

    return waiting_label(delta)


register.filter("person", portal_people.person)
