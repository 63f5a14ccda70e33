"""Weeks, streaks, consistency days and habit strength, from a runner's session days.

Everything is derived from the sessions, the history of weekly rules and the pauses, so
backdating and undo recompute it all; nothing here is a counter that could drift.
"""

from __future__ import annotations

import functools
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from bot.domain.model import WeekRule

DAY = timedelta(days=1)
WEEK = timedelta(days=7)
FORTNIGHT = timedelta(days=14)
DAILY_TARGET = 7
MONTH_WEEKS = 4
MONTH_DAYS = 30


def week_start(day: date, first_weekday: int) -> date:
    """The first day of the week holding `day`, for weeks starting on `first_weekday`."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


@dataclass(frozen=True, slots=True)
class Pause:
    """Days off the habit, both ends included."""

    first: date
    last: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


class CalendarFacts(NamedTuple):
    """All a Calendar is built from."""

    days: list[date]  # the local dates of the sessions
    rules: list[WeekRule]
    pauses: list[Pause]


class Status(StrEnum):
    MET = "met"
    MISSED = "missed"
    PAUSED = "paused"  # every day of the week was paused: it neither counts nor breaks
    OPEN = "open"  # the current week, not met yet: it never breaks the streak


@dataclass(frozen=True, slots=True)
class Week:
    start: date
    end: date  # exclusive; a week cut short by a change of week start ends early
    target: int  # shrunk in proportion to paused days
    days_done: int
    status: Status

    @property
    def needed(self) -> int:
        return max(0, self.target - self.days_done)


@dataclass(frozen=True, slots=True)
class WeekProgress:
    """Where the current week stands, as the /done reply and the check-in say it."""

    start: date
    days_done: int
    target: int
    days_left: int  # days of the week that can still add a training day, today included

    @property
    def met(self) -> bool:
        return self.days_done >= self.target

    @property
    def needed(self) -> int:
        return max(0, self.target - self.days_done)


@dataclass(frozen=True, slots=True)
class Summary:
    """The numbers a runner sees."""

    daily: bool  # target 7: streaks count days, not weeks
    current: int  # weeks (or days when daily)
    longest: int
    consistency_days: int
    week: WeekProgress
    paused_today: bool
    resets: int = 0  # how often a streak was lost: a reward counting the streak starts over

    @property
    def unit(self) -> str:
        return "day" if self.daily else "week"

    @property
    def month_reached(self) -> bool:
        return self.current >= (MONTH_DAYS if self.daily else MONTH_WEEKS)


class Reckoning:
    """How a runner's days are judged: the weekly rules over time and the paused days. A
    calendar and every view taken of it share one."""

    __slots__ = ("_paused_sorted", "paused", "rules", "since")

    def __init__(self, rules: Sequence[WeekRule], pauses: Sequence[Pause] = ()) -> None:
        if not rules:
            rules = [WeekRule(since=date.min, target=3, week_start=0)]
        self.rules = sorted(rules, key=lambda r: r.since)
        self.since = [r.since for r in self.rules]
        # A pause lasts 60 days at most, so their days make a small set to look days up in.
        self.paused = frozenset(
            p.first + i * DAY for p in pauses for i in range((p.last - p.first).days + 1)
        )
        self._paused_sorted: list[date] | None = None

    def paused_sorted(self) -> list[date]:
        """The paused days in order (sorted on first use)."""
        if self._paused_sorted is None:
            self._paused_sorted = sorted(self.paused)
        return self._paused_sorted


class Calendar:
    """A runner's history: session days, weekly rules over time and pauses.

    `rules` (with `pauses`) may also be the `Reckoning` of another calendar, which brings its
    pauses along. `origin`, when given, is the first day that counts (a reward's first day):
    earlier days are left out as if paused, so that week asks only for its share of the target.
    """

    def __init__(
        self,
        days: Iterable[date],
        rules: Sequence[WeekRule] | Reckoning,
        pauses: Sequence[Pause] = (),
        origin: date | None = None,
    ) -> None:
        if isinstance(rules, Reckoning):
            if pauses:
                raise ValueError("a reckoning brings its own pauses")
            self.reckoning = rules
        else:
            self.reckoning = Reckoning(rules, pauses)
        self.days = frozenset(days)
        self.rules = self.reckoning.rules
        self._since = self.reckoning.since
        self._paused = self.reckoning.paused
        self.origin = origin
        self._first = min(self.days, default=None)
        if origin is not None:
            self._first = origin if self._first is None else max(origin, self._first)
        self._sorted_days: list[date] | None = None
        # Weeks judged for one `today` from some first day on, for its callers and views to
        # share: the rules and the days never change, so one walk serves them all.
        self._judged: tuple[date, date, list[Week], list[date]] | None = None
        self._strength: tuple[date, float] | None = None
        self._walked: tuple[date, list[tuple[date, float]]] | None = None

    def view(self, days: Iterable[date], origin: date) -> Calendar:
        """The calendar of a reward set on `origin` that counts some of these days: the same
        rules and pauses, and weeks taken from this calendar's wherever they hold the same
        days, so twenty rewards judge the runner's weeks once, not twenty times."""
        return CalendarView(self, days, origin)

    def rule_at(self, day: date) -> WeekRule:
        """The rule in force on a day; the first rule also covers the days before it."""
        return self.rules[max(0, bisect_right(self._since, day) - 1)]

    def paused(self, day: date) -> bool:
        return day in self._paused

    def paused_days(self, first: date, last: date) -> list[date]:
        """The paused days from `first` to `last`, both included, in order."""
        days = self.reckoning.paused_sorted()
        return days[bisect_left(days, first) : bisect_right(days, last)]

    def first_day(self, today: date) -> date:
        if self.origin is not None:
            return min(today, self.origin)
        return today if self._first is None else min(today, self._first)

    def weeks(self, today: date) -> list[Week]:
        """Every week from the first day's to the current one, judged by its own rule.

        Week boundaries follow the rules from the first rule on, so a reward's weeks are the
        runner's own. Where the week start changes, the days up to the first week in the new
        reckoning make a short week of their own (four days or more) or join that first week.
        """
        return self.weeks_from(self.first_day(today), today)

    def weeks_from(self, first: date, today: date) -> list[Week]:
        """The weeks from the one holding `first` to today's: walked once for each `today`
        (again only for an earlier first day), and a new list each time."""
        judged = self._judged
        if judged is None or judged[0] != today or judged[1] > first:
            # Every walk runs on the same week boundaries, so an earlier start only adds weeks.
            start = min(first, self.first_day(today))
            if judged is not None and judged[0] == today:
                start = min(start, judged[1])
            walked = self._walk(start, today)
            judged = self._judged = (today, start, walked, [w.end for w in walked])
        _, _, walked, ends = judged
        return walked[bisect_right(ends, first) :]

    def count_from(self, day: date) -> int:
        """How many of the days are `day` or later."""
        return len(self._ordered()) - bisect_left(self._ordered(), day)

    def days_before(self, day: date) -> list[date]:
        """The days before `day`, in order."""
        return self._ordered()[: bisect_left(self._ordered(), day)]

    def _ordered(self) -> list[date]:
        if self._sorted_days is None:
            self._sorted_days = sorted(self.days)
        return self._sorted_days

    def _walk(self, first: date, today: date) -> list[Week]:
        # Any day before the second rule is in the first rule's reckoning.
        anchor = min(first, self._since[1] - DAY) if len(self.rules) > 1 else first
        reckoning = self.rule_at(anchor).week_start
        start = week_start(anchor, reckoning)
        weeks: list[Week] = []
        while start <= today:
            rule = self.rule_at(start)
            if rule.week_start != reckoning or start.weekday() != rule.week_start:
                reckoning = rule.week_start
                end = start + timedelta(days=(rule.week_start - start.weekday() - 1) % 7 + 1)
                if (end - start).days < 4:
                    end += WEEK
            else:
                end = start + WEEK
            # Rules from before week-start changes took effect at a week's end may cut it short.
            for later in self.rules:
                if start < later.since < end and later.week_start != reckoning:
                    end = later.since
                    break
            if end > first:
                weeks.append(self._judge(start, end, rule.target, today))
            start = end
        return weeks

    def _judge(self, start: date, end: date, target: int, today: date) -> Week:
        first = start if self.origin is None else max(start, self.origin)
        span = max(0, (end - first).days)
        ordered = self._ordered()
        low, high = bisect_left(ordered, first), bisect_left(ordered, end)
        done = high - low if span else 0
        paused = self._paused_between(first, end - DAY) if span else 0
        # A paused day the runner trained on anyway is an ordinary day: the pause never
        # takes a session's day out of its week.
        trained_paused = sum(1 for d in ordered[low:high] if d in self._paused) if paused else 0
        open_days = span - paused + trained_paused if span else 0
        if open_days == 0:
            return Week(start, end, 0, done, Status.PAUSED)
        goal = math.ceil(target * open_days / 7)
        if done >= goal:
            status = Status.MET
        elif end > today:
            status = Status.OPEN
        else:
            status = Status.MISSED
        return Week(start, end, goal, done, status)

    def progress(self, today: date, weeks: Sequence[Week] | None = None) -> WeekProgress:
        current = (weeks or self.weeks(today))[-1]
        # Days that can still add a training day: today only while it has no session yet.
        days_left = (current.end - today).days - (today in self.days)
        return WeekProgress(current.start, current.days_done, current.target, days_left)

    def summary(self, today: date, weeks: Sequence[Week] | None = None) -> Summary:
        weeks = weeks or self.weeks(today)
        daily = self.rule_at(today).target == DAILY_TARGET
        if daily:
            current, longest, resets = self._day_streaks(today)
            consistency = current
        else:
            current, longest, resets = _week_streaks(weeks)
            consistency = 7 * current
        return Summary(
            daily=daily,
            current=current,
            longest=longest,
            consistency_days=consistency,
            week=self.progress(today, weeks),
            paused_today=self.paused(today),
            resets=resets,
        )

    def _day_streaks(self, today: date) -> tuple[int, int, int]:
        """Runs of session days: a day without a session breaks the run unless it is paused
        or today. It steps from session day to session day, so it costs the sessions, not
        the days between them."""
        longest = run = resets = 0
        ordered = self._ordered()
        first = self.first_day(today)
        chosen = ordered[bisect_left(ordered, first) : bisect_right(ordered, today)]
        previous = first - DAY
        for day in [*chosen, None]:  # None: the days after the last session, up to today
            gap_last = (today if day is None else day) - DAY  # today never breaks a run
            gap = (gap_last - previous).days
            if gap > 0 and gap > self._paused_between(previous + DAY, gap_last):
                resets += run > 0
                run = 0
            if day is not None:
                run += 1
                longest = max(longest, run)
                previous = day
        return run, longest, resets

    def paused_between(self, first: date, last: date) -> int:
        """Paused days from `first` to `last`, both included."""
        return self._paused_between(first, last)

    def _paused_between(self, first: date, last: date) -> int:
        """Paused days from `first` to `last`, both included."""
        days = self.reckoning.paused_sorted()
        return bisect_right(days, last) - bisect_left(days, first)

    def strength(self, today: date) -> float:
        """Loop Habit Tracker's score (v2.3.1, ScoreList.recompute): an average that rises with
        consistency and eases after misses.

        A day's share is its session days among the last 14 (that day included) over twice the
        target, at most 1; at target 7 it is 1 or 0 for that day alone. The half-life is
        13/sqrt(f) days for f = target / 7. A paused day without a session leaves the score as
        it was (Loop's skip). Each day counts with the target in force on it, where Loop has one
        frequency for all days. It walks every day of the history, so only /stats and its
        picture ask for it.
        """
        if self._strength is not None and self._strength[0] == today:
            return self._strength[1]
        score = self.strength_at([today])[0][1]
        self._strength = (today, score)
        return score

    def strength_at(self, when: Sequence[date]) -> list[tuple[date, float]]:
        """The strength on each day of `when` (in its order), from one walk of the history:
        the line of habit strength over a season."""
        if not when:
            return []
        if self._first is None:
            return [(day, 0.0) for day in when]
        wanted = sorted(set(when))
        found: dict[date, float] = {d: 0.0 for d in wanted if d < self._first}
        marks = iter([d for d in wanted if d >= self._first])
        mark = next(marks, None)
        score = 0.0
        for day, value in self.strengths(max(when)):
            while mark is not None and mark < day:  # a paused day held the score before it
                found[mark] = score
                mark = next(marks, None)
            score = value
            if mark == day:
                found[day] = score
                mark = next(marks, None)
        while mark is not None:
            found[mark] = score
            mark = next(marks, None)
        return [(d, found[d]) for d in when]

    def strength_days(self, today: date) -> list[tuple[date, float]]:
        """`strengths` as a list, walked once for each `today` and kept for whoever asks next
        (the habit milestone, a habit reward, /stats)."""
        if self._walked is None or self._walked[0] != today:
            self._walked = (today, list(self.strengths(today)))
        return self._walked[1]

    def strengths(self, today: date) -> Iterator[tuple[date, float]]:
        """The strength at the end of each day from the first one to today, as `strength`
        walks them; a paused day without a session is left out, as it leaves the score as it
        was."""
        if self._first is None:
            return
        score = 0.0
        window = 0  # session days among the fourteen ending on `day`
        day, days, paused = self._first, self.days, self._paused
        # The rules in force in turn, each until the next one's first day (or past today).
        ends = [*self._since[1:], today + DAY]
        for rule, end in zip(self.rules, ends, strict=True):
            target, daily = rule.target, rule.target == DAILY_TARGET
            # next_strength's step, its weights taken once per rule: years of days are walked.
            keep = _decay(target)
            gain = 1 - keep
            full = 2 * target  # session days in a fortnight that make a day's share 1
            stop = min(end, today + DAY)
            while day < stop:
                trained = day in days
                window += trained - (day - FORTNIGHT in days)
                if trained or day not in paused:
                    # A comparison, not min(): this runs for every day of years of history.
                    share = float(trained) if daily else 1.0 if window >= full else window / full
                    score = score * keep + share * gain
                    yield day, score
                day += DAY


class CalendarView(Calendar):
    """A reward's calendar, taken of a runner's whole one: it counts some of its days from the
    reward's origin on, judged by the same reckoning, and takes its weeks from the whole
    calendar's wherever they hold the same days."""

    def __init__(self, whole: Calendar, days: Iterable[date], origin: date) -> None:
        if whole.origin is not None:
            raise ValueError("a view is taken of a runner's whole calendar")
        super().__init__(days, whole.reckoning, origin=origin)
        self.whole = whole
        counted = {d for d in self.days if d >= origin}
        if not counted <= whole.days:
            raise ValueError("a view counts only days of the calendar it was taken of")
        # The days from the origin on that the view leaves out (usually none): their weeks
        # are judged again.
        self._missing = (
            sorted(whole.days.difference(counted, whole.days_before(origin)))
            if whole.count_from(origin) > len(counted)
            else []
        )

    def weeks(self, today: date) -> list[Week]:
        """The whole calendar's weeks from the view's first day on, judged again only where
        the view counts other days (the week of its origin, days it leaves out)."""
        assert self.origin is not None
        weeks = self.whole.weeks_from(self.first_day(today), today)
        missing = iter(self._missing)
        next_missing = next(missing, None)
        for i, week in enumerate(weeks):
            if next_missing is None and week.start >= self.origin:
                break
            if week.start < self.origin or (next_missing is not None and next_missing < week.end):
                weeks[i] = self._judge(week.start, week.end, self.rule_at(week.start).target, today)
            while next_missing is not None and next_missing < week.end:
                next_missing = next(missing, None)
        return weeks


@dataclass(frozen=True, slots=True)
class WeekChange:
    start: date
    met: bool  # met now; before the change it was not (or the other way round)
    current: bool  # the week in progress


def week_changes(old: Sequence[Week], new: Sequence[Week]) -> list[WeekChange]:
    """The weeks that became met, or stopped being met, oldest first."""
    was = {w.start: w.status is Status.MET for w in old}
    now = {w.start: w.status is Status.MET for w in new}
    current = new[-1].start if new else None
    return [
        WeekChange(start, now.get(start, False), start == current)
        for start in sorted(was.keys() | now.keys())
        if was.get(start, False) != now.get(start, False)
    ]


def change_rules(
    rules: Sequence[WeekRule],
    since: date,
    *,
    target: int | None = None,
    first_weekday: int | None = None,
) -> list[WeekRule]:
    """The rules after a change of target or week start that takes effect on `since`.

    Every day before `since` keeps the rule it had, so no past week changes. A new target also
    applies to a week start change still to come; a new week start replaces one still to come.
    """
    current = Calendar((), rules)
    in_force = current.rule_at(since)
    before = [r for r in current.rules if r.since < since]
    if not before:  # the first rule also covers the days before it: keep it doing so
        before = [replace(current.rule_at(since - DAY), since=since - DAY)]
    new = WeekRule(
        since=since,
        target=in_force.target if target is None else target,
        week_start=in_force.week_start if first_weekday is None else first_weekday,
    )
    later = (
        [replace(r, target=target) for r in current.rules if r.since > since]
        if target is not None
        else []
    )
    merged: list[WeekRule] = []
    for rule in [*before, new, *later]:
        if merged and (merged[-1].target, merged[-1].week_start) == (rule.target, rule.week_start):
            continue  # the same rule again changes nothing
        merged.append(rule)
    return merged


def first_target(rules: Sequence[WeekRule], target: int) -> list[WeekRule]:
    """The rules once a runner chooses their first target: it judges every week, the earlier
    ones too, since no week has yet been judged by a target they chose."""
    current = Calendar((), rules)
    return [replace(r, target=target) for r in current.rules]


def next_strength(previous: float, share: float, target: int) -> float:
    """One day's step of habit strength (Loop's Score.compute) at a weekly target."""
    multiplier = _decay(target)
    return previous * multiplier + share * (1 - multiplier)


PAUSE_BUDGET_DAYS = 60
PAUSE_WINDOW_DAYS = 365


def pause_fits(pauses: Sequence[Pause], new: Pause) -> bool:
    """At most 60 paused days in any 365, so a pause is no permanent escape."""
    paused = {p.first + i * DAY for p in (*pauses, new) for i in range((p.last - p.first).days + 1)}
    first_window = new.first - (PAUSE_WINDOW_DAYS - 1) * DAY
    window_starts = (first_window + i * DAY for i in range((new.last - first_window).days + 1))
    for start in window_starts:
        end = start + PAUSE_WINDOW_DAYS * DAY
        if sum(1 for d in paused if start <= d < end) > PAUSE_BUDGET_DAYS:
            return False
    return True


@functools.cache
def _decay(target: int) -> float:
    """A day's weight in the strength score: a half-life of 13/sqrt(target/7) days."""
    weight: float = 0.5 ** (math.sqrt(target / 7) / 13)
    return weight


def _week_streaks(weeks: Sequence[Week]) -> tuple[int, int, int]:
    """(current, longest, resets): runs of met weeks, and how often a run was lost.
    Paused and open weeks never break a run."""
    longest = run = resets = 0
    for week in weeks:
        if week.status is Status.MET:
            run += 1
        elif week.status is Status.MISSED:
            resets += run > 0
            run = 0
        longest = max(longest, run)
    return run, longest, resets
