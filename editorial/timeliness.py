"""Working days and the review time limit.

The regulation counts limits in working days: Monday to Friday, less the public holidays of
the Labour Code 2019 (article 112):

- New Year's Day (1/1), Reunification Day (30/4), Labour Day (1/5), National Day (2/9);
- Tết: the last day of the lunar year and the first four days of the new one;
- the Hùng Kings' commemoration (10th day of the 3rd lunar month);
- a holiday that falls on a Saturday or Sunday gives the next working day off instead.

The lunar dates are listed below for 2019-2030 (``LUNAR_NEW_YEAR``, ``HUNG_KINGS``). The days
the government adds each year (the day next to National Day, days moved to lengthen Tết) are
typed by the administrators in the site setting "Other days off" (``EditorialSettings``).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# First day of the lunar year (Tết Nguyên đán), in the solar calendar.
LUNAR_NEW_YEAR = {
    2019: date(2019, 2, 5),
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
}
# Giỗ Tổ Hùng Vương, 10th day of the 3rd lunar month.
HUNG_KINGS = {
    2019: date(2019, 4, 14),
    2020: date(2020, 4, 2),
    2021: date(2021, 4, 21),
    2022: date(2022, 4, 10),
    2023: date(2023, 4, 29),
    2024: date(2024, 4, 18),
    2025: date(2025, 4, 7),
    2026: date(2026, 4, 26),
    2027: date(2027, 4, 16),
    2028: date(2028, 4, 4),
    2029: date(2029, 4, 23),
    2030: date(2030, 4, 12),
}
SOLAR_HOLIDAYS = [(1, 1), (4, 30), (5, 1), (9, 2)]

ON_TIME = "on_time"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
STATUS_LABELS = {ON_TIME: _("On time"), DUE_SOON: _("Due soon"), OVERDUE: _("Overdue")}


def _is_weekend(day: date) -> bool:
    return day.weekday() >= 5


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset:
    """The statutory days off of ``year``, with the days in lieu of those on a weekend."""
    holidays = {date(year, month, day) for month, day in SOLAR_HOLIDAYS}
    if year in LUNAR_NEW_YEAR:
        new_year = LUNAR_NEW_YEAR[year]
        holidays.update(new_year + timedelta(days=offset) for offset in range(-1, 4))
    if year in HUNG_KINGS:
        holidays.add(HUNG_KINGS[year])
    in_lieu = set()
    for holiday in sorted(holidays):
        if _is_weekend(holiday):
            day = holiday + timedelta(days=1)
            while _is_weekend(day) or day in holidays or day in in_lieu:
                day += timedelta(days=1)
            in_lieu.add(day)
    return frozenset(holidays | in_lieu)


@dataclass(frozen=True)
class Timeliness:
    status: str
    deadline: datetime

    @property
    def label(self):
        return STATUS_LABELS[self.status]


class WorkingCalendar:
    """Counts working days in the portal's time zone (Asia/Ho_Chi_Minh)."""

    def __init__(self, limit: int = 2, days_off=()):
        self.limit = max(int(limit), 1)
        self.days_off = frozenset(days_off)

    def is_working_day(self, day: date) -> bool:
        return not _is_weekend(day) and day not in self.days_off and day not in public_holidays(day.year)

    def next_working_day(self, day: date) -> date:
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, moment: datetime, days: int) -> datetime:
        """``moment`` moved on by ``days`` working days, at the same time of day.

        Something that arrives on a day off starts counting at 00:00 of the next working day.
        """
        local = timezone.localtime(moment)
        day, clock = local.date(), local.time().replace(tzinfo=None)
        if not self.is_working_day(day):
            day, clock = self.next_working_day(day), time(0, 0)
        for _step in range(days):
            day = self.next_working_day(day)
        return timezone.make_aware(datetime.combine(day, clock))

    def deadline(self, started_at: datetime) -> datetime:
        return self.add_working_days(started_at, self.limit)

    def within_limit(self, started_at: datetime, finished_at: datetime) -> bool:
        return finished_at <= self.deadline(started_at)

    def timeliness(self, started_at: datetime, now: datetime | None = None) -> Timeliness:
        """On time; due soon (in its last working day); or overdue."""
        now = now or timezone.now()
        deadline = self.deadline(started_at)
        if now > deadline:
            return Timeliness(OVERDUE, deadline)
        if now >= self.add_working_days(started_at, self.limit - 1):
            return Timeliness(DUE_SOON, deadline)
        return Timeliness(ON_TIME, deadline)


def calendar_from_settings(editorial_settings) -> WorkingCalendar:
    return WorkingCalendar(editorial_settings.review_limit, editorial_settings.days_off())
