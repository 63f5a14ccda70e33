"""Workouts written down ahead of time: `/plan tue kettlebell 20 swings, goblet squats`."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from bot.domain.errors import ErrorCode, UserError
from bot.domain.parsing import (
    DAYS_BACK,
    MAX_NOTE_CHARS,
    WEEKDAYS,
    check_minutes,
    normalise_activity,
)

MAX_DAYS_AHEAD = 13

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PlanSpec:
    day: date
    activity: str
    minutes: int
    details: str | None
    coach: str | None = None  # the first name of the coach who wrote it, if a coach did


def plan_day(word: str, today: date) -> date:
    """`today`, `tomorrow`, a weekday (the next one, today included) or a date to come."""
    word = word.lower()
    if word in DAYS_BACK and DAYS_BACK[word] <= 0:  # today and the days ahead, in any language
        return today - timedelta(days=DAYS_BACK[word])
    if word in WEEKDAYS:
        return today + timedelta(days=(WEEKDAYS[word] - today.weekday()) % 7)
    try:
        day = date.fromisoformat(word)
    except ValueError:
        raise UserError(ErrorCode.PLAN_DAY_MISSING) from None
    if day < today:
        raise UserError(ErrorCode.PLAN_DAY_PASSED)
    if (day - today).days > MAX_DAYS_AHEAD:
        raise UserError(ErrorCode.PLAN_TOO_FAR)
    return day


def parse_plan(text: str, today: date) -> PlanSpec:
    """Day first, then the activity, the minutes and any details."""
    words = text.split()
    if len(words) < 3:
        raise UserError(ErrorCode.PLAN_INCOMPLETE)
    day = plan_day(words[0], today)
    for i, word in enumerate(words[1:], start=1):
        if m := re.fullmatch(r"(\d+)(?:m|min|mins|minutes)?", word.lower()):
            if i == 1:
                break
            details = " ".join(words[i + 1 :]) or None
            if details is not None and len(details) > MAX_NOTE_CHARS:
                raise UserError(ErrorCode.PLAN_DETAILS_TOO_LONG, limit=MAX_NOTE_CHARS)
            return PlanSpec(
                day=day,
                activity=normalise_activity(" ".join(words[1:i])),
                minutes=check_minutes(int(m.group(1))),
                details=details,
            )
    raise UserError(ErrorCode.PLAN_NO_MINUTES)


def make_plan(day: date, activity: str, minutes: int, details: str | None, today: date) -> PlanSpec:
    """A plan from its parts (a form rather than a sentence), checked as `parse_plan` checks."""
    day = plan_day(day.isoformat(), today)
    if not activity.strip():
        raise UserError(ErrorCode.PLAN_INCOMPLETE)
    details = (details or "").strip() or None
    if details is not None and len(details) > MAX_NOTE_CHARS:
        raise UserError(ErrorCode.PLAN_DETAILS_TOO_LONG, limit=MAX_NOTE_CHARS)
    return PlanSpec(day, normalise_activity(activity), check_minutes(minutes), details)


STICK_WINDOW = timedelta(weeks=12)


def most_frequent(latest_first: Sequence[T]) -> T | None:
    """The value seen most often, the latest one on a tie; None when there is none."""
    counts = Counter(latest_first)
    # max keeps the first of equals, and the first is the latest.
    return max(latest_first, key=counts.__getitem__, default=None)


@dataclass(frozen=True, slots=True)
class Fit:
    """How one activity went over the last 12 weeks."""

    activity: str
    done: int  # sessions logged
    planned_done: int  # planned days with a session of it
    planned_skipped: int  # planned days gone by without one
    usual_minutes: int  # the minutes logged most often (the latest on a tie)

    @property
    def planned(self) -> int:
        return self.planned_done + self.planned_skipped

    @property
    def sticks(self) -> bool:
        """Done when it was planned, at least half the time (or done without planning)."""
        return self.done > 0 and self.planned_done * 2 >= self.planned


def what_works(
    sessions: Sequence[tuple[date, int, str]], planned: Sequence[PlanSpec], today: date
) -> list[Fit]:
    """Per activity over the 12 weeks up to today, the one the runner sticks with most first:
    among those that stick, most sessions, then best kept plans; the rest after."""
    first = today - STICK_WINDOW + timedelta(days=1)
    recent = [(d, m, a) for d, m, a in sessions if first <= d <= today]
    done_on = {(d, a) for d, _, a in recent}
    fits = []
    for activity in {a for _, _, a in recent} | {p.activity for p in planned}:
        minutes = [m for _, m, a in sorted(recent) if a == activity]
        gone_by = [p for p in planned if p.activity == activity and first <= p.day < today]
        kept = sum(1 for p in gone_by if (p.day, activity) in done_on)
        usual = most_frequent(minutes[::-1]) or 0
        fits.append(Fit(activity, len(minutes), kept, len(gone_by) - kept, usual))
    return sorted(
        fits,
        key=lambda f: (not f.sticks, -f.done, -f.planned_done, f.planned_skipped, f.activity),
    )
