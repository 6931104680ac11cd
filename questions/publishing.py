"""Turning a question into its published question-and-answer page, through Wagtail's page API
(so the page has a revision, the audit log records who published it, and signals fire)."""

from django.db import transaction
from django.utils import timezone

from core.text import slugify_vi

from .models import QuestionIndexPage, QuestionPage
from .notifications import notify_asker
from .submissions import Question


def question_index() -> QuestionIndexPage | None:
    return QuestionIndexPage.objects.order_by("path").first()


def can_publish_answers(user, index: QuestionIndexPage | None) -> bool:
    return bool(index and index.permissions_for_user(user).can_publish_subpage())


def _unique_slug(index: QuestionIndexPage, title: str, reference: str) -> str:
    base = slugify_vi(title, max_length=60) or "cau-hoi"
    slug = f"{base}-{reference.lower()}"
    suffix = 2
    while QuestionPage.objects.child_of(index).filter(slug=slug).exists():
        slug, suffix = f"{base}-{reference.lower()}-{suffix}", suffix + 1
    return slug


@transaction.atomic
def answer_and_publish(question: Question, index: QuestionIndexPage, user, data: dict) -> QuestionPage:
    """Create and publish the page answering ``question``, record it, and e-mail the asker."""
    today = timezone.localdate()
    page = QuestionPage(
        title=data["title"],
        slug=_unique_slug(index, data["title"], question.reference),
        question=data["question"],
        asker_name=data.get("asker_name", ""),
        asked_on=timezone.localtime(question.created_at).date(),
        topic=data.get("topic"),
        answer=data["answer"],
        answered_on=today,
        answering_unit=data.get("answering_unit"),
        owner=user,
    )
    index.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    page.refresh_from_db()

    question.status = Question.Status.ANSWERED
    question.answer = data["answer"]
    question.answered_by = user
    question.answered_at = timezone.now()
    question.page = page
    if data.get("topic") is not None:
        question.topic = data["topic"]
    question.save()
    transaction.on_commit(lambda: notify_asker(question, page))
    return page
