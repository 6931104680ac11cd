"""The calendar feeds at addresses ending in ".ics" (/lich-cong-tac/lich.ics, /lich-cong-tac/2026-W48.ics).

Wagtail serves only paths of letters, digits, "-" and "/", so these cannot be routes of the
index page; ``portal/urls.py`` includes this module before Wagtail's own patterns. The
feeds are also served, without the extension, as routes of the index page (``ics/``).
"""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^(?P<prefix>(?:[\w-]+/)*)lich\.ics$", views.feed_by_address, name="schedule_feed_ics"),
    re_path(
        r"^(?P<prefix>(?:[\w-]+/)*)(?P<week>[0-9]{4}-[Ww][0-9]{2})\.ics$",
        views.week_ics_by_address,
        name="schedule_week_ics",
    ),
]
