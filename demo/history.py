"""Two years of approval history for the demo, so the editorial report has something to count.

``build(builder)`` (called at the end of ``DemoBuilder.build()``) gives every demo article that
was published without going through the pipeline the records it would have had: submitted some
hours or days before its publication date, approved at each step (some sent back and
resubmitted first), then published at its publication date. These records belong to no
workflow run (the articles never were in one), so the report counts them everywhere except in
the processing times, which only real runs (the pipeline items, ``make_demo_history``) give. It also records a few items
rejected for each reason. Safe to run again: an article that already has a submission record,
or a rejected item already recorded, is left alone.

``build_synthetic(items, now)`` (the ``make_demo_history`` command) creates ``items`` more
articles with their history spread over the two years before ``now``, for the report's
performance check on a scratch database.

Records are written with ``bulk_create``, which sends no signal: history sends no e-mail.
"""

import json
import random
from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wagtail.models import Page, Workflow, WorkflowState

from communes.models import CommunePage
from core.models import Unit
from editorial import workflows
from editorial.models import EditorialDecision, RejectionReason
from news.models import NewsArticlePage, NewsCategoryPage

Action = EditorialDecision.Action
# Hours from submission to the first approval, and to the publication (the regulation allows two
# working days: most items make it, some do not).
FIRST_STEP_HOURS = [2, 5, 20, 3, 26, 8, 47, 4, 30, 6]
PUBLICATION_HOURS = [6, 22, 27, 49, 24, 30, 75, 9, 52, 28, 100, 26]
REJECTED_ITEMS = [
    # title, section slug, unit slug, reason, months before now
    ("Thông báo lịch tiếp công dân tháng (gửi trùng)", "thanh-tra", "thanh-tra-huyen", "duplicate", 2),
    ("Hội nghị sơ kết (tin gửi hai lần)", "kinh-te-chinh-tri", "van-phong-hdnd-ubnd", "duplicate", 5),
    ("Tập huấn phòng cháy rừng (trùng nội dung)", "lam-nghiep", "phong-nong-nghiep", "duplicate", 9),
    ("Ra quân dọn vệ sinh", "van-hoa-xa-hoi", "xa-thach-dai", "low_quality", 3),
    ("Họp thôn", "mat-tran-doan-the", "xa-viet-tien", "low_quality", 7),
    ("Giải bóng đá thiếu niên (chưa có thông tin)", "the-duc-the-thao", "huyen-doan", "low_quality", 13),
    ("Khai trương cửa hàng vật liệu xây dựng", "kinh-te-chinh-tri", "xa-thach-kenh", "off_topic", 4),
    ("Tuyển sinh lớp năng khiếu tư nhân", "giao-duc-dao-tao", "phong-giao-duc-dao-tao", "off_topic", 15),
    ("Phương án bảo vệ mục tiêu trọng điểm", "an-ninh-quoc-phong", "ban-chi-huy-quan-su", "other", 6),
    ("Kết quả thanh tra chưa công bố", "thanh-tra", "thanh-tra-huyen", "other", 18),
    ("Tổng kết mùa lúa (gửi trùng)", "kinh-te-chinh-tri", "phong-nong-nghiep", "duplicate", 16),
    ("Tin ngắn về họp chi bộ", "mat-tran-doan-the", "xa-nam-dien", "low_quality", 20),
]


def _decision(page, title, section_id, unit_id, submitter, action, at, user, state=None, step="", reason=""):
    return EditorialDecision(
        page=page,
        page_title=title[:255],
        workflow_state=state,
        step=step,
        action=action,
        reason=reason,
        comment="",
        user=user,
        submitter=submitter,
        section_id=section_id,
        unit_id=unit_id,
        created_at=at,
    )


def _workflow_state(page, workflow, submitter, status, created_at):
    state = WorkflowState.objects.create(
        content_type=ContentType.objects.get_for_model(NewsArticlePage),
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=str(page.pk),
        workflow=workflow,
        status=status,
        requested_by=submitter,
    )
    WorkflowState.objects.filter(pk=state.pk).update(created_at=created_at)
    return state


