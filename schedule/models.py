"""The leaders' weekly work schedules (lịch công tác tuần).

``ScheduleIndexPage`` ("Lịch công tác") shows the week asked for, the current one by default;
each published week is a ``WeeklySchedulePage`` whose entries (entries.py) are edited inline.
"""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Value, When
from django.db.models.functions import Coalesce, Length, Substr
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.expiry import unexpired_q
from core.pages import BasePage, SectionIndexPage

from . import serving, weeks
from .entries import DEFAULT_TIMES, PART_ORDER, ScheduleEntry
from .forms import WeeklySchedulePageForm
from .titles import week_title

# Entries shown in the home page's box before "the whole week" link.
DAY_BOX_LIMIT = 12


def unrestricted(path_lookup: str = "path") -> Exists:
    """True for pages with no view restriction on themselves or an ancestor.

    Wagtail's ``public()`` first reads every restriction in a query of its own; this does the
    same test inside the main query, so a listing costs one query.
    """
    restrictions = PageViewRestriction.objects.filter(page__path=Substr(OuterRef(path_lookup), 1, Length("page__path")))
    return ~Exists(restrictions)


class ScheduleIndexPage(RoutablePageMixin, SectionIndexPage):
    """ "Lịch công tác": the week asked for (the current one by default) and the calendar feeds."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["schedule.WeeklySchedulePage"]
    # The explorer lists the weeks newest week first, not by last edit (where week 50, edited
    # yesterday, would come before week 51). Wagtail orders the children's query by this value
    # as it stands; its column headers still offer the other orders.
    admin_default_ordering = "-weeklyschedulepage__week_start"

    class Meta:
        verbose_name = _("work schedule index")
        verbose_name_plural = _("work schedule indexes")

    def published_weeks(self):
        """The live, public, unexpired week pages of this schedule."""
        return WeeklySchedulePage.objects.filter(schedule_index=self).live().filter(unrestricted(), unexpired_q())

    def week_url(self, monday: date, request=None, **params) -> str:
        query = {"week": weeks.format_iso_week(monday), **{k: v for k, v in params.items() if v}}
        return f"{self.get_url(request)}?{urlencode(query)}"

    def feed_url(self, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("feed")

    def week_ics_url(self, monday: date, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("week_ics", kwargs={"week": weeks.format_iso_week(monday)})

    @path("")
    def week_view(self, request):
        return serving.serve_index_week(request, self)

    @path("ics/", name="feed")
    def feed(self, request):
        return serving.serve_feed(request, self)

    @re_path(r"^ics/(?P<week>[0-9]{4}-[Ww][0-9]{2})/$", name="week_ics")
    def week_ics(self, request, week):
        return serving.serve_week_ics(request, self, week)


class WeeklySchedulePageQuerySet(PageQuerySet):
    def for_week(self, monday: date):
        return self.filter(week_start=monday)


WeeklySchedulePageManager = PageManager.from_queryset(WeeklySchedulePageQuerySet)


def week_slug(monday: date) -> str:
    return weeks.format_iso_week(monday).lower()


class WeeklySchedulePage(BasePage):
    """The schedule of one ISO week. Title and slug follow the week: the editor only picks it."""

    week_start = models.DateField(
        _("week starting on (Monday)"),
        help_text=_("The Monday of the week, e.g. 23/11/2026 for week 48 of 2026."),
    )
    # Set from the parent on save: the database then keeps one page per week and schedule.
    schedule_index = models.ForeignKey(
        ScheduleIndexPage, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    note = models.TextField(
        _("note"),
        blank=True,
        max_length=1000,
        help_text=_("Shown above the schedule, e.g. who to ask about changes."),
    )

    objects = WeeklySchedulePageManager()
    base_form_class = WeeklySchedulePageForm

    content_panels = [
        FieldPanel("week_start"),
        FieldPanel("note"),
        InlinePanel("entries", heading=_("Entries"), label=_("entry")),
    ]
    promote_panels = [MultiFieldPanel([FieldPanel("search_description")], heading=_("For search engines"))]

    search_fields = [
        *BasePage.search_fields,
        index.FilterField("week_start"),
        index.RelatedFields(
            "entries",
            [index.SearchField("content"), index.SearchField("place"), index.SearchField("attendees")],
        ),
    ]

    parent_page_types = ["schedule.ScheduleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("weekly work schedule")
        verbose_name_plural = _("weekly work schedules")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule_index", "week_start"],
                name="schedule_one_page_per_week",
                violation_error_message=_("This schedule already has a page for that week."),
            )
        ]

    @property
    def iso_week(self) -> str:
        return weeks.format_iso_week(self.week_start)

    @property
    def week_end(self) -> date:
        return weeks.week_end(self.week_start)

    def _parent_page(self):
        if self.path:
            return self.get_parent()
        return getattr(self, "_cached_parent_obj", None)

    def _derive_from_week(self):
        if isinstance(self.week_start, date) and weeks.is_in_range(self.week_start):
            self.title = week_title(self.week_start)
            self.slug = week_slug(self.week_start)

    def full_clean(self, *args, **kwargs):
        self._derive_from_week()
        super().full_clean(*args, **kwargs)

    def clean(self):
        if isinstance(self.week_start, date):
            self.validate_week(self.week_start, self._parent_page(), self.pk)
        super().clean()

    @staticmethod
    def validate_week(monday: date, parent, own_pk=None):
        """Raise a ValidationError on "week_start" unless ``monday`` may start a new week page here."""
        if monday.weekday() != 0:
            raise ValidationError(
                {
                    "week_start": _("%(day)s is a %(weekday)s; a week starts on Monday, here %(monday)s.")
                    % {
                        "day": f"{monday:%d/%m/%Y}",
                        "weekday": date_format(monday, "l"),
                        "monday": f"{weeks.monday_of(monday):%d/%m/%Y}",
                    }
                }
            )
        if not weeks.is_in_range(monday):
            raise ValidationError(
                {
                    "week_start": _("Choose a week between %(first)s and %(last)s.")
                    % {"first": weeks.MIN_YEAR, "last": weeks.MAX_YEAR}
                }
            )
        if parent is not None:
            existing = WeeklySchedulePage.objects.child_of(parent).filter(week_start=monday)
            if own_pk:
                existing = existing.exclude(pk=own_pk)
            if existing.exists():
                raise ValidationError(
                    {
                        "week_start": _("There is already a schedule for week %(week)s (%(dates)s); edit that one.")
                        % {"week": weeks.iso_week(monday)[1], "dates": weeks.date_range_label(monday)}
                    }
                )

    def save(self, *args, **kwargs):
        self._derive_from_week()
        parent = self._parent_page()
        if parent is not None and parent.specific_class is ScheduleIndexPage:
            self.schedule_index_id = parent.pk
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(serving.week_context(request, self.get_parent().specific, self.week_start, week_page=self))
        return context


def _public_entries(schedule_index, **filters):
    """Entries of live, public weeks of ``schedule_index``, in the order a schedule prints them."""
    return (
        ScheduleEntry.objects.filter(page__schedule_index=schedule_index, page__live=True, **filters)
        .filter(unrestricted("page__path"), unexpired_q(prefix="page__"))
        .select_related("chaired_by")
        .annotate(
            part_rank=Case(*[When(part_of_day=part, then=Value(rank)) for part, rank in PART_ORDER.items()]),
            effective_time=Coalesce(
                "start_time",
                Case(*[When(part_of_day=part, then=Value(times[0])) for part, times in DEFAULT_TIMES.items()]),
            ),
        )
        .order_by("day", "part_rank", "effective_time", "sort_order", "pk")
    )


def _live_schedule_index(site_root):
    return ScheduleIndexPage.objects.child_of(site_root).live().filter(unrestricted()).first()


@dataclass
class WeekAtAGlance:
    """What the home page's box shows: the rest of the current week, day by day."""

    today: date
    monday: date
    index: ScheduleIndexPage
    days: list[tuple[date, list[ScheduleEntry]]] = field(default_factory=list)
    more: bool = False

    @property
    def week_number(self) -> int:
        return weeks.iso_week(self.monday)[1]

    @property
    def date_range(self) -> str:
        return weeks.date_range_label(self.monday)


def week_at_a_glance(site_root, today: date, limit: int = DAY_BOX_LIMIT) -> WeekAtAGlance | None:
    """The live, public entries from ``today`` to the end of its ISO week, grouped by day.

    Two queries whatever the number of entries; None when the site has no live schedule index.
    """
    schedule_index = _live_schedule_index(site_root)
    if schedule_index is None:
        return None
    monday = weeks.monday_of(today)
    found = list(_public_entries(schedule_index, day__gte=today, day__lte=weeks.week_end(monday))[: limit + 1])
    days = {}
    for entry in found[:limit]:
        days.setdefault(entry.day, []).append(entry)
    return WeekAtAGlance(
        today=today, monday=monday, index=schedule_index, days=list(days.items()), more=len(found) > limit
    )
