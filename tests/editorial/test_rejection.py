"""A rejection ("Từ chối đăng") has one wording everywhere: the reviewer must choose its reason, the
run ends, the submitter's e-mail, dashboard and editor say it with the reason, and sending the item
again is a new submission the report counts once."""

from datetime import date

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, WorkflowState

from editorial import workflows
from editorial.models import EditorialDecision, RejectForm
from editorial.report.periods import Period
from editorial.report.queries import build_report
from tests.editorial.test_workflows import act, article_form, current_step, submit_new_article

pytestmark = pytest.mark.django_db

COMMENT = "Tin này đã đăng ngày 02/11."


@pytest.fixture
def article(client, pipeline):
    return submit_new_article(client, pipeline.users["contributor"], pipeline.tree.economy, "Hội nghị sơ kết quý III")


def refuse(client, pipeline, article, django_capture_on_commit_callbacks, reason="duplicate"):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, pipeline.users["board"], article, "refuse", reason=reason, comment=COMMENT)
    assert response.status_code == 302
    return response


def test_the_reject_window_has_no_reason_chosen(client, pipeline, article):
    assert not RejectForm().is_valid()
    client.force_login(pipeline.users["board"])
    task_state = Page.objects.get(pk=article.pk).current_workflow_task_state
    response = client.get(
        reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "refuse", task_state.pk)),
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    html = response.json()["html"]
    assert html.count('name="reason"') == 4
    assert "checked" not in html and "selected" not in html
    # Sending it without a reason says why, in Vietnamese, and changes nothing.
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "refuse", task_state.pk)),
        {"comment": COMMENT},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert "Chọn lý do từ chối đăng." in response.json()["html"]
    assert current_step(article) == workflows.BOARD_REVIEW


def test_a_rejection_ends_the_run_and_is_never_called_a_withdrawal(
    client, pipeline, article, django_capture_on_commit_callbacks
):
    refuse(client, pipeline, article, django_capture_on_commit_callbacks)
    page = Page.objects.get(pk=article.pk)
    assert page.current_workflow_state is None
    assert WorkflowState.objects.for_instance(page).get().status == WorkflowState.STATUS_CANCELLED
    actions = list(EditorialDecision.objects.filter(page=article).values_list("action", flat=True))
    assert sorted(actions) == ["rejected", "submitted"]


def test_the_submitter_is_told_it_was_rejected_not_sent_back(
    client, pipeline, article, django_capture_on_commit_callbacks
):
    refuse(client, pipeline, article, django_capture_on_commit_callbacks)
    to_submitter = [m for m in mail.outbox if pipeline.users["contributor"].email in m.to]
    assert len(to_submitter) == 1
    message = to_submitter[0]
    assert "bị từ chối đăng" in message.subject and "Trùng lặp" in message.subject
    assert "chỉnh sửa" not in message.subject
    assert COMMENT in message.body and workflows.BOARD_REVIEW in message.body


def test_the_author_reads_the_reason_where_they_edit_and_may_send_it_again_as_new(
    client, pipeline, article, django_capture_on_commit_callbacks
):
    refuse(client, pipeline, article, django_capture_on_commit_callbacks)
    client.force_login(pipeline.users["contributor"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).content.decode()
    assert "Bị từ chối đăng" in html and "Trùng lặp" in html and COMMENT in html
    assert "Yêu cầu chỉnh sửa" not in html and "Đang chờ duyệt" not in html
    # Not "resubmit to the step that rejected it": a new submission, from the first step.
    assert f"Gửi duyệt lại tới {workflows.BOARD_REVIEW}" not in html
    assert f"Gửi duyệt theo {workflows.DISTRICT_WORKFLOW}" in html


def test_a_rejected_item_sent_again_is_counted_once(client, pipeline, article, django_capture_on_commit_callbacks):
    refuse(client, pipeline, article, django_capture_on_commit_callbacks)
    client.force_login(pipeline.users["contributor"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(article.pk,)),
        article_form(article.title, action="action-submit", slug=article.slug, lead="Sapo viết lại."),
    )
    assert response.status_code == 302
    assert current_step(article) == workflows.BOARD_REVIEW
    assert WorkflowState.objects.for_instance(Page.objects.get(pk=article.pk)).count() == 2  # a new run
    actions = list(
        EditorialDecision.objects.filter(page=article).order_by("created_at", "pk").values_list("action", flat=True)
    )
    assert actions == ["submitted", "rejected", "resubmitted"]
    act(client, pipeline.users["board"], article, "approve")
    act(client, pipeline.users["head"], article, "approve")
    today = timezone.localdate()
    report = build_report(Period(date(today.year, 1, 1), today))
    assert (report.totals["received"].current, report.totals["resubmitted"].current) == (1, 1)
    assert report.totals["rejected"].current == 1 and report.totals["published"].current == 1
    assert report.timing.count == 1


def test_changes_requested_keeps_its_own_wording(client, pipeline, article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        act(client, pipeline.users["board"], article, "reject", comment="Bổ sung ảnh.")
    client.force_login(pipeline.users["contributor"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).content.decode()
    assert "Đã yêu cầu chỉnh sửa</strong>" in html and "Ý kiến: Bổ sung ảnh." in html
    assert "Bị từ chối đăng" not in html
    assert f"Gửi duyệt lại tới {workflows.BOARD_REVIEW}" in html
