"""Workouts written down ahead of time: `/plan tue kettlebell 20 swings, goblet squats`."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple, TypeVar

from bot.domain import reader
from bot.domain.errors import ErrorCode, ParseError, UserError
from bot.domain.language import Kind
from bot.domain.parsing import (
    DAYS_BACK,
    MAX_ACTIVITY_CHARS,
    MAX_NOTE_CHARS,
    WEEKDAYS,
    check_minutes,
    normalise_activity,
)
from bot.domain.schedule import instant

MAX_DAYS_AHEAD = 13
DEFAULT_REMIND_MINUTES = 30  # a planned time and a reminder half an hour before it
REMIND_LOW, REMIND_HIGH = 5, 180

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PlanSpec:
    day: date
    activity: str
    minutes: int
    details: str | None
    coach: str | None = None  # the first name of the coach who wrote it, if a coach did
    at: time | None = None  # the local clock time; None for any time that day

    @property
    def at_minute(self) -> int | None:
        return None if self.at is None else self.at.hour * 60 + self.at.minute


@dataclass(frozen=True, slots=True)
class PlanRecord:
    """A plan as a calendar sees it: its stable id, how often it changed, and whether it stands."""

    uid: str
    spec: PlanSpec
    coach_id: int | None  # who wrote it, when a coach did
    sequence: int  # changes since it was written
    updated_at: datetime
    cancelled: bool
    reminded: bool = False  # its reminder went (or was claimed to go)


class DueReminder(NamedTuple):
    """A plan's reminder, claimed to be sent."""

    user_id: int
    due_at: datetime
    record: PlanRecord


class FeedLink(NamedTuple):
    """A runner's secret calendar link of one kind."""

    token: str
    with_sessions: bool  # whether it shows logged sessions too


class FeedOwner(NamedTuple):
    """Whose secret calendar link a token is, and of which kind."""

    user_id: int
    kind: str
    with_sessions: bool  # whether it shows logged sessions too


def order_key(spec: PlanSpec) -> tuple[date, bool, time, str]:
    """Plans in the order of the day: by day, those for any time first, then by clock time."""
    return spec.day, spec.at is not None, spec.at or time(0), spec.activity


# "18:30", "18.30", "18h30", "18h", "6pm", "6:30pm", "18:30h"; a bare number is minutes.
_CLOCK = re.compile(
    r"(?P<h>\d{1,2})(?:(?P<sep>[:.h])(?P<m>\d{2})?)?(?P<half>am|pm|a\.m\.|p\.m\.)?h?", re.I
)
# "at 18:30", "um 18:30", "a las 18:30", "в 18:30"
_AT_WORDS = frozenset({"at", "um", "a", "las", "la", "в", "к"})


def clock_time(word: str) -> time | None:
    """A clock time written as one word; None when the word is no clock time.

    The one place a plan reads its time: swap it for the input reader's own when it has one."""
    m = _CLOCK.fullmatch(word.lower())
    if m is None or (m.group("sep") is None and m.group("half") is None):
        return None
    if m.group("sep") in (":", ".") and m.group("m") is None:
        return None
    hour, minute = int(m.group("h")), int(m.group("m") or 0)
    half = (m.group("half") or "").replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            raise UserError(ErrorCode.PLAN_TIME_INVALID, text=word)
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise UserError(ErrorCode.PLAN_TIME_INVALID, text=word)
    return time(hour, minute)


def read_clock(words: list[str]) -> tuple[time | None, list[str]]:
    """The clock time at the start of `words` ("18:30", "at 18:30"), and the words after it."""
    for skip in range(min(3, len(words))):
        if (at := clock_time(words[skip])) is not None:
            return at, words[skip + 1 :]
        if words[skip].lower() not in _AT_WORDS:
            break
    return None, words


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
    return check_plan_day(day, today)


def check_plan_day(day: date, today: date) -> date:
    if day < today:
        raise UserError(ErrorCode.PLAN_DAY_PASSED)
    if (day - today).days > MAX_DAYS_AHEAD:
        raise UserError(ErrorCode.PLAN_TOO_FAR)
    return day


