"""Reminders of overdue reviews, and the weekly digest for the board heads.

Both are safe to run from cron as often as one likes: ``ReminderLog`` records what was sent, so
a reviewer hears of an overdue item at most once a (local) day, and a head gets one digest an ISO
week. A log row is written before the e-mail goes and removed if sending fails, so two runs at
the same moment cannot both send, and a failed send is retried by the next run.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from wagtail.models import Page, TaskState, WorkflowState

from core.links import admin_base_url, admin_url, page_edit_url

from . import roles
from .models import EditorialSettings, ReminderLog
from .notifications import _send
from .report.periods import Period
from .report.queries import build_report_for_settings
from .timeliness import OVERDUE, WorkingCalendar, calendar_from_settings


@dataclass
class WaitingItem:
    page: Page
    step: str
    submitter: object
    started_at: datetime
    deadline: datetime
    reviewers: list

    @property
    def title(self):
        return self.page.title

    @property
    def page_id(self):
        return self.page.pk

    @property
    def edit_url(self):
        return page_edit_url(self.page.pk)


def waiting_items(calendar: WorkingCalendar, now: datetime, overdue_only=True) -> list[WaitingItem]:
    """Items waiting at a review step (oldest first), with their reviewers and deadline."""
    states = (
        TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS, workflow_state__status=WorkflowState.STATUS_IN_PROGRESS
        )
        .select_related("task", "workflow_state__requested_by")
        .order_by("started_at", "pk")
    )
    if overdue_only:
        # N working days are never fewer than N calendar days: a cheap first cut in the database.
        states = states.filter(started_at__lt=now - timedelta(days=calendar.limit))
    states = list(states)
    pages = {
        page.pk: page
        for page in Page.objects.filter(pk__in=[int(state.workflow_state.object_id) for state in states]).specific(
            defer=True
        )
    }
    tasks = {}
    items = []
    for state in states:
        page = pages.get(int(state.workflow_state.object_id))
        timeliness = calendar.timeliness(state.started_at, now)
        if page is None or (overdue_only and timeliness.status != OVERDUE):
            continue
        task = tasks.setdefault(state.task_id, state.task.specific)
        items.append(
            WaitingItem(
                page=page,
                step=task.name,
                submitter=state.workflow_state.requested_by,
                started_at=state.started_at,
                deadline=timeliness.deadline,
                reviewers=list(task.get_reviewers(page)),
            )
        )
    return items


def _context(extra):
    return {"base_url": admin_base_url(), **extra}


def _claim(kind, recipient, period, page=None) -> ReminderLog | None:
    """The log row of this reminder if it is ours to send, None if it was already sent."""
    try:
        with transaction.atomic():
            log, created = ReminderLog.objects.get_or_create(kind=kind, recipient=recipient, page=page, period=period)
    except IntegrityError:
        return None
    return log if created else None


def send_overdue_reminders(now: datetime | None = None) -> tuple[int, int]:
    """E-mail each reviewer the overdue items they have not been told of today.

    Returns (e-mails sent, items listed in them).
    """
    now = now or timezone.now()
    editorial_settings = EditorialSettings.current()
    calendar = calendar_from_settings(editorial_settings)
    today = timezone.localdate(now).isoformat()
    by_reviewer = {}
    for item in waiting_items(calendar, now):
        for reviewer in item.reviewers:
            if reviewer.is_active and reviewer.email:
                by_reviewer.setdefault(reviewer, []).append(item)
    emails = listed = 0
    for reviewer, items in by_reviewer.items():
        claimed = [(item, _claim(ReminderLog.Kind.OVERDUE, reviewer, today, page=item.page)) for item in items]
        claimed = [(item, log) for item, log in claimed if log is not None]
        if not claimed:
            continue
        context = _context({"items": [item for item, _log in claimed], "review_limit": calendar.limit})
        if _send("overdue_reminder", [reviewer], context):
            emails += 1
            listed += len(claimed)
        else:
            ReminderLog.objects.filter(pk__in=[log.pk for _item, log in claimed]).delete()
    return emails, listed


def iso_week(day) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def send_weekly_digest(now: datetime | None = None) -> int:
    """The board heads' digest of last week (Monday to Sunday), once an ISO week. Returns e-mails sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    editorial_settings = EditorialSettings.current()
    calendar = calendar_from_settings(editorial_settings)
    monday = today - timedelta(days=today.weekday())
    last_week = Period(monday - timedelta(days=7), monday - timedelta(days=1))
    heads = (
        get_user_model()
        .objects.filter(groups__name=roles.BOARD_HEADS, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    waiting = waiting_items(calendar, now, overdue_only=False)
    overdue = [item for item in waiting if item.deadline < now]
    context = _context(
        {
            "week": last_week,
            "report": build_report_for_settings(last_week, editorial_settings),
            "year_to_date": build_report_for_settings(Period(today.replace(month=1, day=1), today), editorial_settings),
            "waiting_count": len(waiting),
            "overdue": overdue,
            "review_limit": calendar.limit,
            "report_url": admin_url("editorial_activity_report"),
        }
    )
    sent = 0
    for head in heads:
        if _claim(ReminderLog.Kind.DIGEST, head, iso_week(today)) is None:
            continue
        if _send("weekly_digest", [head], context):
            sent += 1
        else:
            ReminderLog.objects.filter(kind=ReminderLog.Kind.DIGEST, recipient=head, period=iso_week(today)).delete()
    return sent
