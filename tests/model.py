"""The README's rules, written as plainly as possible: the referee the real bot is held against.

Everything here comes from the README ("How streaks work", "Rewards"), day by day, with no
caching and no SQL, and imports nothing from `bot`: where the bot and this model disagree,
one of them is wrong about the README. Slow is fine.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

ONE_DAY = timedelta(days=1)
MONDAY, SUNDAY = 0, 6
LOOKBACK_DAYS = 30  # "/done ... up to 30 days back"
HABIT_PERCENT, HABIT_DAYS = 80, 14  # "at 80 % or more for 14 days in a row"
PAUSE_BUDGET = 60  # "At most 60 paused days in any 365"
REPEAT_WINDOW = timedelta(minutes=5)  # "the same /done again within five minutes"


@dataclass
class Rule:
    since: date  # the last change that shaped it took effect that day (date.min: none yet)
    target: int
    week_start: int


@dataclass
class Logged:
    id: int
    day: date
    minutes: int
    logged_at: datetime


@dataclass
class ModelReward:
    name: str
    goal: str  # every_session, every_n, every_week, sessions, minutes, days, weeks, month,
    # comeback, habit
    amount: int
    set_at: datetime
    start_day: date
    unlocks: list[tuple[int | None, bool]] = field(default_factory=list)  # (session, claimed)
    resets_told: int = 0

    @property
    def repeating(self) -> bool:
        return self.goal in ("every_session", "every_n", "every_week", "comeback")

    @property
    def streak_goal(self) -> bool:
        return self.goal in ("days", "weeks", "month")


@dataclass
class WeekView:
    start: date
    end: date  # exclusive
    goal: int
    done: int
    status: str  # met, missed, paused, open


@dataclass
class Numbers:
    """What /stats shows."""

    daily: bool
    streak: int
    longest: int
    consistency: int
    done_this_week: int
    target_this_week: int
    resets: int


class Model:
    """One runner, as the README describes them."""

    def __init__(self, created: date) -> None:
        # The settings: the first ones, then every change as it was made (the day it takes
        # effect, "target" or "week_start", the value), never rewritten.
        self.first_rule = Rule(date.min, 3, MONDAY)
        self.changes: list[tuple[date, str, int]] = []
        self.target_chosen = False  # "Your first target ... judges every week"
        self.sessions: list[Logged] = []
        self.pauses: list[tuple[date, date]] = []
        self.rewards: list[ModelReward] = []
        self.next_id = 1
        self.comebacks_told: set[date] = set()
        self.habit_told = False

    # -- the calendar ------------------------------------------------------------------------

    def rule_on(self, day: date) -> Rule:
        """The first settings, with every change made so far that has taken effect by `day`
        applied in the order they were made (a later change wins)."""
        rule = Rule(self.first_rule.since, self.first_rule.target, self.first_rule.week_start)
        for since, what, value in self.changes:
            if since <= day:
                rule.since = max(rule.since, since)
                setattr(rule, what, value)
        return rule

    def paused(self, day: date) -> bool:
        return any(first <= day <= last for first, last in self.pauses)

    def boundaries(self, first: date, last: date) -> list[date]:
        """Every day in [first - 14, last + 14] on which a week starts.

        A week starts on the week-start weekday in force that day; where the week start
        changed, the change day starts a week too, and if the first regular start after it
        is fewer than four days later, it does not start one (those days join that week).
        """
        days = [first - 14 * ONE_DAY + i * ONE_DAY for i in range((last - first).days + 29)]
        starts = {d for d in days if d.weekday() == self.rule_on(d).week_start}
        for day in days:
            week_start = self.rule_on(day).week_start
            if week_start == self.rule_on(day - ONE_DAY).week_start:
                continue
            starts.add(day)
            following = next(
                day + k * ONE_DAY
                for k in range(1, 8)
                if (day + k * ONE_DAY).weekday() == week_start
            )
            if (following - day).days < 4:
                starts.discard(following)
        return sorted(starts)

    def weeks(
        self, today: date, days: set[date], first: date, origin: date | None = None
    ) -> list[WeekView]:
        starts = self.boundaries(min(first, today), today)
        weeks = []
        for start, end in itertools.pairwise(starts):
            if end <= first or start > today:
                continue
            span = [start + i * ONE_DAY for i in range((end - start).days)]
            counted = [d for d in span if origin is None or d >= origin]
            # A paused day with a session is an ordinary day (README "Pauses").
            open_days = [d for d in counted if not self.paused(d) or d in days]
            done = len([d for d in counted if d in days])
            if not open_days:
                weeks.append(WeekView(start, end, 0, done, "paused"))
                continue
            goal = math.ceil(self.rule_on(start).target * len(open_days) / 7)
            if done >= goal:
                status = "met"
            elif end > today:
                status = "open"
            else:
                status = "missed"
            weeks.append(WeekView(start, end, goal, done, status))
        return weeks

    def numbers(
        self, today: date, sessions: list[Logged] | None = None, origin: date | None = None
    ) -> Numbers:
        chosen = self.sessions if sessions is None else sessions
        days = {s.day for s in chosen}
        first = origin if origin is not None else min(days, default=today)
        first = min(first, today)
        weeks = self.weeks(today, days, first, origin)
        current = weeks[-1]
        if self.rule_on(today).target == 7:
            run = longest = resets = 0
            day = first
            while day <= today:
                if day in days:
                    run += 1
                elif not self.paused(day) and day != today:
                    resets += run > 0
                    run = 0
                longest = max(longest, run)
                day += ONE_DAY
            return Numbers(True, run, longest, run, current.done, current.goal, resets)
        run = longest = resets = 0
        for week in weeks:
            if week.status == "met":
                run += 1
            elif week.status == "missed":
                resets += run > 0
                run = 0
            longest = max(longest, run)
        return Numbers(False, run, longest, 7 * run, current.done, current.goal, resets)

    # -- comebacks and the habit ---------------------------------------------------------------

    def comeback(self, day: date, today: date) -> bool:
        """The first session after a whole week of the runner's own that was missed without
        any session, or after paused days (README "Comebacks")."""
        days = {s.day for s in self.sessions}
        earlier = [d for d in days if d < day]
        if day not in days or not earlier:
            return False
        last = max(earlier)
        weeks = self.weeks(today, days, min(days))
        if any(last < w.start and w.end <= day and w.status == "missed" for w in weeks):
            return True
        return any(self.paused(last + k * ONE_DAY) for k in range(1, (day - last).days))

    def strengths(self, days: set[date], first: date, today: date) -> list[tuple[date, float]]:
        """Habit strength at the end of each day from `first` to today, paused days without a
        session left out (README "Habit strength": Loop's score, day by day)."""
        score, found = 0.0, []
        day = first
        while day <= today:
            if day in days or not self.paused(day):
                target = self.rule_on(day).target
                keep = 0.5 ** (math.sqrt(target / 7) / 13)
                if target == 7:
                    share = float(day in days)
                else:
                    window = len([d for d in days if day - 13 * ONE_DAY <= d <= day])
                    share = min(1.0, window / (2 * target))
                score = score * keep + share * (1 - keep)
                found.append((day, score))
            day += ONE_DAY
        return found

    def habit(
        self, days: set[date], first: date | None, today: date
    ) -> tuple[date | None, int, float]:
        """(the first day it was a habit, days in a row at 80 % or more up to today, strength
        today)."""
        if first is None:
            return None, 0, 0.0
        since, held, strength = None, 0, 0.0
        for day, strength in self.strengths(days, first, today):
            held = held + 1 if strength >= HABIT_PERCENT / 100 else 0
            if since is None and held >= HABIT_DAYS:
                since = day
        return since, held, strength

    def habit_since(self, today: date) -> date | None:
        days = {s.day for s in self.sessions}
        return self.habit(days, min(days, default=None), today)[0]

    def news(self, day: date, new_day: bool, today: date) -> tuple[bool, bool]:
        """(welcome back, it's a habit now) for a session just logged on `day`: each once."""
        current = self.current_week(today).start
        back = new_day and day >= current and day not in self.comebacks_told
        back = back and self.comeback(day, today)
        if back:
            self.comebacks_told.add(day)
        days = {s.day for s in self.sessions}
        since, _, strength = self.habit(days, min(days), today)
        strong = strength >= HABIT_PERCENT / 100
        habit = new_day and not self.habit_told and since is not None and strong
        self.habit_told = self.habit_told or habit
        return back, habit

    # -- commands ------------------------------------------------------------------------------

    def asks_first(self, day: date, minutes: int, now: datetime) -> bool:
        """ "The same /done again within five minutes asks before logging it twice"."""
        return any(
            s.day == day and s.minutes == minutes and now - s.logged_at < REPEAT_WINDOW
            for s in self.sessions
        )

    def log(self, day: date, minutes: int, now: datetime) -> int:
        self.sessions.append(Logged(self.next_id, day, minutes, now))
        self.next_id += 1
        return self.sessions[-1].id

    def undo(self) -> Logged | None:
        """The most recent session goes, with the unclaimed unlocks it earned."""
        if not self.sessions:
            return None
        gone = self.sessions.pop()
        for reward in self.rewards:
            reward.unlocks = [(s, c) for s, c in reward.unlocks if s != gone.id or c]
        return gone

    def set_target(self, target: int, today: date) -> None:
        """The first target chosen judges every week, earlier ones too; a later one applies
        from next week on."""
        if not self.target_chosen:
            self.target_chosen = True
            self.first_rule.target = target  # no target was changed before the first choice
            return
        self.changes.append((self.current_week(today).end, "target", target))

    def set_week_start(self, weekday: int, today: date) -> None:
        """Once the current week is over."""
        self.changes.append((self.current_week(today).end, "week_start", weekday))

    def current_week(self, today: date) -> WeekView:
        days = {s.day for s in self.sessions}
        return self.weeks(today, days, min(days, default=today))[-1]

    def pause(self, first: date, last: date) -> bool:
        """False (and nothing changes) when it overlaps a pause or breaks the 60-in-365 budget."""
        if any(start <= last and first <= end for start, end in self.pauses):
            return False
        paused = sorted(
            start + i * ONE_DAY
            for start, end in [*self.pauses, (first, last)]
            for i in range((end - start).days + 1)
        )
        # "Any 365": every run of 365 days in a row, named by its last day, over all the
        # runner's pauses (not only the new one's neighbourhood).
        for k in range((paused[-1] - paused[0]).days + 365):
            last_day = paused[0] + k * ONE_DAY
            inside = [d for d in paused if last_day - 364 * ONE_DAY <= d <= last_day]
            if len(inside) > PAUSE_BUDGET:
                return False
        self.pauses.append((first, last))
        return True

    def resume(self, today: date) -> bool:
        """A pause running today ends yesterday; one that has not begun goes."""
        changed = False
        kept = []
        for first, last in self.pauses:
            if last < today:
                kept.append((first, last))
            elif first < today:
                kept.append((first, today - ONE_DAY))
                changed = True
            else:
                changed = True
        self.pauses = kept
        return changed

    # -- rewards --------------------------------------------------------------------------------

    def counted(self, reward: ModelReward) -> list[Logged]:
        """ "A reward counts the sessions of the days from the one you set it on"."""
        return [s for s in self.sessions if s.day >= reward.start_day]

    def progress(self, reward: ModelReward, today: date) -> tuple[int, int, int, int]:
        """(value, target, times reached, streak losses) of a reward today."""
        mine = self.counted(reward)
        n = reward.amount
        if reward.goal in ("every_session", "every_n"):
            return len(mine) % n, n, len(mine) // n, 0
        if reward.goal == "sessions":
            return min(len(mine), n), n, int(len(mine) >= n), 0
        if reward.goal == "minutes":
            total = sum(s.minutes for s in mine)
            return min(total, n), n, int(total >= n), 0
        if reward.goal == "comeback":  # the whole history says what a comeback is
            counted = {s.day for s in mine}
            return 0, 1, len([d for d in counted if self.comeback(d, today)]), 0
        if reward.goal == "habit":
            days, first = {s.day for s in self.sessions}, None
            since = self.habit_since(today)
            if since is None or since >= reward.start_day:
                first = min(days, default=None)
            else:  # a habit before the reward was set: it forms again with new work
                days = {s.day for s in mine}
                first = min(days, default=reward.start_day)
            formed, held, strength = self.habit(days, first, today)
            if formed is not None:
                return HABIT_DAYS, HABIT_DAYS, 1, 0
            if held:
                return held, HABIT_DAYS, 0, 0
            return min(HABIT_PERCENT - 1, int(strength * 100)), HABIT_PERCENT, 0, 0
        numbers = self.numbers(today, mine, reward.start_day)
        if reward.goal == "every_week":
            days = {s.day for s in mine}
            weeks = self.weeks(today, days, min(reward.start_day, today), reward.start_day)
            return 0, 1, len([w for w in weeks if w.status == "met"]), 0
        if reward.goal == "days":
            value = numbers.consistency
            return min(value, n), n, int(value >= n), numbers.resets
        if reward.goal == "month" and numbers.daily:
            return min(numbers.streak, 30), 30, int(numbers.streak >= 30), numbers.resets
        target = n if reward.goal == "weeks" else 4
        value = numbers.consistency // 7 if numbers.daily else numbers.streak
        return min(value, target), target, int(value >= target), numbers.resets

    def settle(self, today: date, session_id: int | None) -> tuple[list[str], list[str]]:
        """Record what the runner's work has earned; (unlocked names, restarted names)."""
        unlocked, restarted = [], []
        for reward in self.rewards:
            if not reward.repeating and reward.unlocks:
                continue
            _, _, times, resets = self.progress(reward, today)
            if reward.repeating:
                # "an unclaimed reward follows the sessions and weeks that earned it"
                keep = max(times, len([c for _, c in reward.unlocks if c]))
                while len(reward.unlocks) > keep:
                    last = max(i for i, (_, c) in enumerate(reward.unlocks) if not c)
                    del reward.unlocks[last]
            fresh = max(0, times - len(reward.unlocks)) if reward.repeating else min(times, 1)
            reward.unlocks += [(s, False) for s in self.earners(reward, fresh, session_id)]
            if fresh:
                unlocked.append(reward.name)
            elif reward.streak_goal and resets > reward.resets_told:
                restarted.append(reward.name)
            if reward.streak_goal:
                reward.resets_told = resets
        return unlocked, restarted

    def earners(self, reward: ModelReward, fresh: int, session_id: int | None) -> list[int | None]:
        """ "A session earns a reward counted in sessions once at most": the one just logged
        first, then the latest counted sessions that have not earned it yet (the ones of the
        day it was set on, logged before it)."""
        if reward.goal not in ("every_session", "every_n"):
            return [session_id] * fresh
        holding = {s for s, _ in reward.unlocks}
        counted = sorted(
            self.counted(reward),
            key=lambda s: (s.id == session_id, s.day, s.logged_at, s.id),
            reverse=True,
        )
        chosen: list[int | None] = [s.id for s in counted if s.id not in holding][:fresh]
        return chosen + [None] * (fresh - len(chosen))

    def claim(self, reward: ModelReward) -> bool:
        for i, (session, claimed) in enumerate(reward.unlocks):
            if not claimed:
                reward.unlocks[i] = (session, True)
                return True
        return False