def read_plan(text: str, today: date, language: str = "en") -> tuple[PlanSpec, reader.Reading]:
    """A plan read as /done reads a session, in any order and language: the day (today when
    none is named; weekdays are the next ones), the activity, the minutes, and details (the
    words after the minutes, or a note). Also the reading itself, with its clock time `at`."""
    if not text.strip():
        raise UserError(ErrorCode.PLAN_INCOMPLETE)
    try:
        reading = reader.read(text, today, language, mode="plan")
    except ParseError as error:
        if error.code is ErrorCode.CLOCK_NOT_A_TIME:
            raise UserError(ErrorCode.PLAN_TIME_INVALID, **error.params) from None
        raise
    if reading.kind is Kind.RUN:
        raise ParseError(ErrorCode.RUN, activity=(reading.typed or "")[:MAX_ACTIVITY_CHARS])
    if reading.kind is Kind.CARDIO:
        raise ParseError(ErrorCode.CARDIO, activity=(reading.typed or "")[:MAX_ACTIVITY_CHARS])
    if reading.words:
        raise ParseError(ErrorCode.UNKNOWN_WORDS, words=reading.words,
                         activity=reading.typed or "", minutes=reading.minutes)  # fmt: skip
    activity = reading.suggestion or reading.activity
    if (reading.confirm or reading.unknown) and reading.day is None and reading.minutes:
        # a word it does not know, and no day: most likely the day ("someday", "Dienstg")
        raise UserError(ErrorCode.PLAN_DAY_MISSING)
    if reading.confirm and reading.head is not None:
        activity = reading.head
    if activity is None:
        raise UserError(ErrorCode.PLAN_INCOMPLETE)
    if reading.minutes is None:
        raise UserError(ErrorCode.PLAN_NO_MINUTES)
    details = reading.details or reading.note
    if details is not None and len(details) > MAX_NOTE_CHARS:
        raise UserError(ErrorCode.PLAN_DETAILS_TOO_LONG, limit=MAX_NOTE_CHARS)
    spec = PlanSpec(
        day=check_plan_day(reading.day or today, today),
        activity=normalise_activity(activity),
        minutes=check_minutes(reading.minutes),
        details=details,
        at=reading.at,
    )
    return spec, reading


def parse_plan(text: str, today: date, language: str = "en") -> PlanSpec:
    """What follows `/plan`: see `read_plan`."""
    return read_plan(text, today, language)[0]


def make_plan(
    day: date,
    activity: str,
    minutes: int,
    details: str | None,
    today: date,
    at: time | None = None,
) -> PlanSpec:
    """A plan from its parts (a form rather than a sentence), checked as `parse_plan` checks;
    `at` is its clock time, if it has one."""
    day = plan_day(day.isoformat(), today)
    if not activity.strip():
        raise UserError(ErrorCode.PLAN_INCOMPLETE)
    details = (details or "").strip() or None
    if details is not None and len(details) > MAX_NOTE_CHARS:
        raise UserError(ErrorCode.PLAN_DETAILS_TOO_LONG, limit=MAX_NOTE_CHARS)
    return PlanSpec(day, normalise_activity(activity), check_minutes(minutes), details, at=at)


def reminder_due(
    spec: PlanSpec, zone_name: str, lead: int | None, now: datetime
) -> datetime | None:
    """When a plan's reminder is due: `lead` minutes before its local time (DST-safe), if that
    is still to come; None for a plan without a time or a runner without reminders."""
    if spec.at_minute is None or lead is None:
        return None
    due = starts_at(spec, zone_name) - timedelta(minutes=lead)
    return due if due > now else None


def check_plan_time(spec: PlanSpec, zone_name: str, now: datetime) -> PlanSpec:
    """A timed plan for today whose time has passed is refused, as a day that has passed is."""
    if spec.at is not None and starts_at(spec, zone_name) + timedelta(minutes=1) <= now:
        raise UserError(ErrorCode.PLAN_TIME_PASSED, at=spec.at)
    return spec


def starts_at(spec: PlanSpec, zone_name: str) -> datetime:
    """The UTC instant a timed plan starts (a time skipped by DST moves to the next real one)."""
    assert spec.at_minute is not None
    return instant(spec.day, spec.at_minute, zone_name)


def remind_minutes(text: str, language: str = "en") -> int | None:
    """`/remind 45` (minutes before a timed plan; also `1h`, `30 min before`, `eine Stunde
    vorher`, `за час`) or `/remind off` (None)."""
    word = text.strip().lower()
    if word in ("off", "aus", "no", "nein", "нет", "выкл"):
        return None
    try:
        minutes = reader.minutes(word, language)
    except UserError:
        minutes = None
    if minutes is None:
        raise UserError(ErrorCode.REMIND_UNREADABLE)
    if not REMIND_LOW <= minutes <= REMIND_HIGH:
        raise UserError(ErrorCode.REMIND_RANGE, low=REMIND_LOW, high=REMIND_HIGH)
    return minutes


STICK_WINDOW = timedelta(weeks=12)


def most_frequent(latest_first: Sequence[T]) -> T | None:
    """The value seen most often, the latest one on a tie; None when there is none."""
    counts = Counter(latest_first)
    # max keeps the first of equals, and the first is the latest.
    return max(latest_first, key=counts.__getitem__, default=None)


STICKS_AFTER = 2  # sessions before an activity can stick


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
        """Done more than once, and when it was planned, at least half the time: one session
        alone says nothing yet about sticking."""
        return self.done >= STICKS_AFTER and self.planned_done * 2 >= self.planned


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
