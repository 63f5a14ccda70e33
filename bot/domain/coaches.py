"""Coaches and athletes: what an athlete lets the coach see, the limits, finding an athlete
by name, and who is slipping."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.errors import ErrorCode, UserError
from bot.domain.schedule import at_risk
from bot.domain.streaks import WeekProgress

MAX_ATHLETES = 100


class Sees(StrEnum):
    """What an athlete lets their coach see; rewards are never among it."""

    ALL = "all"  # sessions, plans, week and streak; no notes
    NOTES = "notes"  # all that, and the notes of sessions
    WEEK = "week"  # the week and the streak only


@dataclass(frozen=True, slots=True)
class Athlete:
    """An accepted athlete of a coach."""

    user_id: int
    name: str
    chat_id: int
    sees: Sees
    username: str | None = None  # their Telegram @username, without the @


@dataclass(frozen=True, slots=True)
class CoachLink:
    """An athlete's coach, and what the athlete lets them see."""

    coach_id: int
    name: str  # the coach's first name
    chat_id: int
    sees: Sees


@dataclass(frozen=True, slots=True)
class Line:
    """One athlete in the coach's table; plan figures only where the athlete shows plans."""

    athlete: Athlete
    week: WeekProgress
    streak: int
    streak_unit: str
    planned: int | None = None  # planned days in the last four weeks
    planned_done: int | None = None  # of those, days with a session
    missed_last_week: int | None = None  # planned days of last week left without a session
    missed_last_target: bool = False  # last week ended under its target

    @property
    def at_risk(self) -> bool:
        """Slipping: this week can only just be met, or last week's target was missed."""
        return at_risk(self.week) or self.missed_last_target


def slipping_first(lines: list[Line]) -> list[Line]:
    """At-risk weeks first, then the furthest from their target, then by name."""
    return sorted(
        lines,
        key=lambda line: (
            not line.at_risk,
            line.week.met,
            line.week.days_done - line.week.target,
            line.athlete.name.lower(),
            line.athlete.user_id,
        ),
    )


def check_room(athletes_of_coach: int, has_coach: bool) -> None:
    """UserError when this coach has no room left or the athlete has a coach already."""
    if has_coach:
        raise UserError(ErrorCode.HAS_COACH)
    if athletes_of_coach >= MAX_ATHLETES:
        raise UserError(ErrorCode.COACH_FULL, limit=MAX_ATHLETES)


def _key(name: str) -> str:
    return "".join(name.lower().split())


def find_athletes(athletes: list[Athlete], wanted: str) -> list[Athlete]:
    """The athlete whose Telegram @username is `wanted`; else those named `wanted` (an @ and
    spaces optional, any case); failing that, those whose name starts with it."""
    key = _key(wanted.removeprefix("@"))
    if not key:
        return []
    by_username = [a for a in athletes if a.username and a.username.lower() == key]
    if by_username:
        return by_username
    exact = [a for a in athletes if _key(a.name) == key]
    return exact or [a for a in athletes if _key(a.name).startswith(key)]
