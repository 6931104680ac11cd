"""The title of a week's page, shared by the page, what serves it and the admin's copy."""

from datetime import date

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import weeks


def week_title(monday: date) -> str:
    """ "Lịch công tác tuần 48 (23/11 – 29/11/2026)": stored as the page title, so always Vietnamese."""
    _year, number = weeks.iso_week(monday)
    with translation.override("vi"):
        return str(
            _("Work schedule for week %(number)s (%(dates)s)")
            % {"number": number, "dates": weeks.date_range_label(monday)}
        )
