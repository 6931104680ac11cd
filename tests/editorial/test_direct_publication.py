"""Publishing an item past the steps still waiting for it: refused unless the site's rules allow it,
and then only with a reason, recorded as what it is in the history, the report and the e-mails."""

from datetime import date

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, PageLogEntry, WorkflowState

from editorial import workflows
from editorial.models import EditorialDecision, EditorialSettings
from editorial.report.periods import Period
from editorial.report.queries import build_report
from news.models import NewsArticlePage
from tests.editorial.test_workflows import act, article_form, current_step, submit_new_article

pytestmark = pytest.mark.django_db

REASON = "Thông báo khẩn về lịch cắt điện, cần đăng ngay trong sáng nay."
BOTH_STEPS = f"{workflows.BOARD_REVIEW}, {workflows.FINAL_APPROVAL}"


@pytest.fixture
def waiting(client, pipeline):
    """A district article waiting at the board's step."""
    return submit_new_article(client, pipeline.users["contributor"], pipeline.tree.culture, "Lịch cắt điện tuần này")


def rules(pipeline, **values):
    settings = EditorialSettings.for_site(pipeline.tree.site)
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def direct_url(page):
    return reverse("editorial_publish_directly", args=(page.pk,))


def edit_page(client, user, page):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    return response.content.decode()


def publish_directly(client, user, page, reason=REASON):
    client.force_login(user)
    return client.post(direct_url(page), {"reason": reason})


def actions_of(page):
    return list(
        EditorialDecision.objects.filter(page=page).order_by("created_at", "pk").values_list("action", flat=True)
    )


def test_head_approval_is_mandatory_by_default():
    settings = EditorialSettings()
    assert settings.final_approval_required is True
    assert settings.urgent_publication_allowed is False


def test_the_board_sees_no_plain_publish_on_an_item_waiting_for_review(client, pipeline, waiting):
    html = edit_page(client, pipeline.users["board"], waiting)
    assert 'name="action-publish"' not in html
    assert direct_url(waiting) not in html  # urgent publication is not allowed by default
    assert "Phê duyệt" in html  # the board's own step is still there


def test_the_board_cannot_publish_past_the_heads_when_their_approval_is_mandatory(client, pipeline, waiting):
    board = pipeline.users["board"]
    client.force_login(board)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(waiting.pk,)),
        article_form(waiting.title, action="action-publish", slug=waiting.slug),
    )
    assert response.status_code == 403
    assert publish_directly(client, board, waiting).status_code == 403
    assert client.get(direct_url(waiting)).status_code == 403
    # Withdrawing someone else's item, to publish it afterwards, is refused too.
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(waiting.pk,)),
        article_form(waiting.title, action="action-cancel-workflow", slug=waiting.slug),
    )
    assert response.status_code == 403
    assert not Page.objects.get(pk=waiting.pk).live
    assert current_step(waiting) == workflows.BOARD_REVIEW
    assert actions_of(waiting) == ["submitted"]


def test_bulk_publishing_skips_nothing_of_the_pipeline(client, pipeline, waiting):
    client.force_login(pipeline.users["board"])
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={waiting.pk}"
    client.post(url, {"include_descendants": ""})
    assert not Page.objects.get(pk=waiting.pk).live
    assert current_step(waiting) == workflows.BOARD_REVIEW


def test_the_board_publishes_an_urgent_item_with_a_reason_when_the_rules_allow(
    client, pipeline, waiting, django_capture_on_commit_callbacks
):
    users = pipeline.users
    rules(pipeline, urgent_publication_allowed=True)
    html = edit_page(client, users["board"], waiting)
    assert 'name="action-publish"' not in html
    assert direct_url(waiting) in html and "Xuất bản trực tiếp" in html

    form = client.get(direct_url(waiting)).content.decode()
    assert workflows.BOARD_REVIEW in form and workflows.FINAL_APPROVAL in form

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = publish_directly(client, users["board"], waiting)
    assert response.status_code == 302
    article = NewsArticlePage.objects.get(pk=waiting.pk)
    assert article.live
    assert article.current_workflow_state is None
    assert WorkflowState.objects.for_instance(article).get().status == WorkflowState.STATUS_CANCELLED

    # The decision history says what happened, by whom and why: not "withdrawn".
    assert actions_of(article) == ["submitted", "published_directly", "published"]
    direct = EditorialDecision.objects.get(page=article, action="published_directly")
    assert (direct.user, direct.submitter, direct.comment) == (users["board"], users["contributor"], REASON)
    assert direct.skipped_steps == BOTH_STEPS
    assert str(direct.description) == f"Xuất bản trực tiếp, bỏ qua bước {BOTH_STEPS}"
    published = EditorialDecision.objects.get(page=article, action="published")
    assert published.workflow_state_id == direct.workflow_state_id  # the report times it from the submission

    # Wagtail's own history of the page, as the audit log.
    entry = PageLogEntry.objects.get(page=article, action="editorial.publish_directly")
    assert entry.user == users["board"]
    assert entry.data["reason"] == REASON
    client.force_login(users["admin"])
    history = client.get(reverse("wagtailadmin_pages:history", args=(article.pk,))).content.decode()
    assert f"Xuất bản trực tiếp, bỏ qua bước {BOTH_STEPS}" in history
    assert REASON in history

    # The submitter reads it on the dashboard.
    client.force_login(users["contributor"])
    dashboard = client.get("/admin/").content.decode()
    assert f"Xuất bản trực tiếp, bỏ qua bước {BOTH_STEPS}" in dashboard and REASON in dashboard


