"""Rewards a runner sets ("running top after 21 days"): their goals, progress and unlocks."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple

from rapidfuzz import fuzz, utils

from bot.domain import habits, reader
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import WeekRule
from bot.domain.streaks import MONTH_DAYS, MONTH_WEEKS, Calendar, Pause, Status

MAX_NAME_CHARS = 60
MAX_ACTIVE = 20


class Goal(StrEnum):
    EVERY_SESSION = "every_session"
    EVERY_N_SESSIONS = "every_n_sessions"
    EVERY_WEEK = "every_week"
    SESSIONS = "sessions"
    MINUTES = "minutes"
    DAYS = "days"  # consistency days in a row
    WEEKS = "weeks"  # met weeks in a row
    MONTH = "month"  # a month of consistency as the streak rules define it
    COMEBACK = "comeback"  # each first session after a missed week or a pause
    HABIT = "habit"  # "it's a habit now" (bot.domain.habits)

    @property
    def repeating(self) -> bool:
        return self in (Goal.EVERY_SESSION, Goal.EVERY_N_SESSIONS, Goal.EVERY_WEEK, Goal.COMEBACK)

    @property
    def consistency(self) -> bool:
        """Measured by the streak: it restarts when the streak breaks."""
        return self in (Goal.DAYS, Goal.WEEKS, Goal.MONTH)


# Goals counted in sessions: each unlock belongs to one session, and a session holds one at most.
PER_SESSION = frozenset({Goal.EVERY_SESSION, Goal.EVERY_N_SESSIONS})


@dataclass(frozen=True, slots=True)
class RewardSpec:
    name: str
    goal: Goal
    amount: int  # N of the goal; 1 for every session / every week / month


# "after" and its goal in every language the bot speaks: "running top after 21 days",
# "Laufshirt nach 21 Tagen", "camiseta después de 21 días", "футболка после 21 дня".
_AFTER = (
    r"after|once i(?:'ve)? (?:hit|reach|get to|done|do|make it to)|when i(?:'ve)? (?:hit|reach|"
    r"get to|done|do|make it to)|nach|wenn ich|sobald ich|después de|despues de|luego de|tras|"
    r"al cabo de|cuando (?:llegue a|cumpla|haga|complete)|al llegar a|после|через|когда "
    r"(?:сделаю|наберу|продержусь|выполню)"
)
# A German goal ends with its verb: "wenn ich 4 Wochen schaffe".
_GERMAN_VERB = re.compile(
    r"\s+(?:schaffe|geschafft habe|durchhalte|durchgehalten habe|erreiche|"
    r"erreicht habe|hinter mir habe)$",
    re.IGNORECASE,
)
_SPLIT = re.compile(rf"\s(?:{_AFTER})\s", re.IGNORECASE)
_AFTER_NOTHING = re.compile(rf"(?:^|\s)(?:{_AFTER})$", re.IGNORECASE)
# The little word between a reward and a repeating goal without "after": "tea for every
# session", "café por cada sesión", "сок за каждую тренировку".
_FOR = frozenset({"for", "per", "für", "fuer", "pro", "por", "para", "за", "на"})
# "when it's a habit" ends a reward instead of "after <goal>": "Laufschuhe, wenn es eine
# Gewohnheit ist", "zapatillas cuando sea un hábito", "кроссовки, когда войдёт в привычку".
_WHEN_HABIT = re.compile(
    r",?\s(?:(?:when|once) (?:it'?s|it is|it has become|strength is) (?:a )?habit(?: now)?|"
    r"(?:after|when) (?:it becomes |it's |the )?habit|"
    r"wenn (?:es|das|krafttraining) (?:eine |zur )?gewohnheit (?:ist|wird|geworden ist)|"
    r"(?:cuando|en cuanto) (?:sea|se vuelva|se haga|ya sea) (?:un |una )?(?:h[aá]bito|costumbre)|"
    r"когда (?:это |тренировки )?(?:войд[её]т в привычку|станет привычкой|станут привычкой))$",
    re.IGNORECASE,
)
_SESSION = r"sessions?|workouts?|(?:trainings)?einheit(?:en)?|trainings?|sesi[oó]n(?:es)?|" \
    r"entrenamientos?|entrenos?|трен\w*|заняти\w*"  # fmt: skip
_GOALS: tuple[tuple[re.Pattern[str], Goal, int, int, int], ...] = (
    # (pattern, goal, smallest N, largest N, what one of N is worth)
    (re.compile(rf"(?:each|every) (?:session|workout|time)|jede[mnrs]? (?:(?:trainings)?einheit|"
                rf"training|session|workout|mal)|cada (?:sesi[oó]n|entrenamiento|entreno|vez)|"
                rf"кажд\w* (?:трен\w*|заняти\w*|раз\w*)|(?:per|pro|por|за) (?:{_SESSION})"),
     Goal.EVERY_SESSION, 1, 1, 1),
    (re.compile(rf"(?:each|every|alle|je|jeweils|cada|кажд\w*) (\d+) (?:{_SESSION})"),
     Goal.EVERY_N_SESSIONS, 2, 100, 1),
    (re.compile(r"(?:each|every) week|weekly|jede[mnrs]? woche|wöchentlich|cada semana(?: "
                r"cumplida)?|semanalmente|кажд\w* недел\w*|еженедельно|раз в неделю"),
     Goal.EVERY_WEEK, 1, 1, 1),
    (re.compile(rf"(\d+) (?:{_SESSION})"), Goal.SESSIONS, 1, 1000, 1),
    (re.compile(r"(\d+) ?(?:minutes?|mins?|minuten|minutos?|минут\w*|мин)"),
     Goal.MINUTES, 1, 100_000, 1),
    (re.compile(r"(\d+) ?(?:hours?|hrs?|h|stunden?|std\.?|horas?|час\w*|ч)"),
     Goal.MINUTES, 1, 100_000, 60),
    (re.compile(r"(\d+) (?:days?|tage?n?|d[ií]as?|день|дня|дней|дн\.?)"
                r"(?: in a row| am stück| in folge| seguidos| подряд)?"), Goal.DAYS, 1, 365, 1),
    (re.compile(r"(\d+) (?:weeks?|wochen?|semanas?|недел\w*)"
                r"(?: in a row| am stück| in folge| seguidas| подряд)?"), Goal.WEEKS, 1, 52, 1),
    (re.compile(r"(?:a |one |1 )?month|(?:einem |einen |1 )?monat|(?:un |1 )?mes|"
                r"(?:1 |один |одного )?месяц\w*"), Goal.MONTH, 1, 1, 1),
    (re.compile(r"(\d+) (?:months?|monate?n?|mes(?:es)?|месяц\w*)"
                r"(?: in a row| am stück| in folge| seguidos| подряд)?"),
     Goal.WEEKS, 1, 52, MONTH_WEEKS),
    (re.compile(r"(?:a |an |one |1 |each |every )?(?:comeback|come-back|coming back|return)|"
                r"(?:ein |einem |jedem |einer |jeder |1 )?(?:comeback|rückkehr|ruckkehr|pause)|"
                r"jedes comeback|(?:un |una |1 |cada |mi )?(?:regreso|vuelta|parón|paron|pausa)|"
                r"volver|(?:каждого )?(?:возвращени[яе]|камбэка|перерыва|паузы)"),
     Goal.COMEBACK, 1, 1, 1),
)  # fmt: skip


def parse_reward(text: str, language: str = "en") -> RewardSpec:
    """`<what> after <goal>` (or nach, después de, после…; a repeating goal also without);
    numbers in the goal may be words ("after three weeks", "nach zwei Monaten"); UserError
    listing the goal forms when it cannot be read."""
    raw = " ".join(text.split())
    splits = list(_SPLIT.finditer(raw))
    if habit := _WHEN_HABIT.search(raw):
        name, goal_text = raw[: habit.start()].strip(), ""
    elif splits:
        name, goal_text = raw[: splits[-1].start()].strip(), raw[splits[-1].end() :]
    elif _AFTER_NOTHING.search(raw):
        raise UserError(ErrorCode.REWARD_AFTER_WHAT)
    elif repeating := _repeating_at_end(raw):
        name, goal_text = repeating
    else:
        raise UserError(ErrorCode.REWARD_UNREADABLE)
    if not name:
        raise UserError(ErrorCode.REWARD_NO_NAME)
    if len(name) > MAX_NAME_CHARS:
        raise UserError(ErrorCode.REWARD_NAME_TOO_LONG, limit=MAX_NAME_CHARS)
    goal_text = reader.digits(_GERMAN_VERB.sub("", goal_text.strip()).lower(), language)
    if habit:
        return RewardSpec(name, Goal.HABIT, 1)
    for pattern, goal, low, high, worth in _GOALS:
        if match := pattern.fullmatch(goal_text):
            amount = int(match.group(1)) * worth if match.groups() else 1
            if not low <= amount <= high:
                raise UserError(ErrorCode.GOAL_RANGE, low=low, high=high)
            return RewardSpec(name, goal, amount)
    raise UserError(ErrorCode.GOAL_UNKNOWN, text=goal_text[:30])


NAME_SCORE = 80  # how close a typed name must be to a reward's (rapidfuzz, 0 to 100)


def named(items: Sequence[Reward], text: str) -> Reward | None:
    """The reward a runner names by its name or a word of it, typos forgiven (`/claim
    cookie`, `/claim cokie`, `/claim Laufshirt`); of equals, one that can be claimed."""
    query = utils.default_process(text)
    if len(query) < 3:
        return None

    def score(reward: Reward) -> float:
        name = utils.default_process(reward.name)
        best = max([fuzz.ratio(query, name)] + [fuzz.ratio(query, w) for w in name.split()])
        if len(query) >= 4:
            best = max(best, 0.9 * fuzz.partial_ratio(query, name))
        return best

    scored = [(score(r), r.unlocked > r.claimed, n, r) for n, r in enumerate(items)]
    found = [s for s in scored if s[0] >= NAME_SCORE]
    if not found:
        return None
    return max(found, key=lambda s: (s[0], s[1], -s[2]))[3]


def _repeating_at_end(raw: str) -> tuple[str, str] | None:
    """("one cookie", "every session") from "one cookie every session": the longest tail that
    is a repeating goal, and what comes before it without a "for" ("tea for every session")."""
    words = raw.split(" ")
    for cut in range(1, len(words)):
        tail = reader.digits(" ".join(words[cut:]).lower())
        if any(p.fullmatch(tail) for p, goal, *_ in _GOALS if goal.repeating):
            name = words[:cut]
            if name[-1].lower() in _FOR:
                name.pop()
            return " ".join(name), tail
    return None


@dataclass(frozen=True, slots=True)
class Reward:
    """A reward as stored: the spec, when it was set, and its unlock ledger."""

    id: int
    name: str
    goal: Goal
    amount: int
    created_at: datetime
    start_day: date  # the runner's local day when it was set
    unlocked: int  # unlocks in the ledger (claimed ones included)
    claimed: int
    resets_seen: int  # streak losses already told (-1: not known yet), to tell each once
    earned_on: date | None = None  # the latest unlock's day
    claimed_on: date | None = None


class LedgerEntry(NamedTuple):
    """One unlock of a reward: which session earned it, when, and when it was claimed."""

    reward_id: int
    session_id: int | None
    earned_at: datetime
    earned_on: date
    claimed_at: datetime | None


@dataclass(frozen=True, slots=True)
class LoggedSession:
    """What reward progress needs to know about one session."""

    id: int
    day: date
    minutes: int
    logged_at: datetime


@dataclass(frozen=True, slots=True)
class Progress:
    value: int  # sessions, minutes, days or weeks so far (towards the next unlock)
    target: int
    times: int  # how often the goal has been reached in all (one-off: 0 or 1)
    unit: str
    needed_this_week: int = 0  # consistency goals: days still needed to keep the streak
    resets: int = 0  # consistency goals: how often the streak was lost since the reward was set

    @property
    def reached(self) -> bool:
        return self.times > 0


def progress(
    reward: Reward,
    sessions: Sequence[LoggedSession],
    rules: Sequence[WeekRule],
    pauses: Sequence[Pause],
    today: date,
) -> Progress:
    """Where a reward stands today."""
    return progress_all([reward], sessions, rules, pauses, today)[0]


def progress_all(
    items: Sequence[Reward],
    sessions: Sequence[LoggedSession],
    rules: Sequence[WeekRule],
    pauses: Sequence[Pause],
    today: date,
) -> list[Progress]:
    """Where each reward stands today; `sessions` holds at least every session from the
    oldest reward's first day on."""
    runner = Calendar([s.day for s in sessions], rules, pauses)
    return progress_on(runner, items, sessions, today)


