"""ISO week arithmetic at the edges of the year (schedule.weeks); no database needed."""

from datetime import date

import pytest

from schedule import weeks


@pytest.mark.parametrize(
    ("day", "monday", "iso"),
    [
        (date(2026, 11, 25), date(2026, 11, 23), "2026-W48"),
        (date(2026, 11, 23), date(2026, 11, 23), "2026-W48"),
        (date(2026, 11, 29), date(2026, 11, 23), "2026-W48"),
        # 2026 has 53 ISO weeks; its last one ends in 2027.
        (date(2026, 12, 31), date(2026, 12, 28), "2026-W53"),
        (date(2027, 1, 3), date(2026, 12, 28), "2026-W53"),
        (date(2027, 1, 4), date(2027, 1, 4), "2027-W01"),
        # 1 January 2023 is a Sunday: it belongs to the last week of 2022.
        (date(2023, 1, 1), date(2022, 12, 26), "2022-W52"),
        (date(2023, 1, 2), date(2023, 1, 2), "2023-W01"),
        # 30 December 2024 is already in week 1 of 2025.
        (date(2024, 12, 30), date(2024, 12, 30), "2025-W01"),
        (date(2020, 12, 31), date(2020, 12, 28), "2020-W53"),
        (date(2021, 1, 3), date(2020, 12, 28), "2020-W53"),
        (date(2024, 2, 29), date(2024, 2, 26), "2024-W09"),
    ],
)
def test_monday_and_iso_name_of_a_day(day, monday, iso):
    assert weeks.monday_of(day) == monday
    assert weeks.format_iso_week(weeks.monday_of(day)) == iso
    assert weeks.parse_iso_week(iso) == monday


@pytest.mark.parametrize(("year", "count"), [(2020, 53), (2021, 52), (2022, 52), (2023, 52), (2026, 53), (2032, 53)])
def test_weeks_in_year(year, count):
    assert weeks.weeks_in_year(year) == count


def test_week_53_of_2026_runs_into_2027():
    monday = weeks.parse_iso_week("2026-W53")
    assert weeks.week_days(monday) == [date(2026, 12, 28 + n) for n in range(4)] + [date(2027, 1, n) for n in (1, 2, 3)]
    assert weeks.date_range_label(monday) == "28/12/2026 – 03/01/2027"
    assert weeks.next_week(monday) == weeks.parse_iso_week("2027-W01")
    assert weeks.previous_week(weeks.parse_iso_week("2027-W01")) == monday


def test_date_range_label_within_one_year():
    assert weeks.date_range_label(date(2026, 11, 23)) == "23/11 – 29/11/2026"
    assert weeks.date_range_label(date(2026, 11, 30)) == "30/11 – 06/12/2026"
    assert weeks.date_range_label(date(2024, 12, 30)) == "30/12/2024 – 05/01/2025"


@pytest.mark.parametrize("value", ["2026-w48", " 2026-W48 "])
def test_parse_accepts_lower_case_and_spaces(value):
    assert weeks.parse_iso_week(value) == date(2026, 11, 23)


@pytest.mark.parametrize(
    "value",
    [
        "2021-W53",  # 2021 has 52 weeks
        "2026-W54",
        "2026-W00",
        "99999-W01",
        "1999-W10",  # before the accepted years
        "2100-W01",
        "0000-W01",
        "2026-W4",
        "2026W48",
        "2026-48",
        "abc",
        "",
        "<script>alert(1)</script>",
        "２０２６-W48",  # full-width digits are digits to \d, not to us
        None,
    ],
)
def test_parse_refuses_what_is_not_a_week(value):
    with pytest.raises(ValueError):
        weeks.parse_iso_week(value)


def test_range_edges_keep_neighbours_valid():
    first = weeks.parse_iso_week(f"{weeks.MIN_YEAR}-W01")
    last = weeks.parse_iso_week(f"{weeks.MAX_YEAR}-W{weeks.weeks_in_year(weeks.MAX_YEAR):02d}")
    assert not weeks.is_in_range(weeks.previous_week(first))
    assert not weeks.is_in_range(weeks.next_week(last))
    assert weeks.is_in_range(first) and weeks.is_in_range(last)
