"""Both approval workflows walked through the admin's own views, with the e-mails they send."""

import pytest

from django.core import mail
from django.urls import reverse

from wagtail.models import Page, Revision, TaskState, Workflow, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from editorial import workflows
from editorial.models import EditorialDecision
from news.models import NewsArticlePage

pytestmark = pytest.mark.django_db

EMPTY_FORMSET = {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}


def article_form(title, action=None, section=None, **fields):
    data = {
        "title": title,
        "slug": "",
        "lead": "Tóm tắt nội dung bài viết.",
        "body": streamfield([("paragraph", rich_text("<p>Nội dung chính của bài viết.</p>"))]),
        "author_names": "Phạm Cộng",
        "related_links": EMPTY_FORMSET,
        "comments": EMPTY_FORMSET,
        **fields,
    }
    if section is not None:
        data["section"] = section.pk
    if action:
        data[action] = "1"
    return nested_form_data(data)


def unchanged_form(article):
    """The edit form exactly as the editor would send it back without touching anything."""
    body = {
        str(index): {
            "type": block.block_type,
            "value": rich_text(block.value.source),
            "id": block.id,
            "deleted": "",
            "order": str(index),
        }
        for index, block in enumerate(article.body)
    }
    return nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "lead": article.lead,
            "body": {"count": str(len(body)), **body},
            "author_names": article.author_names,
            "related_links": EMPTY_FORMSET,
            "comments": EMPTY_FORMSET,
        }
    )


def submit_new_article(client, user, parent, title, section=None):
    client.force_login(user)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("news", "newsarticlepage", parent.pk)),
        article_form(title, action="action-submit", section=section),
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    client.get("/admin/")  # consume the confirmation message, so the next user's pages do not show it
    return NewsArticlePage.objects.get(title=title)


def act(client, user, page, action, **data):
    """Take a workflow action through the admin's workflow action view."""
    client.force_login(user)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client.post(url, data)


def current_step(page):
    page = Page.objects.get(pk=page.pk)
    state = page.current_workflow_task_state
    return state.task.name if state else None


def subjects_to(user):
    return [message.subject for message in mail.outbox if user.email in message.to]


def test_roles_and_workflows_replace_wagtails_defaults(pipeline):
    from django.contrib.auth.models import Group

    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    assert not WorkflowPage.objects.filter(page__depth=1).exists()
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()
    assignments = dict(WorkflowPage.objects.values_list("page_id", "workflow__name"))
    assert assignments == {
        pipeline.tree.news.pk: workflows.DISTRICT_WORKFLOW,
        pipeline.communes_index.pk: workflows.COMMUNE_WORKFLOW,
    }
    district = Workflow.objects.get(name=workflows.DISTRICT_WORKFLOW)
    assert [task.name for task in district.tasks.order_by("workflow_tasks__sort_order")] == [
        workflows.BOARD_REVIEW,
        workflows.FINAL_APPROVAL,
    ]
    # A page outside news and communes (the home page) has no workflow: published directly.
    assert pipeline.tree.home.get_workflow() is None


