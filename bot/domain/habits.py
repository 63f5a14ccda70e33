"""When strength training has become a habit, and when a session is a comeback.

Habit strength is Loop's score (`Calendar.strength`). It is a habit once the score has stayed
at 80 % or more for 14 days in a row: at three sessions a week that is about nine weeks of
keeping the target from a standing start (Lally et al. 2010 found 66 days on average, 18 to
254), and one missed session lowers the score only a little, as a missed day did not set
their participants back. A comeback is the first session after a whole missed week, or after
a pause: the moment Milkman et al. (2021) found most worth a bonus.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.domain.streaks import DAY, Calendar, Status, Week

HABIT_STRENGTH = 0.8
HABIT_DAYS = 14


@dataclass(frozen=True, slots=True)
class HabitProgress:
    """How close the runner is to "it's a habit now"."""

    strength: float  # today's, 0 to 1
    held: int  # days in a row, up to today, at HABIT_STRENGTH or more (paused ones skipped)
    since: date | None  # the first day it was a habit, if it ever was

    @property
    def formed(self) -> bool:
        return self.since is not None


def habit_progress(calendar: Calendar, today: date) -> HabitProgress:
    """Where the habit stands today, from one walk of the runner's days.

    A paused day without a session neither adds to the run of strong days nor ends it, as it
    neither moves the score.
    """
    held = 0
    since: date | None = None
    strength = 0.0
    for day, strength in calendar.strength_days(today):
        held = held + 1 if strength >= HABIT_STRENGTH else 0
        if since is None and held >= HABIT_DAYS:
            since = day
    return HabitProgress(strength, held, since)


def habit_since(calendar: Calendar, today: date) -> date | None:
    """The first day it was a habit (by the rule above), or None."""
    return habit_progress(calendar, today).since


class Milestone(StrEnum):
    """What the runner is told of once; the values are the ones stored."""

    COMEBACK = "comeback"
    HABIT = "habit"


class Return(StrEnum):
    """What a comeback came back from."""

    MISSED_WEEK = "missed_week"
    PAUSE = "pause"


def comeback(calendar: Calendar, day: date, today: date) -> Return | None:
    """Whether the session day `day` is a comeback: the first session day after a week that was
    missed without any session, or after paused days. The very first session is none."""
    if day not in calendar.days:
        return None
    last = max((d for d in calendar.days if d < day), default=None)
    weeks = calendar.weeks(today)
    return _came_back(calendar, weeks, [w.start for w in weeks], last, day)


def comebacks(calendar: Calendar, today: date, first: date = date.min) -> list[date]:
    """Every comeback day from `first` to today, oldest first."""
    weeks = calendar.weeks(today)
    starts = [w.start for w in weeks]
    found = []
    last: date | None = None
    for day in sorted(d for d in calendar.days if d <= today):
        if day >= first and _came_back(calendar, weeks, starts, last, day) is not None:
            found.append(day)
        last = day
    return found


def _came_back(
    calendar: Calendar, weeks: Sequence[Week], starts: Sequence[date], last: date | None, day: date
) -> Return | None:
    """Whether `day` comes back after the session day `last` (None: no session before);
    `starts` are the weeks' first days."""
    if last is None or last + DAY == day:
        return None
    for week in weeks[bisect_right(starts, last) :]:
        if week.end > day:
            break
        if week.status is Status.MISSED:
            return Return.MISSED_WEEK
    if calendar.paused_between(last + DAY, day - DAY):
        return Return.PAUSE
    return None
