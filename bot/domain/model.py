"""Domain values shared by the rules, the services and the texts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple, TypedDict

from bot.domain.checkins import CheckinKind

DEFAULT_TARGET = 3
DEFAULT_PROMPT_MINUTE = 7 * 60 + 30
DEFAULT_HABIT = "strength training"
DEFAULT_EVENING_MINUTE = 19 * 60
# What a check-in's Done button asks the minutes of when the runner has no plan and no usual.
DEFAULT_ACTIVITY = "strength"


class Step(StrEnum):
    """An onboarding step still open: the time zone, the check-in time, the weekly target."""

    ZONE = "zone"
    PROMPT = "prompt"
    TARGET = "target"


class SessionFact(NamedTuple):
    """What stats and plans read of one session."""

    day: date  # local
    minutes: int
    activity: str


class RecentSession(NamedTuple):
    """A session just logged, as a repeat of it is recognised."""

    id: int
    activity: str
    minutes: int
    day: date  # local


class ExportedSession(NamedTuple):
    """One session as an export writes it."""

    id: int
    day: date  # local
    logged_at: datetime
    activity: str
    minutes: int
    note: str | None
    habit: str


class SessionKey(NamedTuple):
    """What makes two sessions the same for an import."""

    day: date  # local
    activity: str
    minutes: int
    note: str | None


class CheckinKey(NamedTuple):
    """One check-in: whose, which kind, and the runner's local day it is for."""

    user_id: int
    kind: CheckinKind
    day: date


class ScheduleAt(NamedTuple):
    """A check-in schedule at an instant: to move it there, or to drop it if still due then."""

    user_id: int
    kind: CheckinKind
    due_at: datetime


class Earned(NamedTuple):
    """One unlock to write: the reward, and the session that earned it."""

    reward_id: int
    session_id: int | None


class SavedUnlock(NamedTuple):
    """One unlock as an export keeps it (the session by its id in that export)."""

    session_id: int | None
    earned_at: datetime
    earned_on: date
    claimed_at: datetime | None


class ProfileChanges(TypedDict, total=False):
    """The settings of a runner a use case may change, each under its own name and type: a
    misspelt or unknown one is a type error, not a runtime surprise in SQL."""

    chat_id: int
    time_zone: str
    prompt_minute: int | None  # None: no morning check-in
    prompt_days: int  # a bit per weekday, Monday is bit 0
    quiet_when_met: bool
    evening_minute: int
    onboarding: Step | None
    active: bool
    language: str


@dataclass(frozen=True, slots=True)
class Profile:
    """A runner and their settings."""

    user_id: int
    chat_id: int
    first_name: str
    time_zone: str
    prompt_minute: int | None  # minutes after local midnight; None = check-ins off
    week_start: int  # 0 = Monday ... 6 = Sunday
    target: int
    habit_id: int
    onboarding: Step | None  # the onboarding step still open, None when done
    active: bool
    prompt_days: int = 0b111_1111  # weekdays with a morning check-in, Monday is bit 0
    quiet_when_met: bool = False
    evening_minute: int = DEFAULT_EVENING_MINUTE
    rewards: int = 0  # rewards set, so that most sessions skip looking for unlocks
    listeners: int = 0  # buddies who hear about this runner, so most sessions skip telling
    language: str = "en"  # the language the bot speaks with this runner
    username: str | None = None  # their Telegram @username as last seen, without the @
    habit_since: date | None = None  # "it's a habit now", as told: the day it formed


@dataclass(frozen=True, slots=True)
class Session:
    """One logged strength session."""

    id: int
    activity: str
    minutes: int
    day: date  # the runner's local date, fixed when logged
    logged_at: datetime
    note: str | None


@dataclass(frozen=True, slots=True)
class NewSession:
    """A session to store: whose, what, which local day, when, and the message it came from."""

    user_id: int
    habit_id: int
    activity: str
    minutes: int
    day: date  # the runner's local date
    note: str | None
    logged_at: datetime
    source: tuple[int, int] | None = None  # (chat, message): logged once per message


@dataclass(frozen=True, slots=True)
class DueSchedule:
    """A check-in schedule that fell due, with what its next date depends on."""

    user_id: int
    kind: CheckinKind
    due_at: datetime
    time_zone: str
    prompt_minute: int | None
    prompt_days: int
    evening_minute: int


@dataclass(frozen=True, slots=True)
class WeekRule:
    """The target and week start in force from a local date on."""

    since: date
    target: int
    week_start: int


@dataclass(frozen=True, slots=True)
class ChartData:
    """Everything the /stats picture shows."""

    today: date
    first_day: date  # first day of the oldest week shown
    minutes: dict[date, int]  # minutes trained per local day
    paused: frozenset[date]
    weeks: list[tuple[date, int, int, int, bool]]  # (start, minutes, days done, target, met)
    activities: list[tuple[str, int, int]]  # (activity, sessions, minutes), most first
    streak: int
    streak_unit: str  # `week`, or `day` when the streak counts days
    strength: float  # habit strength today, 0 to 1
    # What works over the last 12 weeks, the one that sticks best first:
    # (activity, sessions, plans kept, plans skipped, usual minutes).
    fits: tuple[tuple[str, int, int, int, int], ...] = ()
    habit_since: date | None = None  # the first day it was a habit ("it's a habit now")