def test_district_article_through_review_changes_and_final_approval(
    client, pipeline, django_capture_on_commit_callbacks
):
    users = pipeline.users
    with django_capture_on_commit_callbacks(execute=True):
        article = submit_new_article(client, users["contributor"], pipeline.tree.culture, "Lễ hội đền Chợ Củi")
    assert not article.live
    assert current_step(article) == workflows.BOARD_REVIEW
    # Every board member hears of it; the submitter does not.
    assert subjects_to(users["board"]) and subjects_to(users["board2"])
    assert not subjects_to(users["contributor"])

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, users["board"], article, "approve", comment="Tốt, chuyển Trưởng ban.")
    assert response.status_code == 302
    assert current_step(article) == workflows.FINAL_APPROVAL
    # The approval comment reaches the submitter (Wagtail alone would not send it).
    to_submitter = [m for m in mail.outbox if users["contributor"].email in m.to]
    assert len(to_submitter) == 1
    assert "Tốt, chuyển Trưởng ban." in to_submitter[0].body
    assert workflows.FINAL_APPROVAL in to_submitter[0].body
    assert subjects_to(users["head"])  # the heads are told it waits for them

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, users["head"], article, "reject", comment="Bổ sung ảnh lễ hội.")
    assert response.status_code == 302
    state = WorkflowState.objects.get(pk=Page.objects.get(pk=article.pk).current_workflow_state.pk)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    # The submitter gets the comment; the board member who approved step 1 hears of it too.
    assert any("Bổ sung ảnh lễ hội." in m.body for m in mail.outbox if users["contributor"].email in m.to)
    to_step1 = [m for m in mail.outbox if users["board"].email in m.to]
    assert len(to_step1) == 1 and "Bổ sung ảnh lễ hội." in to_step1[0].body

    # The contributor edits and resubmits through the edit view.
    client.force_login(users["contributor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=(article.pk,)),
            article_form("Lễ hội đền Chợ Củi", action="action-submit", slug=article.slug, lead="Sapo đã bổ sung."),
        )
    assert response.status_code == 302
    assert current_step(article) == workflows.FINAL_APPROVAL

    with django_capture_on_commit_callbacks(execute=True):
        act(client, users["head"], article, "approve", comment="Đồng ý đăng.")
    article.refresh_from_db()
    assert article.live
    assert article.lead == "Sapo đã bổ sung."
    assert client.get(article.url).status_code == 200
    # Wagtail's final e-mail now carries the final comment too.
    assert any("Đồng ý đăng." in m.body for m in mail.outbox if users["contributor"].email in m.to)

    history = EditorialDecision.objects.filter(page=article).order_by("created_at", "pk")
    decisions = list(history.values_list("action", "user__username"))
    assert decisions == [
        ("submitted", "congtacvien"),
        ("approved", "bientap"),
        ("changes_requested", "truongban"),
        ("resubmitted", "congtacvien"),
        ("approved", "truongban"),
        ("published", "truongban"),
    ]
    assert set(EditorialDecision.objects.filter(page=article).values_list("section_id", flat=True)) == {
        pipeline.tree.culture.pk
    }


@pytest.mark.parametrize("reason", ["duplicate", "low_quality", "off_topic", "other"])
def test_reject_with_a_reason_is_recorded_and_told(client, pipeline, reason, django_capture_on_commit_callbacks):
    users = pipeline.users
    article = submit_new_article(client, users["contributor"], pipeline.tree.economy, f"Tin cần loại {reason}")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, users["board"], article, "refuse", reason=reason, comment="Xem lại nội dung.")
    assert response.status_code == 302
    decision = EditorialDecision.objects.get(page=article, action="rejected")
    assert (decision.reason, decision.comment, decision.user) == (reason, "Xem lại nội dung.", users["board"])
    assert decision.step == workflows.BOARD_REVIEW
    assert decision.submitter == users["contributor"]
    body = next(m.body for m in mail.outbox if users["contributor"].email in m.to)
    assert decision.get_reason_display() in body
    assert "Xem lại nội dung." in body
    assert not Page.objects.get(pk=article.pk).live
    # The submitter sees it on their dashboard.
    client.force_login(users["contributor"])
    dashboard = client.get("/admin/").content.decode()
    assert decision.get_reason_display() in dashboard and "Xem lại nội dung." in dashboard


@pytest.mark.parametrize(
    "data",
    [{"reason": "", "comment": "x"}, {"reason": "spam<script>", "comment": "x"}, {"comment": "thiếu lý do"}],
)
def test_reject_without_a_valid_reason_changes_nothing(client, pipeline, data):
    article = submit_new_article(client, pipeline.users["contributor"], pipeline.tree.economy, "Tin kiểm tra lý do")
    act(client, pipeline.users["board"], article, "refuse", **data)
    assert current_step(article) == workflows.BOARD_REVIEW
    assert not EditorialDecision.objects.filter(page=article, action="rejected").exists()


def test_request_changes_needs_a_comment(client, pipeline):
    article = submit_new_article(client, pipeline.users["contributor"], pipeline.tree.economy, "Tin thiếu ý kiến")
    act(client, pipeline.users["board"], article, "reject", comment="   ")
    assert current_step(article) == workflows.BOARD_REVIEW
    assert Page.objects.get(pk=article.pk).current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_someone_outside_the_step_cannot_act(client, pipeline):
    users = pipeline.users
    article = submit_new_article(client, users["contributor"], pipeline.tree.economy, "Tin chờ Ban Biên tập")
    for outsider in ["contributor", "contributor2", "clerk", "editor_a", "board_a"]:
        response = act(client, users[outsider], article, "approve")
        assert response.status_code in {302, 403}, outsider
        assert current_step(article) == workflows.BOARD_REVIEW, outsider
    assert not EditorialDecision.objects.filter(page=article, action="approved").exists()


