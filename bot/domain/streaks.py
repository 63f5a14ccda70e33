"""Weeks, streaks, consistency days and habit strength, from a runner's session dates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


def week_start(day: date, first_weekday: int) -> date:
    """The first day of the week holding `day`, for weeks starting on `first_weekday`."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


@dataclass(frozen=True, slots=True)
class WeekProgress:
    """Where this week stands: distinct session days against the target."""

    start: date
    days_done: int
    target: int
    days_left: int  # days of the week still to come, today included

    @property
    def met(self) -> bool:
        return self.days_done >= self.target

    @property
    def needed(self) -> int:
        return max(0, self.target - self.days_done)


def week_progress(
    days: Iterable[date], today: date, target: int, first_weekday: int
) -> WeekProgress:
    start = week_start(today, first_weekday)
    end = start + timedelta(days=7)
    done = len({d for d in days if start <= d < end})
    return WeekProgress(start=start, days_done=done, target=target, days_left=(end - today).days)
