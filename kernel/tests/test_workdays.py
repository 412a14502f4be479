"""Working days in England and Wales, with the bank holidays of 2026."""

import datetime as dt

import pytest

from kernel.workdays import add_working_days, is_working_day, working_days_between

D = dt.date


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 1, 1),  # New Year's Day, a Thursday
        D(2026, 4, 3),  # Good Friday
        D(2026, 4, 6),  # Easter Monday
        D(2026, 5, 4),  # early May bank holiday
        D(2026, 5, 25),  # spring bank holiday
        D(2026, 8, 31),  # summer bank holiday
        D(2026, 12, 25),  # Christmas Day, a Friday
        D(2026, 12, 28),  # Boxing Day falls on a Saturday: the Monday instead
    ],
)
def test_bank_holidays_are_not_working_days(day):
    assert day.weekday() < 5
    assert not is_working_day(day)


def test_weekends_are_not_working_days_and_other_weekdays_are():
    assert not is_working_day(D(2026, 6, 6))  # Saturday
    assert not is_working_day(D(2026, 6, 7))  # Sunday
    assert all(is_working_day(D(2026, 6, day)) for day in range(1, 6))


def test_the_first_day_is_not_counted():
    assert add_working_days(D(2026, 6, 1), 5) == D(2026, 6, 8)  # Monday to Monday
    assert add_working_days(D(2026, 6, 5), 1) == D(2026, 6, 8)  # Friday to Monday


def test_adding_skips_christmas_and_the_substitute_boxing_day():
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
    assert add_working_days(D(2026, 12, 23), 4) == D(2026, 12, 31)
    assert add_working_days(D(2026, 12, 23), 5) == D(2027, 1, 4)  # past New Year's Day


def test_adding_skips_easter():
    assert add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 7)


def test_adding_from_a_weekend_or_holiday_counts_from_the_next_working_day():
    assert add_working_days(D(2026, 5, 2), 1) == D(2026, 5, 5)  # Saturday before May Day


def test_adding_nothing_gives_the_same_day_and_negative_counts_go_back():
    assert add_working_days(D(2026, 12, 26), 0) == D(2026, 12, 26)
    assert add_working_days(D(2026, 12, 29), -1) == D(2026, 12, 24)
    assert add_working_days(D(2026, 4, 7), -2) == D(2026, 4, 1)


def test_counts_the_working_days_after_the_start_up_to_and_including_the_end():
    assert working_days_between(D(2026, 6, 1), D(2026, 6, 8)) == 5
    assert working_days_between(D(2026, 6, 1), D(2026, 6, 1)) == 0
    assert working_days_between(D(2026, 6, 5), D(2026, 6, 7)) == 0  # only a weekend
    assert working_days_between(D(2026, 12, 24), D(2026, 12, 29)) == 1
    assert working_days_between(D(2026, 4, 1), D(2026, 4, 8)) == 3  # Easter in between


def test_counts_backwards_as_a_negative_number():
    assert working_days_between(D(2026, 6, 8), D(2026, 6, 1)) == -5


def test_counts_across_a_year_end():
    # 28 Dec is the substitute Boxing Day and 1 Jan 2027 New Year's Day.
    assert working_days_between(D(2026, 12, 24), D(2027, 1, 4)) == 4


@pytest.mark.parametrize(
    ("start", "n"),
    [(D(2026, 1, 1), 250), (D(2026, 3, 28), 17), (D(2026, 12, 20), 9), (D(2026, 5, 1), 1)],
)
def test_counting_agrees_with_adding(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


def test_a_whole_year_has_the_expected_working_days():
    # 2026 has 261 weekdays and eight bank holidays on weekdays.
    assert working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 253
