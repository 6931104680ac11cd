"""The calendar feeds at addresses ending in ".ics" (schedule/urls.py), found from the address."""

from django.http import Http404

from wagtail.models import Site

from .models import ScheduleIndexPage, unrestricted
from .serving import serve_feed, serve_week_ics


def _index_at(request, prefix: str):
    """The live, public schedule index at ``prefix`` (relative to the site's root), or 404."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    schedule_index = (
        ScheduleIndexPage.objects.live()
        .filter(url_path=site.root_page.url_path + prefix)
        .filter(unrestricted())
        .first()
    )
    if schedule_index is None:
        raise Http404
    return schedule_index


def feed_by_address(request, prefix):
    return serve_feed(request, _index_at(request, prefix))


def week_ics_by_address(request, prefix, week):
    return serve_week_ics(request, _index_at(request, prefix), week)
