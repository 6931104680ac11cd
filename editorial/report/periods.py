"""The report's period, read from the address: ``?from=01/01/2026&to=01/11/2026`` as people write
dates, or ``?from=2026-01-01&to=2026-11-01`` as the date inputs send them."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

MAX_YEARS = 5
FIRST_YEAR, LAST_YEAR = 2000, 2100
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
VN_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")


def shift_years(day: date, years: int) -> date:
    """The same day ``years`` later (or earlier); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Period:
    """Whole local days, both ends included."""

    start: date
    end: date

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """[start 00:00, the day after end 00:00) in the portal's time zone."""
        return (
            timezone.make_aware(datetime.combine(self.start, time.min)),
            timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min)),
        )

    def previous(self) -> "Period":
        """The same period of the previous year ("cùng kỳ")."""
        return Period(shift_years(self.start, -1), shift_years(self.end, -1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class PeriodError(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def default_period(today: date) -> Period:
    return Period(today.replace(month=1, day=1), today)


def _parse(value: str, which: str) -> date:
    value = value.strip()
    parsed = None
    try:
        if ISO_DATE.match(value):
            parsed = date.fromisoformat(value)
        elif VN_DATE.match(value):
            parsed = datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        parsed = None
    if parsed is None:
        message = (
            _("The start date “%(value)s” is not a valid date: write it as dd/mm/yyyy, e.g. 01/01/2026.")
            if which == "from"
            else _("The end date “%(value)s” is not a valid date: write it as dd/mm/yyyy, e.g. 01/11/2026.")
        )
        raise PeriodError(message % {"value": value[:30]})
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise PeriodError(
            _("Dates must fall between the years %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return parsed


def parse_period(params, today: date) -> Period:
    """The period the address asks for; the default is 1 January of this year to today."""
    default = default_period(today)
    raw_start, raw_end = params.get("from", "").strip(), params.get("to", "").strip()
    end = _parse(raw_end, "to") if raw_end else None
    # Only an end date: from 1 January of its year.
    first_of_year = end.replace(month=1, day=1) if end else default.start
    start = _parse(raw_start, "from") if raw_start else first_of_year
    if end is None:
        end = default.end if start <= default.end else start
    if start > end:
        raise PeriodError(
            _("The start date (%(start)s) is after the end date (%(end)s).")
            % {
                "start": start.strftime("%d/%m/%Y"),
                "end": end.strftime("%d/%m/%Y"),
            }
        )
    if start <= shift_years(end, -MAX_YEARS):
        raise PeriodError(_("The period may be at most %(years)d years long.") % {"years": MAX_YEARS})
    return Period(start, end)