def test_saving_without_changes_does_not_restart_the_workflow(client, pipeline):
    users = pipeline.users
    article = submit_new_article(client, users["contributor"], pipeline.tree.culture, "Tin lưu không đổi")
    act(client, users["board"], article, "approve")
    page = Page.objects.get(pk=article.pk)
    task_state_before = page.current_workflow_task_state
    revisions_before = Revision.objects.filter(object_id=str(article.pk)).count()

    client.force_login(users["head"])
    article = NewsArticlePage.objects.get(pk=article.pk)
    response = client.post(reverse("wagtailadmin_pages:edit", args=(article.pk,)), unchanged_form(article))
    assert response.status_code == 302
    page = Page.objects.get(pk=article.pk)
    assert Revision.objects.filter(object_id=str(article.pk)).count() == revisions_before
    assert page.current_workflow_task_state == task_state_before
    assert TaskState.objects.get(pk=task_state_before.pk).status == TaskState.STATUS_IN_PROGRESS
    act(client, users["head"], article, "approve")
    assert Page.objects.get(pk=article.pk).live


def test_commune_article_goes_through_its_own_board_then_the_district(
    client, pipeline, django_capture_on_commit_callbacks
):
    users = pipeline.users
    with django_capture_on_commit_callbacks(execute=True):
        article = submit_new_article(
            client,
            users["editor_a"],
            pipeline.commune_a,
            "Xã Thạch Đài ra quân làm đường giao thông nông thôn",
            section=pipeline.tree.economy,
        )
    assert current_step(article) == workflows.COMMUNE_REVIEW
    assert subjects_to(users["board_a"]), "the commune's board is told"
    assert not subjects_to(users["board_b"]), "another commune's board is not"
    assert not subjects_to(users["board"]), "the district board waits for its own step"

    # Another commune's board cannot decide.
    act(client, users["board_b"], article, "approve")
    assert current_step(article) == workflows.COMMUNE_REVIEW

    with django_capture_on_commit_callbacks(execute=True):
        act(client, users["board_a"], article, "approve", comment="BBT xã đồng ý.")
    assert current_step(article) == workflows.BOARD_REVIEW
    with django_capture_on_commit_callbacks(execute=True):
        act(client, users["board"], article, "approve")
    article = NewsArticlePage.objects.get(pk=article.pk)
    assert article.live
    assert article.contributing_unit == pipeline.commune_a.unit
    assert article.section == pipeline.tree.economy

    # Listed in its district section, marked with the commune's name, and on the commune page.
    client.logout()
    section_html = client.get(pipeline.tree.economy.url).content.decode()
    assert article.title in section_html and "Xã Thạch Đài" in section_html
    assert article.title in client.get(pipeline.commune_a.url).content.decode()
    assert article.title not in client.get(pipeline.commune_b.url).content.decode()


def test_commune_article_must_name_its_district_section(client, pipeline):
    client.force_login(pipeline.users["editor_a"])
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("news", "newsarticlepage", pipeline.commune_a.pk)),
        article_form("Tin xã thiếu chuyên mục", action="action-submit"),
    )
    assert response.status_code == 200
    assert "Chọn chuyên mục" in str(response.context["form"].errors["section"])
    assert not NewsArticlePage.objects.filter(title="Tin xã thiếu chuyên mục").exists()


def test_moderation_inbox_lists_what_waits_oldest_first(client, pipeline):
    users = pipeline.users
    first = submit_new_article(client, users["contributor"], pipeline.tree.culture, "Tin gửi trước")
    second = submit_new_article(client, users["contributor2"], pipeline.tree.economy, "Tin gửi sau")
    commune_item = submit_new_article(
        client, users["editor_a"], pipeline.commune_a, "Tin của xã chờ BBT xã", section=pipeline.tree.culture
    )
    client.force_login(users["board"])
    html = client.get("/admin/").content.decode()
    assert html.index(first.title) < html.index(second.title)
    assert commune_item.title not in html  # it waits for the commune's board first
    assert "Kiểm duyệt của Ban Biên tập" in html
    client.force_login(users["board_a"])
    html = client.get("/admin/").content.decode()
    assert commune_item.title in html and first.title not in html
    assert "Xã Thạch Đài" in html  # the unit it comes from
