"""ISO 8601 week arithmetic, with no Django in it.

A week runs Monday to Sunday and belongs to the ISO year of its Thursday, so 1 January can
fall in the last week of the previous year (2023-01-01, a Sunday, is in 2022-W52) and some
years have a week 53 (2026-W53 runs 28/12/2026 – 03/01/2027). A week is identified here by
its Monday; ``"2026-W48"`` is the form URLs and ``<input type="week">`` use.
"""

import re
from datetime import date, timedelta

# Weeks outside these years are refused: they only come from typing mistakes or probes, and
# keeping away from year 1 and 9999 means the previous and next weeks always exist.
MIN_YEAR = 2000
MAX_YEAR = 2099

_ISO_WEEK = re.compile(r"([0-9]{4})-[Ww]([0-9]{2})")


def monday_of(day: date) -> date:
    """The Monday of the ISO week ``day`` is in."""
    return day - timedelta(days=day.weekday())


def iso_week(monday: date) -> tuple[int, int]:
    """(ISO year, week number) of the week starting on ``monday``."""
    year, week, _weekday = monday.isocalendar()
    return year, week


def format_iso_week(monday: date) -> str:
    """``"2026-W48"``: the week's name in URLs and in ``<input type="week">``."""
    year, week = iso_week(monday)
    return f"{year:04d}-W{week:02d}"


def parse_iso_week(value: str) -> date:
    """The Monday of the week written ``"2026-W48"`` (a lower-case "w" is accepted too).

    Raises ``ValueError`` for anything else, for a week its year does not have
    (``"2021-W53"``, ``"2026-W54"``, ``"2026-W00"``) and for years outside MIN_YEAR–MAX_YEAR.
    """
    match = _ISO_WEEK.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError("not a week in the form YYYY-Www")
    year, week = int(match.group(1)), int(match.group(2))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError("year out of range")
    # fromisocalendar accepts week 53 of any year; a year without one would roll over.
    if not 1 <= week <= weeks_in_year(year):
        raise ValueError("the year has no such week")
    return date.fromisocalendar(year, week, 1)


def is_in_range(monday: date) -> bool:
    return MIN_YEAR <= iso_week(monday)[0] <= MAX_YEAR


def weeks_in_year(year: int) -> int:
    """52 or 53: 28 December is always in the last ISO week of its year."""
    return date(year, 12, 28).isocalendar()[1]


def week_days(monday: date) -> list[date]:
    """The seven days of the week, Monday first."""
    return [monday + timedelta(days=offset) for offset in range(7)]


def week_end(monday: date) -> date:
    return monday + timedelta(days=6)


def previous_week(monday: date) -> date:
    return monday - timedelta(days=7)


def next_week(monday: date) -> date:
    return monday + timedelta(days=7)


def date_range_label(monday: date) -> str:
    """``"23/11 – 29/11/2026"``, or with both years when the week spans two."""
    sunday = week_end(monday)
    if monday.year == sunday.year:
        return f"{monday:%d/%m} – {sunday:%d/%m/%Y}"
    return f"{monday:%d/%m/%Y} – {sunday:%d/%m/%Y}"