def _run(page, workflow, submitter, reviewers, submitted_at, published_at, sent_back, section_id, unit_id, run=True):
    """The records of one approval run that ended in publication; ``run=False`` records no
    workflow run (no ``WorkflowState``), so the report leaves it out of the processing times."""
    steps = list(workflow.tasks.order_by("workflow_tasks__sort_order").values_list("name", flat=True))
    state = _workflow_state(page, workflow, submitter, WorkflowState.STATUS_APPROVED, submitted_at) if run else None
    first_step_at = min(submitted_at + (published_at - submitted_at) / 3, published_at)

    def record(action, at, user, step=""):
        return _decision(page, page.title, section_id, unit_id, submitter, action, at, user, state, step)

    records = [record(Action.SUBMITTED, submitted_at, submitter)]
    if sent_back:
        records.append(record(Action.CHANGES_REQUESTED, first_step_at - timedelta(minutes=30), reviewers[0], steps[0]))
        records.append(record(Action.RESUBMITTED, first_step_at - timedelta(minutes=10), submitter, steps[0]))
    records.append(record(Action.APPROVED, first_step_at, reviewers[0], steps[0]))
    records.append(record(Action.APPROVED, published_at, reviewers[1], steps[-1]))
    records.append(record(Action.PUBLISHED, published_at, reviewers[1]))
    return records


def _workflows():
    return (
        Workflow.objects.get(name=workflows.DISTRICT_WORKFLOW),
        Workflow.objects.get(name=workflows.COMMUNE_WORKFLOW),
    )


def build(builder):
    district, commune_flow = _workflows()
    board, head = builder.users["bientap"], builder.users["truongban"]
    submitted = EditorialDecision.objects.filter(action=Action.SUBMITTED, page__isnull=False).values("page_id")
    articles = (
        NewsArticlePage.objects.live()
        .exclude(pk__in=submitted)
        .filter(publication_date__isnull=False)
        .select_related("owner")
        .order_by("publication_date", "pk")
    )
    records = []
    count = 0
    for index, article in enumerate(articles):
        published_at = article.publication_date
        hours = PUBLICATION_HOURS[index % len(PUBLICATION_HOURS)]
        submitted_at = published_at - timedelta(hours=hours)
        commune = CommunePage.containing(article)
        workflow = commune_flow if commune is not None else district
        reviewers = [board, board] if commune is not None else [board, head]
        # The records the demo's direct publication left behind are replaced by the whole run.
        EditorialDecision.objects.filter(page=article, action=Action.PUBLISHED, workflow_state__isnull=True).delete()
        records += _run(
            article,
            workflow,
            article.owner,
            reviewers,
            submitted_at,
            published_at,
            sent_back=index % 6 == 0,
            section_id=article.section_id,
            unit_id=article.contributing_unit_id,
            # The demo articles were never in a Wagtail workflow: inventing runs for them would
            # fill their workflow history with runs that have no steps.
            run=False,
        )
        count += 1
    records += _rejected_items(builder, board)
    EditorialDecision.objects.bulk_create(records)
    builder.created["history"] = builder.created.get("history", 0) + count
    return count


def _rejected_items(builder, board):
    sections = dict(NewsCategoryPage.objects.values_list("slug", "pk"))
    units = dict(Unit.objects.values_list("slug", "pk"))
    sender = builder.users["congtacvien"]
    records = []
    for title, section, unit, reason, months in REJECTED_ITEMS:
        if EditorialDecision.objects.filter(page__isnull=True, page_title=title, action=Action.REJECTED).exists():
            continue
        local_day = timezone.localdate(builder.now) - timedelta(days=30 * months)
        submitted_at = timezone.make_aware(datetime.combine(local_day, time(8, 15)))
        for action, at, user, why in (
            (Action.SUBMITTED, submitted_at, sender, ""),
            (Action.REJECTED, submitted_at + timedelta(hours=3), board, reason),
        ):
            records.append(
                _decision(
                    None,
                    title,
                    sections.get(section),
                    units.get(unit),
                    sender,
                    action,
                    at,
                    user,
                    step=workflows.BOARD_REVIEW if action == Action.REJECTED else "",
                    reason=why,
                )
            )
    return records


# --- The performance check's larger history ----------------------------------------------------

