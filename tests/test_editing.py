"""Which weeks an edit made met or unmet, from the weeks before and after it."""

from __future__ import annotations

from datetime import date

from bot.domain.model import WeekRule
from bot.domain.streaks import Calendar, Week, WeekChange, week_changes

TODAY = date(2026, 11, 25)  # a Wednesday
RULES = [WeekRule(since=date(2026, 1, 1), target=2, week_start=0)]


def weeks(*days: str) -> list[Week]:
    return Calendar([date.fromisoformat(d) for d in days], RULES).weeks(TODAY)


def test_moving_a_session_into_a_week_meets_it_and_can_unmeet_the_one_it_left() -> None:
    before = weeks("2026-11-02", "2026-11-09", "2026-11-10")
    after = weeks("2026-11-02", "2026-11-08", "2026-11-09")  # 10 Nov moved to Sunday 8 Nov
    assert week_changes(before, after) == [
        WeekChange(date(2026, 11, 2), met=True, current=False),
        WeekChange(date(2026, 11, 9), met=False, current=False),
    ]


def test_the_current_week_is_named_as_such_and_unchanged_weeks_are_left_out() -> None:
    before = weeks("2026-11-16", "2026-11-17", "2026-11-23")
    after = weeks("2026-11-16", "2026-11-17", "2026-11-23", "2026-11-24")
    assert week_changes(before, after) == [WeekChange(date(2026, 11, 23), True, True)]
    assert week_changes(after, before) == [WeekChange(date(2026, 11, 23), False, True)]
    assert week_changes(before, before) == []


def test_deleting_the_first_session_unmeets_a_week_the_calendar_no_longer_starts_with() -> None:
    before = weeks("2026-11-02", "2026-11-03", "2026-11-16")
    after = weeks("2026-11-16")
    assert week_changes(before, after) == [WeekChange(date(2026, 11, 2), False, False)]
