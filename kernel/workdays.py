"""Working days: Monday to Friday, except the bank holidays of England and Wales.

Notice periods and escalations are counted in working days. England and Wales
share their bank holidays; the ``holidays`` package knows them (substitute days
included, such as Monday 28 December 2026 for a Boxing Day on a Saturday), and
they are worked out once per year.

The counts follow the way people say them: "five working days after Monday 1
June" is Monday 8 June, and from Monday 1 June to Monday 8 June is five working
days. The first day is never counted, the last one is.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[dt.date]:
    """The bank holidays of England and Wales in ``year``."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: dt.date) -> bool:
    """Whether ``day`` is a weekday and not a bank holiday."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``start`` (before it when ``n`` is negative).

    ``start`` itself is never counted, so it need not be a working day: one
    working day after Friday 24 December 2026 is Tuesday 29 December. ``n`` of 0
    gives ``start`` unchanged.
    """
    step = dt.timedelta(days=1 if n >= 0 else -1)
    day, left = start, abs(n)
    while left:
        day += step
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days come after ``start`` up to and including ``end``.

    0 when ``end`` is ``start``, or when the days between are all weekends and
    bank holidays. When ``end`` is before ``start`` the answer is the count from
    ``end`` to ``start`` made negative, so "how overdue" is below zero before the
    due date. It takes a few operations whatever the distance, not one per day.
    """
    if end < start:
        return -working_days_between(end, start)
    holidays_on_weekdays = sum(
        1
        for year in range(start.year, end.year + 1)
        for day in bank_holidays(year)
        if start < day <= end and day.weekday() < 5
    )
    return _weekdays_up_to(end) - _weekdays_up_to(start) - holidays_on_weekdays


def _weekdays_up_to(day: dt.date) -> int:
    # Ordinal 1 (1 January of year 1) was a Monday: each whole week holds five
    # weekdays, and the days left over are Monday onwards.
    weeks, days = divmod(day.toordinal(), 7)
    return 5 * weeks + min(days, 5)
