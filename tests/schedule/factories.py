"""Factories and helpers for the schedule app's tests."""

import datetime

import factory
import wagtail_factories

from schedule.entries import Leader, ScheduleEntry
from schedule.models import ScheduleIndexPage, WeeklySchedulePage


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leader

    name = factory.Sequence(lambda n: f"Nguyễn Văn Lãnh {n}")
    position = "Phó Chủ tịch UBND huyện"
    sort_order = factory.Sequence(lambda n: n)


class ScheduleIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ScheduleIndexPage

    title = "Lịch công tác"
    slug = "lich-cong-tac"
    show_in_menus = True


def make_week(parent, monday: datetime.date, entries=(), publish=True, user=None) -> WeeklySchedulePage:
    """A week page under ``parent`` with ``entries`` (dicts of ScheduleEntry fields), published by default."""
    page = WeeklySchedulePage(week_start=monday, live=False, has_unpublished_changes=True)
    page.entries = [ScheduleEntry(**fields) for fields in entries]
    parent.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    return WeeklySchedulePage.objects.get(pk=page.pk)


def entry(day: datetime.date, content="Họp giao ban", part="morning", **fields) -> dict:
    return {"day": day, "content": content, "part_of_day": part, **fields}


def latest_for_editing(page: WeeklySchedulePage) -> WeeklySchedulePage:
    """The page's latest content, with its entries held in memory so edits to them are kept."""
    latest = page.get_latest_revision_as_object()
    latest.entries = list(latest.entries.all())
    return latest


def republish(page: WeeklySchedulePage, change) -> WeeklySchedulePage:
    """Publish a new revision of ``page`` after ``change(latest_object)`` edits it."""
    latest = latest_for_editing(page)
    change(latest)
    latest.save_revision().publish()
    return WeeklySchedulePage.objects.get(pk=page.pk)
