"""What the schedule pages serve: the week table and the iCalendar downloads.

The pages (models.py) call these with themselves. Every URL parameter is checked here; a bad
one gives the current week (or no filter) and a notice saying so, never an error page.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import ics, weeks
from .changes import PublicationHistory, RemovedEntry, publication_history
from .entries import Leader, ScheduleEntry
from .titles import week_title

# Weeks offered by the subscribable calendar feed, relative to the current week.
FEED_WEEKS_BEFORE = 1
FEED_WEEKS_AFTER = 4
WEEK_PARAM = "week"
LEADER_PARAM = "leader"
_LEADER_ID = re.compile(r"[0-9]{1,9}")


@dataclass
class DayRow:
    day: date
    is_today: bool
    entries: list[ScheduleEntry] = field(default_factory=list)
    removed: list[RemovedEntry] = field(default_factory=list)


def requested_week(request) -> tuple[date, list]:
    """The Monday of the ``?week=`` asked for, or of the current week with a notice if it is not valid."""
    current = weeks.monday_of(timezone.localdate())
    raw = request.GET.get(WEEK_PARAM, "")
    if not raw.strip():
        return current, []
    try:
        return weeks.parse_iso_week(raw), []
    except ValueError:
        return current, [
            _("The week asked for does not exist or is not written like 2026-W48; the current week is shown.")
        ]


def requested_leader(request, leaders) -> tuple[Leader | None, list]:
    raw = request.GET.get(LEADER_PARAM, "").strip()
    if not raw:
        return None, []
    if _LEADER_ID.fullmatch(raw):
        leader = next((leader for leader in leaders if leader.pk == int(raw)), None)
        if leader is not None:
            return leader, []
    return None, [_("The leader asked for was not found; the schedule of all leaders is shown.")]


def week_entries(week_page) -> list[ScheduleEntry]:
    """The page's entries in the order the table shows them, with what the table shows about them."""
    entries = list(week_page.entries.all().select_related("chaired_by", "preparing_unit"))
    return sorted(entries, key=lambda entry: entry.sort_key)


def week_context(request, schedule_index, monday: date, week_page=None, notices=()) -> dict:
    """Everything the week table needs, in a fixed number of queries whatever the week holds."""
    today = timezone.localdate()
    leaders = list(Leader.objects.all())
    leader, leader_notices = requested_leader(request, leaders)
    history = PublicationHistory()
    entries = []
    if week_page is not None:
        entries = week_entries(week_page)
        history = publication_history(week_page, entries, preview=getattr(request, "is_preview", False))
        for entry in entries:
            entry.change = history.marks.get(str(entry.uid))
    removed = history.removed
    if leader is not None:
        entries = [entry for entry in entries if entry.chaired_by_id == leader.pk]
        removed = [entry for entry in removed if entry.chaired_by_id == leader.pk]

    days = [DayRow(day=day, is_today=day == today) for day in weeks.week_days(monday)]
    by_day = {row.day: row for row in days}
    for entry in entries:
        if entry.day in by_day:
            by_day[entry.day].entries.append(entry)
    for entry in removed:
        if entry.day in by_day:
            by_day[entry.day].removed.append(entry)

    leader_id = leader.pk if leader else None
    previous_monday, next_monday = weeks.previous_week(monday), weeks.next_week(monday)
    current_monday = weeks.monday_of(today)
    return {
        "schedule_index": schedule_index,
        "week_page": week_page,
        "monday": monday,
        "sunday": weeks.week_end(monday),
        "iso_week": weeks.format_iso_week(monday),
        "week_heading": week_title(monday),
        "days": days,
        "entry_count": len(entries),
        "today": today,
        "is_current_week": monday == current_monday,
        "current_week_url": schedule_index.get_url(request),
        "previous_week_url": (
            schedule_index.week_url(previous_monday, request, leader=leader_id)
            if weeks.is_in_range(previous_monday)
            else None
        ),
        "next_week_url": (
            schedule_index.week_url(next_monday, request, leader=leader_id) if weeks.is_in_range(next_monday) else None
        ),
        "week_input_min": f"{weeks.MIN_YEAR}-W01",
        "week_input_max": f"{weeks.MAX_YEAR}-W{weeks.weeks_in_year(weeks.MAX_YEAR):02d}",
        "leaders": [item for item in leaders if item.is_active or item == leader],
        "leader": leader,
        "notices": [*notices, *leader_notices],
        "history": history,
        "week_ics_url": (
            _with_leader(schedule_index.week_ics_url(monday, request), leader_id)
            if week_page is not None and week_page.live
            else None
        ),
        "feed_url": _with_leader(schedule_index.feed_url(request), leader_id),
    }


def _with_leader(url: str, leader_id) -> str:
    return f"{url}?{LEADER_PARAM}={leader_id}" if leader_id else url


def serve_index_week(request, schedule_index):
    monday, notices = requested_week(request)
    week_page = schedule_index.published_weeks().for_week(monday).first()
    context = week_context(request, schedule_index, monday, week_page, notices=notices)
    if week_page is not None:
        context["canonical_url"] = week_page.get_full_url(request)
    elif request.GET.get(WEEK_PARAM) and not notices:
        context["canonical_url"] = schedule_index.get_full_url(request) + f"?{WEEK_PARAM}={context['iso_week']}"
    return schedule_index.render(request, context_overrides=context)


def _leader_filter(request):
    raw = request.GET.get(LEADER_PARAM, "").strip()
    if _LEADER_ID.fullmatch(raw):
        return Leader.objects.filter(pk=int(raw)).first()
    return None


def serve_week_ics(request, schedule_index, week: str):
    try:
        monday = weeks.parse_iso_week(week)
    except ValueError:
        raise Http404 from None
    week_page = schedule_index.published_weeks().for_week(monday).first()
    if week_page is None:
        raise Http404
    entries = ScheduleEntry.objects.filter(page=week_page).select_related("page", "chaired_by", "preparing_unit")
    leader = _leader_filter(request)
    if leader is not None:
        entries = entries.filter(chaired_by=leader)
    body = ics.build_calendar(
        request,
        entries,
        name=week_page.title,
        calendar_id=f"lich-cong-tac-{weeks.format_iso_week(monday)}",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lich-cong-tac-{weeks.format_iso_week(monday)}.ics"'
    return response


def serve_feed(request, schedule_index):
    """The subscribable calendar: the published weeks from last week to a few weeks ahead."""
    current = weeks.monday_of(timezone.localdate())
    first = current - timedelta(weeks=FEED_WEEKS_BEFORE)
    last = current + timedelta(weeks=FEED_WEEKS_AFTER)
    pages = schedule_index.published_weeks().filter(week_start__range=(first, last))
    entries = ScheduleEntry.objects.filter(page__in=pages).select_related("page", "chaired_by", "preparing_unit")
    leader = _leader_filter(request)
    name = schedule_index.title
    if leader is not None:
        entries = entries.filter(chaired_by=leader)
        name = f"{schedule_index.title} – {leader.name}"
    body = ics.build_calendar(
        request,
        entries,
        name=name,
        calendar_id=f"lich-cong-tac-{schedule_index.pk}" + (f"-{leader.pk}" if leader else ""),
        refresh=timedelta(hours=1),
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
