"""Every figure of the report, counted from ``EditorialDecision`` (the recorded pipeline history),
never from the pages' current state: an item rejected, then resubmitted, counts as it happened.

The database does the counting (``values()``/``annotate(Count(..., filter=...))``, one query for
both periods, since a period of several years overlaps its own "cùng kỳ"); Python only merges
rows and computes the median and the 90th percentile of the processing times.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Unit
from core.text import person_name_from
from news.models import NewsCategoryPage

from ..models import EditorialDecision, RejectionReason, UnitTarget
from ..timeliness import WorkingCalendar
from .periods import Period, shift_years

Action = EditorialDecision.Action

# What the report calls each recorded action.
METRICS = {
    "received": Action.SUBMITTED,
    "resubmitted": Action.RESUBMITTED,
    "published": Action.PUBLISHED,
    "published_directly": Action.PUBLISHED_DIRECTLY,
    "sent_back": Action.CHANGES_REQUESTED,
    "rejected": Action.REJECTED,
    "withdrawn": Action.CANCELLED,
}
METRIC_LABELS = {
    "received": _("Received (submitted for approval)"),
    "resubmitted": _("Resubmitted after changes"),
    "published": _("Published on the portal"),
    "published_directly": _("Published directly, skipping review steps"),
    "sent_back": _("Sent back for changes"),
    "rejected": _("Rejected (not published)"),
    "withdrawn": _("Withdrawn by the sender"),
}
# The columns of the tables by section, unit and contributor.
BREAKDOWN_METRICS = ["received", "published", "sent_back", "rejected"]
PERCENTILE = 90
# How many sections the draft names as strengths.
STRENGTHS_LIMIT = 3


@dataclass(frozen=True)
class Figure:
    """A count in the period and in the same period of the previous year."""

    current: int = 0
    previous: int = 0

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def percent(self) -> Decimal | None:
        """Change in percent, one decimal; None when last year had nothing to compare with."""
        if not self.previous:
            return None
        value = Decimal(self.change * 100) / Decimal(self.previous)
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Row:
    key: object
    label: str
    figures: dict = field(default_factory=dict)
    kind: str = ""
    target: Decimal | None = None

    def __getattr__(self, name):
        # Templates read row.received, row.published...
        if name in BREAKDOWN_METRICS:
            return self.figures.get(name, Figure())
        raise AttributeError(name)

    @property
    def achievement(self) -> Decimal | None:
        """Items received as a share of the target for the period, in percent."""
        if not self.target:
            return None
        value = Decimal(self.figures.get("received", Figure()).current * 100) / self.target
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class MonthRow:
    month: date
    previous_month: date
    received: Figure
    published: Figure

    @property
    def label(self) -> str:
        return self.month.strftime("%m/%Y")


@dataclass
class StaleSection:
    key: int
    label: str
    last_published: datetime | None
    days: int | None


@dataclass
class TimingStats:
    """Submission to publication, for items published in the period.

    ``published`` is every publication of the period; ``count`` those with a recorded submission,
    the base of the median, the percentile and the share (a page the board published directly
    was never submitted, so it has no processing time)."""

    count: int = 0
    median: timedelta | None = None
    percentile: timedelta | None = None
    within_limit: int = 0
    published: int = 0

    @property
    def share_within_limit(self) -> Decimal | None:
        if not self.count:
            return None
        value = Decimal(self.within_limit * 100) / Decimal(self.count)
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def without_data(self) -> int:
        return self.published - self.count


@dataclass
class Report:
    period: Period
    previous: Period
    review_limit: int
    stale_after: int
    totals: dict
    rejections: list
    months: list
    sections: list
    units: list
    contributors: list
    silent_units: list
    stale_sections: list
    timing: TimingStats
    previous_timing: TimingStats
    active_units: int = 0

    @property
    def percentile(self) -> int:
        return PERCENTILE

    def total_rows(self):
        return [(METRIC_LABELS[key], figure) for key, figure in self.totals.items()]

    @property
    def stale_keys(self) -> set:
        return {stale.key for stale in self.stale_sections}

    def strongest_sections(self, limit: int = STRENGTHS_LIMIT) -> list:
        """The sections with the most items published in the period, among those still kept up
        to date: a section that went stale is a weakness, never also a strength."""
        stale = self.stale_keys
        kept_up = [row for row in self.sections if row.published.current and row.key not in stale]
        return sorted(kept_up, key=lambda row: -row.published.current)[:limit]

    def published_in(self, key) -> int:
        """Items published in the period in the section ``key``."""
        return next((row.published.current for row in self.sections if row.key == key), 0)


def _count(queryset, current, previous, *fields):
    """``fields`` with the count of decisions in each period (grouping without the default ordering)."""
    return (
        queryset.order_by().values(*fields).annotate(cur=Count("pk", filter=current), prev=Count("pk", filter=previous))
    )


def _figures(rows, key_field) -> dict:
    """{key: {metric: Figure}} from rows grouped by ``key_field`` and action."""
    metric_of = {action: metric for metric, action in METRICS.items()}
    grouped = defaultdict(dict)
    for row in rows:
        metric = metric_of.get(row["action"])
        if metric in BREAKDOWN_METRICS:
            grouped[row[key_field]][metric] = Figure(row["cur"], row["prev"])
    return grouped


def _nearest_rank(sorted_values, percent):
    rank = math.ceil(percent / 100 * len(sorted_values))
    return sorted_values[max(rank, 1) - 1]


def timing_stats(pairs, calendar: WorkingCalendar) -> TimingStats:
    """Median (the middle value, or the mean of the two middle ones), the 90th percentile by the
    nearest-rank method, and how many were published within the limit in working days, over the
    publications with a recorded submission (``submitted`` is None for the others)."""
    published = len(pairs)
    pairs = [(submitted, published_at) for submitted, published_at in pairs if submitted is not None]
    if not pairs:
        return TimingStats(published=published)
    durations = sorted(published_at - submitted for submitted, published_at in pairs)
    middle = len(durations) // 2
    median = durations[middle] if len(durations) % 2 else (durations[middle - 1] + durations[middle]) / 2
    return TimingStats(
        count=len(durations),
        median=median,
        percentile=_nearest_rank(durations, PERCENTILE),
        within_limit=sum(calendar.within_limit(submitted, published_at) for submitted, published_at in pairs),
        published=published,
    )


def _months(period: Period) -> list[date]:
    months, month = [], period.start.replace(day=1)
    while month <= period.end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _local_date(value) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def target_for_period(monthly: int, period: Period) -> Decimal:
    """The monthly target over the period; a partial month counts by its share of days."""
    total = Decimal(0)
    for month in _months(period):
        next_month = (month + timedelta(days=32)).replace(day=1)
        days_in_month = (next_month - month).days
        first, last = max(month, period.start), min(next_month - timedelta(days=1), period.end)
        total += Decimal(monthly) * Decimal((last - first).days + 1) / Decimal(days_in_month)
    return total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def build_report(period: Period, review_limit: int = 2, stale_after: int = 30, days_off=()) -> Report:
    previous = period.previous()
    cur_lo, cur_hi = period.bounds
    prev_lo, prev_hi = previous.bounds
    in_current = Q(created_at__gte=cur_lo, created_at__lt=cur_hi)
    in_previous = Q(created_at__gte=prev_lo, created_at__lt=prev_hi)
    decisions = EditorialDecision.objects.filter(in_current | in_previous)
    counted_actions = [METRICS[metric] for metric in BREAKDOWN_METRICS]
    calendar = WorkingCalendar(review_limit, days_off)

    # 1. Totals, and rejections by reason.
    totals = {metric: Figure() for metric in METRICS}
    by_reason = {}
    metric_of = {action: metric for metric, action in METRICS.items()}
    for row in _count(decisions, in_current, in_previous, "action", "reason"):
        metric = metric_of.get(row["action"])
        if metric is None:
            continue
        old = totals[metric]
        totals[metric] = Figure(old.current + row["cur"], old.previous + row["prev"])
        if row["action"] == Action.REJECTED:
            by_reason[row["reason"]] = Figure(row["cur"], row["prev"])
    rejections = [(reason.label, by_reason.get(reason.value, Figure())) for reason in RejectionReason]

    # 2. By month: this period's months against the same months a year before.
    monthly = {}
    month_rows = _count(
        decisions.filter(action__in=[Action.SUBMITTED, Action.PUBLISHED]).annotate(
            month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone())
        ),
        in_current,
        in_previous,
        "month",
        "action",
    )
    for row in month_rows:
        monthly[(_local_date(row["month"]), row["action"])] = (row["cur"], row["prev"])

    def month_figure(month, action):
        before = shift_years(month, -1)
        return Figure(monthly.get((month, action), (0, 0))[0], monthly.get((before, action), (0, 0))[1])

    months = [
        MonthRow(
            month, shift_years(month, -1), month_figure(month, Action.SUBMITTED), month_figure(month, Action.PUBLISHED)
        )
        for month in _months(period)
    ]

    # 3. By section: every section, those without items too.
    counted = decisions.filter(action__in=counted_actions)
    by_section = _figures(_count(counted, in_current, in_previous, "section_id", "action"), "section_id")
    sections = []
    section_pages = list(NewsCategoryPage.objects.order_by("path").values("pk", "title", "live"))
    for page in section_pages:
        if page["live"] or page["pk"] in by_section:
            sections.append(Row(page["pk"], page["title"], by_section.get(page["pk"], {})))
    if None in by_section:
        sections.append(Row(None, str(_("(no section)")), by_section[None]))

    # 4. By unit, with the targets; and the units that sent nothing.
    by_unit = _figures(_count(counted, in_current, in_previous, "unit_id", "action"), "unit_id")
    targets = dict(UnitTarget.objects.values_list("unit_id", "monthly_target"))
    units, silent_units, active_units = [], [], 0
    for unit in Unit.objects.order_by("sort_key"):
        expected = unit.is_active and unit.kind != Unit.Kind.SUPERIOR
        figures = by_unit.get(unit.pk, {})
        active_units += expected
        if expected and not figures.get("received", Figure()).current:
            silent_units.append(unit)
        if expected or unit.pk in by_unit or unit.pk in targets:
            target = target_for_period(targets[unit.pk], period) if unit.pk in targets else None
            units.append(Row(unit.pk, unit.name, figures, kind=unit.get_kind_display(), target=target))
    units.sort(key=lambda row: -row.received.current)
    if None in by_unit:
        units.append(Row(None, str(_("(no unit given)")), by_unit[None]))

    # 5. By contributor (who submitted).
    contributor_rows = _count(
        counted,
        in_current,
        in_previous,
        "submitter_id",
        "submitter__username",
        "submitter__first_name",
        "submitter__last_name",
        "action",
    )
    by_contributor = _figures(contributor_rows, "submitter_id")
    names = {
        row["submitter_id"]: person_name_from(
            row["submitter__last_name"], row["submitter__first_name"], row["submitter__username"]
        )
        for row in contributor_rows
        if row["submitter_id"] is not None
    }
    contributors = [Row(key, names.get(key) or str(_("(unknown)")), figures) for key, figures in by_contributor.items()]
    contributors.sort(key=lambda row: (-row.received.current, -row.published.current, row.label))

    # 6. Stale sections: nothing published for `stale_after` days before the end of the period.
    last_published = dict(
        EditorialDecision.objects.filter(action=Action.PUBLISHED, created_at__lt=cur_hi, section__isnull=False)
        .order_by()
        .values("section_id")
        .annotate(last=Max("created_at"))
        .values_list("section_id", "last")
    )
    stale_sections = []
    for page in section_pages:
        if not page["live"]:
            continue
        last = last_published.get(page["pk"])
        days = (period.end - timezone.localtime(last).date()).days if last else None
        if days is None or days >= stale_after:
            stale_sections.append(StaleSection(page["pk"], page["title"], last, days))

    # 7. Submission to publication. A publication that ends a workflow run is paired with the
    # run's first submission (its resubmission, for a run that sends a rejected item again). One
    # recorded without a run (history written before runs were recorded, or imported, such as the
    # demo's) is paired with its page's last submission without a run,
    # provided the page was not published in between (else it is a republication). Publications
    # with neither (a page published outside any workflow) have no processing time: they are left out of
    # the figures, and the report says on how many of the publications the figures are based.
    first_submission = (
        EditorialDecision.objects.filter(
            workflow_state=OuterRef("workflow_state"), action__in=[Action.SUBMITTED, Action.RESUBMITTED]
        )
        .order_by("created_at", "pk")
        .values("created_at")[:1]
    )
    page_submission = (
        EditorialDecision.objects.filter(
            page=OuterRef("page"),
            workflow_state__isnull=True,
            action=Action.SUBMITTED,
            created_at__lte=OuterRef("created_at"),
        )
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    page_publication = (
        EditorialDecision.objects.filter(
            page=OuterRef("page"), action=Action.PUBLISHED, created_at__lt=OuterRef("created_at")
        )
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    published = (
        decisions.filter(action=Action.PUBLISHED)
        .order_by()
        .annotate(
            run_submitted=Subquery(first_submission),
            page_submitted=Subquery(page_submission),
            page_published=Subquery(page_publication),
        )
        .values_list("workflow_state_id", "run_submitted", "page_submitted", "page_published", "created_at")
    )
    current_pairs, previous_pairs = [], []
    for run, run_submitted, page_submitted, page_published, published_at in published:
        if run is not None:
            submitted_at = run_submitted
        elif page_submitted is not None and (page_published is None or page_submitted > page_published):
            submitted_at = page_submitted
        else:
            submitted_at = None
        if cur_lo <= published_at < cur_hi:
            current_pairs.append((submitted_at, published_at))
        if prev_lo <= published_at < prev_hi:
            previous_pairs.append((submitted_at, published_at))

    return Report(
        period=period,
        previous=previous,
        review_limit=review_limit,
        stale_after=stale_after,
        totals=totals,
        rejections=rejections,
        months=months,
        sections=sections,
        units=units,
        contributors=contributors,
        silent_units=silent_units,
        stale_sections=stale_sections,
        timing=timing_stats(current_pairs, calendar),
        previous_timing=timing_stats(previous_pairs, calendar),
        active_units=active_units,
    )


def build_report_for_settings(period: Period, editorial_settings) -> Report:
    return build_report(
        period,
        review_limit=editorial_settings.review_limit,
        stale_after=editorial_settings.stale_after,
        days_off=editorial_settings.days_off(),
    )