def progress_on(
    runner: Calendar,
    items: Sequence[Reward],
    sessions: Sequence[LoggedSession],
    today: date,
) -> list[Progress]:
    """Where each reward stands today on the runner's calendar, which holds at least the days
    of `sessions`, and they at least every session from the oldest reward's first day on.
    The runner's weeks are judged once for them all (and for whoever else asks the same
    calendar), and each reward finds its sessions from its first day on by bisection."""
    ordered = sorted(sessions, key=lambda s: s.day)
    days = [s.day for s in ordered]
    result = []
    for reward in items:
        # A reward counts from the day it was set, that day's earlier sessions included;
        # earlier days never count, even when logged afterwards.
        first = bisect_left(days, reward.start_day)
        mine = range(first, len(days))
        result.append(_progress(reward, mine, ordered, days, runner, today))
    return result


def _progress(
    reward: Reward,
    mine: range,
    sessions: Sequence[LoggedSession],
    days: list[date],
    runner: Calendar,
    today: date,
) -> Progress:
    """One reward's progress from the positions of the sessions it counts (in `sessions`
    and their `days`)."""
    goal, amount = reward.goal, reward.amount
    if goal in (Goal.EVERY_SESSION, Goal.EVERY_N_SESSIONS):
        return Progress(len(mine) % amount, amount, len(mine) // amount, "sessions")
    if goal is Goal.SESSIONS:
        return Progress(min(len(mine), amount), amount, int(len(mine) >= amount), "sessions")
    if goal is Goal.MINUTES:
        total = sum(sessions[i].minutes for i in mine)
        return Progress(min(total, amount), amount, int(total >= amount), "minutes")
    if goal is Goal.COMEBACK:
        counted_days = {days[i] for i in mine}
        back = [d for d in habits.comebacks(runner, today, reward.start_day) if d in counted_days]
        return Progress(0, 1, len(back), "comebacks")
    if goal is Goal.HABIT:
        return _habit_progress(reward, mine, days, runner, today)
    # Weeks and streaks: the days before the reward was set are left out, so its first
    # week asks only for its share of the target and older weeks neither count nor break.
    counted = days[mine.start :]
    calendar = runner.view(counted, reward.start_day)
    if goal is Goal.EVERY_WEEK:
        met = sum(1 for w in calendar.weeks(today) if w.status is Status.MET)
        return Progress(0, 1, met, "weeks")
    summary = calendar.summary(today)
    needed, resets = summary.week.needed, summary.resets
    if goal is Goal.DAYS:
        value = summary.consistency_days
        return Progress(min(value, amount), amount, int(value >= amount), "days", needed, resets)
    if goal is Goal.WEEKS or not summary.daily:
        target = amount if goal is Goal.WEEKS else MONTH_WEEKS
        value = summary.consistency_days // 7 if summary.daily else summary.current
        return Progress(min(value, target), target, int(value >= target), "weeks", needed, resets)
    value = summary.current
    reached = int(value >= MONTH_DAYS)
    return Progress(min(value, MONTH_DAYS), MONTH_DAYS, reached, "days", needed, resets)


def _habit_progress(
    reward: Reward, mine: Sequence[int], days: list[date], runner: Calendar, today: date
) -> Progress:
    """Reached the day the runner's habit forms; a runner whose habit had formed before the
    reward was set earns it when it forms again from that day, with new work only."""
    state = habits.habit_progress(runner, today)
    if state.since is not None and state.since < reward.start_day:
        counted = days[mine.start :] if isinstance(mine, range) else [days[i] for i in mine]
        state = habits.habit_progress(runner.view(counted, reward.start_day), today)
    if state.formed:
        return Progress(habits.HABIT_DAYS, habits.HABIT_DAYS, 1, "days")
    threshold = round(habits.HABIT_STRENGTH * 100)
    if state.held:
        return Progress(state.held, habits.HABIT_DAYS, 0, "days")
    return Progress(min(threshold - 1, int(state.strength * 100)), threshold, 0, "strength")


def new_unlocks(reward: Reward, now_progress: Progress) -> int:
    """How many unlocks the ledger lacks: a one-off goal unlocks once, ever."""
    if reward.goal.repeating:
        return max(0, now_progress.times - reward.unlocked)
    return 1 if now_progress.reached and reward.unlocked == 0 else 0


def surplus_unlocks(reward: Reward, now_progress: Progress) -> int:
    """Unlocks of a repeating goal that its sessions and weeks no longer earn (a week undone
    by another session than the one that met it, say): taken back, unless claimed."""
    if not reward.goal.repeating:
        return 0
    return max(0, reward.unlocked - max(now_progress.times, reward.claimed))


def restarted(reward: Reward, now_progress: Progress) -> bool:
    """The streak a goal counts was lost since the runner was last told."""
    return (
        reward.goal.consistency
        and reward.unlocked == 0
        and reward.resets_seen >= 0
        and now_progress.resets > reward.resets_seen
    )
