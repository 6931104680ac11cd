"""What a week's schedule is made of: its entries, and the leaders who chair them.

Below the pages (models.py), so that what serves the pages (serving.py, changes.py, ics.py)
can read entries without importing the pages that import it.
"""

import uuid
from datetime import time

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


class Leader(models.Model):
    """A leader whose schedule is published, offered as "chaired by" and in the public filter."""

    name = models.CharField(_("full name"), max_length=120)
    position = models.CharField(
        _("position"), max_length=200, help_text=_("As the schedule prints it, e.g. “Chủ tịch UBND huyện”.")
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Leaders are listed by this number, smallest first.")
    )
    is_active = models.BooleanField(
        _("in office"),
        default=True,
        help_text=_("Leaders no longer in office stay on past schedules but are not offered in the public filter."),
    )

    panels = [FieldPanel("name"), FieldPanel("position"), FieldPanel("sort_order"), FieldPanel("is_active")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")

    def __str__(self):
        return f"{self.name} – {self.position}" if self.position else self.name


class ScheduleEntry(Orderable):
    """One line of the schedule: who does what, when and where."""

    class PartOfDay(models.TextChoices):
        MORNING = "morning", _("Morning")
        AFTERNOON = "afternoon", _("Afternoon")
        EVENING = "evening", _("Evening")

    page = ParentalKey("schedule.WeeklySchedulePage", on_delete=models.CASCADE, related_name="entries")
    # Survives every revision and publication, unlike the row's primary key: it tells which
    # entries changed since the first publication and gives calendar events a stable UID.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    day = models.DateField(_("day"))
    part_of_day = models.CharField(
        _("part of the day"), max_length=10, choices=PartOfDay.choices, default=PartOfDay.MORNING
    )
    start_time = models.TimeField(
        _("start time"), null=True, blank=True, help_text=_("Empty: the part of the day is shown alone.")
    )
    content = models.TextField(_("content"), max_length=2000)
    chaired_by = models.ForeignKey(
        Leader,
        verbose_name=_("chaired by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="schedule_entries",
    )
    chaired_by_other = models.CharField(
        _("chaired by (other)"),
        max_length=255,
        blank=True,
        help_text=_("For someone not in the list of leaders."),
    )
    attendees = models.TextField(_("attendees"), blank=True, max_length=1000)
    place = models.CharField(_("place"), max_length=255, blank=True)
    preparing_unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("preparing unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="schedule_entries",
    )
    notes = models.CharField(_("notes"), max_length=500, blank=True)

    panels = [
        FieldRowPanel(
            [
                FieldPanel("day", required_on_save=True),
                FieldPanel("part_of_day", required_on_save=True),
                FieldPanel("start_time"),
            ]
        ),
        FieldPanel("content", widget=forms.Textarea(attrs={"rows": 2}), required_on_save=True),
        FieldRowPanel([FieldPanel("chaired_by", widget=forms.Select), FieldPanel("chaired_by_other")]),
        FieldPanel("attendees", widget=forms.Textarea(attrs={"rows": 2})),
        FieldRowPanel([FieldPanel("place"), FieldPanel("preparing_unit", widget=forms.Select)]),
        FieldPanel("notes"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("schedule entry")
        verbose_name_plural = _("schedule entries")

    def __str__(self):
        return self.content[:80]

    def clean(self):
        super().clean()
        if self.start_time is not None and self.part_of_day in PART_RANGES:
            earliest, latest, message = PART_RANGES[self.part_of_day]
            if not earliest <= self.start_time <= latest:
                raise ValidationError({"start_time": message % {"time": f"{self.start_time:%H:%M}"}})

    @property
    def sort_key(self):
        part = PART_ORDER.get(self.part_of_day, 0)
        return (self.day, part, self.start_time or DEFAULT_TIMES[self.part_of_day][0], self.sort_order or 0)

    @property
    def chair(self) -> str:
        """Who chairs it, as printed: the leader, the other name, or both."""
        names = [str(self.chaired_by) if self.chaired_by_id else "", self.chaired_by_other.strip()]
        return "; ".join(name for name in names if name)


PART_ORDER = {
    ScheduleEntry.PartOfDay.MORNING: 0,
    ScheduleEntry.PartOfDay.AFTERNOON: 1,
    ScheduleEntry.PartOfDay.EVENING: 2,
}
# (start, end) given to calendar events of entries without a start time; the start also sorts them.
DEFAULT_TIMES = {
    ScheduleEntry.PartOfDay.MORNING: (time(7, 30), time(11, 30)),
    ScheduleEntry.PartOfDay.AFTERNOON: (time(13, 30), time(17, 0)),
    ScheduleEntry.PartOfDay.EVENING: (time(19, 0), time(21, 0)),
}
# The start times each part of the day accepts; afternoon and evening overlap on purpose
# (a 17:30 dinner may be written either way).
PART_RANGES = {
    ScheduleEntry.PartOfDay.MORNING: (
        time(0, 0),
        time(11, 59),
        _("%(time)s is not in the morning: a morning entry starts before 12:00."),
    ),
    ScheduleEntry.PartOfDay.AFTERNOON: (
        time(12, 0),
        time(18, 0),
        _("%(time)s is not in the afternoon: an afternoon entry starts between 12:00 and 18:00."),
    ),
    ScheduleEntry.PartOfDay.EVENING: (
        time(17, 0),
        time(23, 59),
        _("%(time)s is not in the evening: an evening entry starts at 17:00 or later."),
    ),
}
