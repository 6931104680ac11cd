"""“Copy last week”: next week's draft made from a week, entries moved on by seven days."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from . import weeks
from .entries import ScheduleEntry
from .models import WeeklySchedulePage

COPIED_FIELDS = [
    "part_of_day",
    "start_time",
    "content",
    "chaired_by_id",
    "chaired_by_other",
    "attendees",
    "place",
    "preparing_unit_id",
    "notes",
    "sort_order",
]


class CopyRefused(Exception):
    """The copy cannot be made; ``page`` is the week already there, if that is why."""

    def __init__(self, message, page=None):
        super().__init__(message)
        self.message = message
        self.page = page


def week_exists(page) -> CopyRefused:
    return CopyRefused(
        _("%(title)s already exists, so nothing was copied. Edit it instead.") % {"title": page.title}, page
    )


def latest_week(schedule_index):
    """The week page of ``schedule_index`` furthest in the future, draft or live."""
    return WeeklySchedulePage.objects.filter(schedule_index=schedule_index).order_by("-week_start").first()


def existing_week(schedule_index, monday):
    return WeeklySchedulePage.objects.child_of(schedule_index).filter(week_start=monday).first()


def copy_to_next_week(source: WeeklySchedulePage, user) -> WeeklySchedulePage:
    """Create the draft of the week after ``source`` from its latest revision.

    Raises CopyRefused when that week already has a page or is out of range.
    """
    schedule_index = source.get_parent().specific
    target = weeks.next_week(source.week_start)
    if not weeks.is_in_range(target):
        raise CopyRefused(_("The week after this one is out of the range the schedule accepts."))
    existing = existing_week(schedule_index, target)
    if existing is not None:
        raise week_exists(existing)
    content = source.get_latest_revision_as_object()
    copy = WeeklySchedulePage(
        week_start=target,
        note=content.note,
        owner=user,
        live=False,
        has_unpublished_changes=True,
    )
    copy.entries = [
        ScheduleEntry(day=entry.day + timedelta(days=7), **{name: getattr(entry, name) for name in COPIED_FIELDS})
        for entry in content.entries.all()
    ]
    try:
        with transaction.atomic():
            schedule_index.add_child(instance=copy)
            copy.save_revision(user=user, log_action=False)
            log(instance=copy, action="wagtail.create", user=user)
    except (IntegrityError, ValidationError):
        # Someone else created the week between the check and the save.
        existing = existing_week(schedule_index, target)
        if existing is None:
            raise
        raise week_exists(existing) from None
    return copy
