"""The habit milestone and comebacks, from session days alone."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.habits import (
    HABIT_DAYS,
    HABIT_STRENGTH,
    Return,
    comeback,
    comebacks,
    habit_progress,
    habit_since,
)
from bot.domain.model import WeekRule
from bot.domain.streaks import Calendar, Pause

D = date.fromisoformat
START = D("2026-01-05")  # a Monday


def rules(target: int = 3) -> list[WeekRule]:
    return [WeekRule(since=D("2025-12-01"), target=target, week_start=0)]


def on_weekdays(weekdays: set[int], days: int, skip: range = range(0)) -> list[date]:
    every = (START + timedelta(days=i) for i in range(days) if i not in skip)
    return [d for d in every if d.weekday() in weekdays]


@pytest.mark.parametrize(
    ("target", "weekdays", "low", "high"),
    [
        (1, {0}, 80, 110),
        (3, {0, 2, 4}, 55, 75),  # Lally et al.: 66 days on average
        (7, set(range(7)), 35, 50),
    ],
)
def test_keeping_the_target_from_scratch_makes_a_habit_in_about_two_months(
    target: int, weekdays: set[int], low: int, high: int
) -> None:
    calendar = Calendar(on_weekdays(weekdays, 200), rules(target))
    since = habit_since(calendar, START + timedelta(days=199))
    assert since is not None
    assert low <= (since - START).days <= high


def test_a_month_of_keeping_the_target_is_not_yet_a_habit() -> None:
    calendar = Calendar(on_weekdays({0, 2, 4}, 30), rules())
    state = habit_progress(calendar, START + timedelta(days=29))
    assert not state.formed
    assert 0 < state.strength < HABIT_STRENGTH


def test_one_missed_session_does_not_set_a_formed_habit_back() -> None:
    today = START + timedelta(days=199)
    steady = Calendar(on_weekdays({0, 2, 4}, 200), rules())
    missed = Calendar(on_weekdays({0, 2, 4}, 200, skip=range(121, 122)), rules())
    assert habit_progress(missed, today).strength >= HABIT_STRENGTH
    assert habit_progress(missed, today).held == habit_progress(steady, today).held


def test_the_habit_day_stays_the_first_one_however_things_go_later() -> None:
    early = Calendar(on_weekdays({0, 2, 4}, 100), rules())
    since = habit_since(early, START + timedelta(days=99))
    later = Calendar(on_weekdays({0, 2, 4}, 100), rules())
    assert habit_since(later, START + timedelta(days=300)) == since


def test_a_pause_neither_adds_to_nor_ends_the_run_of_strong_days() -> None:
    days = on_weekdays({0, 2, 4}, 60)
    today = START + timedelta(days=59)
    plain = habit_progress(Calendar(days, rules()), today)
    assert plain.held > 0 and not plain.formed
    pause = Pause(today + timedelta(days=1), today + timedelta(days=20))
    paused = habit_progress(Calendar(days, rules(), [pause]), pause.last)
    assert paused.held == plain.held


def naive_habit_since(calendar: Calendar, today: date) -> date | None:
    """The rule read plainly: the first day ending 14 unpaused days each at 80 % or more,
    each day's strength asked afresh."""
    first = min(calendar.days, default=None)
    if first is None:
        return None
    run = 0
    day = first
    while day <= today:
        fresh = Calendar(calendar.days, calendar.rules)
        if not (calendar.paused(day) and day not in calendar.days):
            run = run + 1 if fresh.strength(day) >= HABIT_STRENGTH else 0
            if run >= HABIT_DAYS:
                return day
        day += timedelta(days=1)
    return None


@settings(max_examples=25, deadline=None)
@given(
    offsets=st.sets(st.integers(0, 119), max_size=100),
    target=st.integers(1, 7),
)
def test_the_habit_day_is_the_first_that_ends_fourteen_strong_days(
    offsets: set[int], target: int
) -> None:
    calendar = Calendar([START + timedelta(days=i) for i in offsets], rules(target))
    today = START + timedelta(days=119)
    assert habit_since(calendar, today) == naive_habit_since(calendar, today)


def test_the_first_session_after_a_week_without_any_is_a_comeback() -> None:
    days = [D("2026-01-05"), D("2026-01-07"), D("2026-01-20"), D("2026-01-21")]
    calendar = Calendar(days, rules())
    today = D("2026-01-21")
    assert comeback(calendar, D("2026-01-20"), today) is Return.MISSED_WEEK
    assert comeback(calendar, D("2026-01-21"), today) is None  # the next one is not
    assert comebacks(calendar, today) == [D("2026-01-20")]


def test_the_very_first_session_is_no_comeback() -> None:
    calendar = Calendar([D("2026-01-20")], rules())
    assert comeback(calendar, D("2026-01-20"), D("2026-01-20")) is None


def test_a_week_missed_with_one_session_in_it_makes_no_comeback() -> None:
    # Weeks Mon 5th, Mon 12th: one session in the second, then the third week starts.
    days = [D("2026-01-05"), D("2026-01-07"), D("2026-01-09"), D("2026-01-14"), D("2026-01-19")]
    calendar = Calendar(days, rules())
    assert comeback(calendar, D("2026-01-19"), D("2026-01-19")) is None


def test_eight_days_apart_within_two_weeks_met_is_no_comeback() -> None:
    # Monday of one week, then the Tuesday of the next: no whole week in between was missed.
    calendar = Calendar([D("2026-01-05"), D("2026-01-13")], rules(1))
    assert comeback(calendar, D("2026-01-13"), D("2026-01-13")) is None


def test_the_first_session_after_a_pause_is_a_comeback() -> None:
    days = [D("2026-01-05"), D("2026-01-07"), D("2026-01-09"), D("2026-01-14")]
    pause = Pause(D("2026-01-10"), D("2026-01-13"))
    calendar = Calendar(days, rules(), [pause])
    assert comeback(calendar, D("2026-01-14"), D("2026-01-14")) is Return.PAUSE


def test_a_whole_paused_week_is_not_a_missed_one() -> None:
    days = [D("2026-01-09"), D("2026-01-20")]
    pause = Pause(D("2026-01-10"), D("2026-01-19"))
    calendar = Calendar(days, rules(), [pause])
    assert comeback(calendar, D("2026-01-20"), D("2026-01-20")) is Return.PAUSE


def test_a_daily_runner_comes_back_after_a_week_without_sessions() -> None:
    days = [*on_weekdays(set(range(7)), 7), START + timedelta(days=15)]
    calendar = Calendar(days, rules(7))
    today = START + timedelta(days=15)
    assert comebacks(calendar, today) == [today]


@settings(max_examples=50, deadline=None)
@given(offsets=st.sets(st.integers(0, 90), max_size=40), target=st.integers(1, 7))
def test_every_comeback_follows_a_gap_of_at_least_a_week(offsets: set[int], target: int) -> None:
    days = sorted(START + timedelta(days=i) for i in offsets)
    calendar = Calendar(days, rules(target))
    today = START + timedelta(days=90)
    found = comebacks(calendar, today)
    assert found == [d for d in days if comeback(calendar, d, today) is not None]
    for day in found:
        before = [d for d in days if d < day]
        assert before and (day - max(before)).days > 7
    # and a gap of two whole weeks always is one
    for earlier, later in itertools.pairwise(days):
        if (later - earlier).days > 14:
            assert later in found
