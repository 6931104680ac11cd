"""iCalendar (RFC 5545) output of schedule entries, with the icalendar package.

Times are local to the district (Asia/Ho_Chi_Minh, sent with its VTIMEZONE); an entry without
a start time gets its part of the day's usual hours. Event UIDs are the entry's uid and the
site's host, so a calendar that subscribed updates events instead of duplicating them.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vDuration

from django.conf import settings
from django.utils.translation import gettext as _

from wagtail.models import Site

from .entries import DEFAULT_TIMES

PRODID = "-//Cong TTDT huyen Thach Ha//Lich cong tac//VI"
MINIMUM_LENGTH = timedelta(hours=1)


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def event_times(entry) -> tuple[datetime, datetime]:
    """Start and end: the start time or the part of the day's, ending with the part of the day."""
    zone = local_zone()
    default_start, default_end = DEFAULT_TIMES[entry.part_of_day]
    start = datetime.combine(entry.day, entry.start_time or default_start, tzinfo=zone)
    end = max(datetime.combine(entry.day, default_end, tzinfo=zone), start + MINIMUM_LENGTH)
    return start, end


def event_description(entry) -> str:
    lines = []
    if entry.chair:
        lines.append(_("Chaired by: %(name)s") % {"name": entry.chair})
    if entry.attendees:
        lines.append(_("Attendees: %(names)s") % {"names": entry.attendees})
    if entry.preparing_unit_id:
        lines.append(_("Prepared by: %(unit)s") % {"unit": entry.preparing_unit.name})
    if entry.notes:
        lines.append(_("Notes: %(notes)s") % {"notes": entry.notes})
    return "\n".join(lines)


def host_for(request) -> str:
    site = Site.find_for_request(request)
    if site is not None and site.hostname:
        return site.hostname
    return request.get_host().split(":")[0]


def build_calendar(request, entries, *, name: str, calendar_id: str, refresh: timedelta | None = None) -> bytes:
    """The calendar of ``entries`` (each with its ``page`` loaded) as iCalendar bytes."""
    host = host_for(request)
    calendar = Calendar.new(
        prodid=PRODID,
        name=name,
        uid=f"{calendar_id}@{host}",
        method="PUBLISH",
        refresh_interval=refresh,
    )
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if refresh is not None:
        calendar.add("x-published-ttl", vDuration(refresh))
    days = []
    for entry in entries:
        start, end = event_times(entry)
        page = entry.page
        published = page.last_published_at or page.latest_revision_created_at
        event = Event.new(
            uid=f"{entry.uid}@{host}",
            summary=entry.content,
            start=start,
            end=end,
            location=entry.place or None,
            description=event_description(entry) or None,
            stamp=published,
            last_modified=published,
            url=page.get_full_url(request),
        )
        calendar.add_component(event)
        days.append(entry.day)
    if days:
        calendar.add_missing_timezones(first_date=min(days), last_date=max(days) + timedelta(days=2))
    return calendar.to_ical()