def test_the_submitter_and_the_skipped_steps_reviewers_are_told(
    client, pipeline, waiting, django_capture_on_commit_callbacks
):
    users = pipeline.users
    rules(pipeline, urgent_publication_allowed=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_directly(client, users["board"], waiting)
    told = {}
    for message in mail.outbox:
        if "xuất bản trực tiếp" in message.subject:
            for address in message.to:
                told[address] = message
    assert set(told) == {users[key].email for key in ("contributor", "board2", "head")}
    body = told[users["contributor"].email].body
    assert REASON in body and workflows.FINAL_APPROVAL in body and waiting.title in told[users["head"].email].subject
    # No "changes requested" or "approved" e-mail pretends otherwise.
    assert not [m for m in mail.outbox if users["contributor"].email in m.to and m not in told.values()]


def test_the_reason_is_required(client, pipeline, waiting):
    rules(pipeline, urgent_publication_allowed=True)
    for reason in ["", "   "]:
        response = publish_directly(client, pipeline.users["board"], waiting, reason=reason)
        assert response.status_code == 200
        assert "Nhập lý do xuất bản trực tiếp." in response.content.decode()
    response = publish_directly(client, pipeline.users["board"], waiting, reason="x" * 1001)
    assert response.status_code == 200
    assert not Page.objects.get(pk=waiting.pk).live
    assert current_step(waiting) == workflows.BOARD_REVIEW
    assert actions_of(waiting) == ["submitted"]


def test_a_head_may_publish_directly_with_a_reason_even_when_the_board_may_not(client, pipeline, waiting):
    users = pipeline.users
    assert direct_url(waiting) in edit_page(client, users["head"], waiting)
    assert publish_directly(client, users["head"], waiting).status_code == 302
    assert Page.objects.get(pk=waiting.pk).live
    assert actions_of(waiting) == ["submitted", "published_directly", "published"]
    assert EditorialDecision.objects.get(page=waiting, action="published_directly").skipped_steps == BOTH_STEPS


def test_at_the_heads_step_a_head_approves_and_the_board_still_cannot_publish(client, pipeline, waiting):
    users = pipeline.users
    act(client, users["board"], waiting, "approve")
    assert direct_url(waiting) not in edit_page(client, users["head"], waiting)  # "Approve and publish" does it
    assert 'name="action-publish"' not in edit_page(client, users["board"], waiting)
    assert publish_directly(client, users["board"], waiting).status_code == 403
    rules(pipeline, urgent_publication_allowed=True)
    publish_directly(client, users["board"], waiting)
    direct = EditorialDecision.objects.get(page=waiting, action="published_directly")
    assert direct.skipped_steps == workflows.FINAL_APPROVAL  # the board's step was approved


def test_without_mandatory_final_approval_the_board_publishes_directly_with_a_reason(client, pipeline, waiting):
    rules(pipeline, final_approval_required=False)
    assert direct_url(waiting) in edit_page(client, pipeline.users["board"], waiting)
    assert publish_directly(client, pipeline.users["board"], waiting).status_code == 302
    assert Page.objects.get(pk=waiting.pk).live


def test_the_rules_are_per_site(client, pipeline, waiting):
    from wagtail.models import Site

    other = Site.objects.create(hostname="thachdai.example", root_page=pipeline.commune_a, is_default_site=False)
    EditorialSettings.objects.create(site=other, urgent_publication_allowed=True)
    assert publish_directly(client, pipeline.users["board"], waiting).status_code == 403


def test_contributors_and_commune_staff_never_publish_directly(client, pipeline, waiting):
    rules(pipeline, final_approval_required=False, urgent_publication_allowed=True)
    for who in ["contributor", "contributor2", "editor_a", "board_a", "clerk"]:
        assert publish_directly(client, pipeline.users[who], waiting).status_code in {302, 403}, who
    assert not Page.objects.get(pk=waiting.pk).live


def test_the_report_counts_a_direct_publication(client, pipeline, waiting):
    rules(pipeline, urgent_publication_allowed=True)
    publish_directly(client, pipeline.users["board"], waiting)
    today = timezone.localdate()
    report = build_report(Period(date(today.year, 1, 1), today))
    assert report.totals["received"].current == 1
    assert report.totals["published"].current == 1
    assert report.totals["published_directly"].current == 1
    assert report.totals["withdrawn"].current == 0
    assert report.timing.count == 1
    client.force_login(pipeline.users["board"])
    html = client.get("/admin/reports/editorial-activity/").content.decode()
    assert "Xuất bản trực tiếp, bỏ qua bước duyệt" in html