SYNTHETIC_SLUG = "lich-su-mau-{number:05d}"
SYNTHETIC_TOPICS = [
    "Hội nghị triển khai nhiệm vụ",
    "Ra quân làm đường giao thông nông thôn",
    "Tập huấn chuyển đổi số",
    "Kiểm tra công tác phòng chống thiên tai",
    "Trao quà cho gia đình chính sách",
    "Giải bóng chuyền hơi",
    "Tiêm chủng mở rộng",
    "Hội thi cán bộ đoàn giỏi",
    "Khánh thành nhà văn hóa thôn",
    "Sơ kết sản xuất vụ xuân",
]


def build_synthetic(items: int, now: datetime, users: list, seed: int = 7) -> int:
    """``items`` more articles with their history spread over the two years before ``now``."""
    rng = random.Random(seed)  # the same history every time
    district, commune_flow = _workflows()
    sections = list(NewsCategoryPage.objects.order_by("path"))
    communes = list(CommunePage.objects.select_related("unit").order_by("path"))
    if not sections:
        raise ValueError("no sections")
    units = list(Unit.objects.exclude(kind__in=[Unit.Kind.SUPERIOR, Unit.Kind.COMMUNE, Unit.Kind.TOWNSHIP]))
    board, head = users[0], users[1]
    senders = users[2:] or users
    existing = set(NewsArticlePage.objects.filter(slug__startswith="lich-su-mau-").values_list("slug", flat=True))
    start = now - timedelta(days=730)
    span = (now - timedelta(days=2) - start).total_seconds()
    records, created = [], 0
    for number in range(items):
        slug = SYNTHETIC_SLUG.format(number=number)
        outcome = rng.random()
        section = rng.choice(sections)
        commune = rng.choice(communes) if communes and rng.random() < 0.3 else None
        moment = start + timedelta(seconds=span * (number + rng.random()) / items)
        submitted_at = timezone.localtime(moment).replace(hour=rng.randint(7, 16), minute=rng.randint(0, 59))
        hours = rng.choice(PUBLICATION_HOURS) + rng.random()
        published_at = submitted_at + timedelta(hours=hours)
        if slug in existing:
            continue
        sender = rng.choice(senders)
        published = outcome < 0.8
        page = NewsArticlePage(
            title=f"{rng.choice(SYNTHETIC_TOPICS)} (tin lịch sử số {number + 1})",
            slug=slug,
            lead="Tin, bài mẫu dùng để kiểm tra tốc độ của báo cáo hoạt động biên tập.",
            body=json.dumps([{"type": "paragraph", "value": "<p>Nội dung mẫu.</p>"}]),
            owner=sender,
            live=published,
            has_unpublished_changes=not published,
            first_published_at=published_at if published else None,
            last_published_at=published_at if published else None,
            publication_date=published_at if published else None,
            section=section,
            contributing_unit=commune.unit if commune else (rng.choice(units) if units else None),
        )
        (commune or section).add_child(instance=page)
        workflow = commune_flow if commune else district
        reviewers = [board, board] if commune else [board, head]
        unit_id = page.contributing_unit_id
        if published:
            records += _run(
                page, workflow, sender, reviewers, submitted_at, published_at, outcome < 0.15, section.pk, unit_id
            )
        else:
            # Rejected items were given up afterwards: a run left "needs changes" without its task
            # states would break Wagtail's "your pages in a workflow" panel.
            state = _workflow_state(page, workflow, sender, WorkflowState.STATUS_CANCELLED, submitted_at)
            decided_at = submitted_at + timedelta(hours=rng.choice(FIRST_STEP_HOURS))
            if outcome > 0.95:
                ending = (Action.CANCELLED, sender, "", "")
            else:
                reason = rng.choice(list(RejectionReason.values))
                ending = (Action.REJECTED, board, workflows.BOARD_REVIEW, reason)
            records.append(
                _decision(page, page.title, section.pk, unit_id, sender, Action.SUBMITTED, submitted_at, sender, state)
            )
            action, user, step, reason = ending
            records.append(
                _decision(page, page.title, section.pk, unit_id, sender, action, decided_at, user, state, step, reason)
            )
        created += 1
        if len(records) > 1000:
            EditorialDecision.objects.bulk_create(records)
            records = []
    EditorialDecision.objects.bulk_create(records)
    return created
