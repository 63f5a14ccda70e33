"""The numbers and the picture /stats shows."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from bot.domain import habits, model, plans, streaks
from bot.domain.model import ChartData, Profile
from bot.services.base import calendar, today_for
from bot.services.ports import PlanStore


@dataclass(frozen=True, slots=True)
class Totals:
    sessions: int
    minutes: int


@dataclass(frozen=True, slots=True)
class Stats:
    summary: streaks.Summary
    strength: float  # 0.0 to 1.0
    today: date
    week_days: list[tuple[date, bool, bool]]  # (day, trained, paused) for the current week
    this_week: Totals
    last_week: Totals
    all_time: Totals
    top_activities: list[tuple[str, int, int]]  # (activity, sessions, minutes)
    habit: habits.HabitProgress | None = None  # how near "it's a habit", or since when


Facts = list[model.SessionFact]  # every session's local date, minutes and activity


async def stats(store: PlanStore, profile: Profile, now: datetime) -> Stats:
    """The numbers /stats and /week show, from one read of the session columns they need."""
    today = today_for(profile, now)
    facts = await store.sessions.facts(profile.habit_id)
    return _numbers(facts, await calendar(store, profile), today)


def _numbers(facts: Facts, cal: streaks.Calendar, today: date) -> Stats:
    weeks = cal.weeks(today)
    result = cal.summary(today, weeks)
    start, week_end = weeks[-1].start, weeks[-1].end
    last_start = start - 7 * streaks.DAY

    def totals(first: date, end: date) -> Totals:
        rows = [m for d, m, _ in facts if first <= d < end]
        return Totals(len(rows), sum(rows))

    per_activity: dict[str, list[int]] = {}
    for _, minutes, activity in facts:
        per_activity.setdefault(activity, []).append(minutes)
    top = sorted(
        ((a, len(ms), sum(ms)) for a, ms in per_activity.items()),
        key=lambda t: (-t[1], -t[2], t[0]),
    )[:3]
    days = [start + i * streaks.DAY for i in range((week_end - start).days)]
    week_days = [(day, day in cal.days, cal.paused(day)) for day in days]
    habit = habits.habit_progress(cal, today)
    return Stats(
        summary=result,
        strength=habit.strength,
        today=today,
        week_days=week_days,
        this_week=totals(start, week_end),
        last_week=totals(last_start, start),
        all_time=totals(date.min, date.max),
        top_activities=top,
        habit=habit,
    )


CHART_WEEKS = 16


async def chart_data(store: PlanStore, profile: Profile, now: datetime) -> ChartData | None:
    """The last 16 weeks for the /stats picture; None for a runner with no sessions yet."""
    facts = await store.sessions.facts(profile.habit_id)
    if not facts:
        return None
    return _chart(facts, await calendar(store, profile), profile, today_for(profile, now))


def _chart(
    facts: Facts,
    cal: streaks.Calendar,
    profile: Profile,
    today: date,
    habit: habits.HabitProgress | None = None,
) -> ChartData:
    result = cal.summary(today)
    habit = habit or habits.habit_progress(cal, today)
    first = streaks.week_start(today, profile.week_start) - (CHART_WEEKS - 1) * 7 * streaks.DAY
    minutes: dict[date, int] = {}
    per_activity: dict[str, list[int]] = {}
    for day, mins, activity in facts:
        per_activity.setdefault(activity, []).append(mins)
        if day >= first:
            minutes[day] = minutes.get(day, 0) + mins
    span = [first + i * streaks.DAY for i in range((today - first).days + 1)]
    weeks = [
        (w.start, sum(m for d, m in minutes.items() if w.start <= d < w.end), w.days_done,
         w.target, w.status is streaks.Status.MET)
        for w in cal.weeks(today)
        if w.end > first
    ]  # fmt: skip
    return ChartData(
        today=today,
        first_day=first,
        minutes=minutes,
        paused=frozenset(d for d in span if cal.paused(d)),
        weeks=weeks,
        activities=sorted(
            ((a, len(ms), sum(ms)) for a, ms in per_activity.items()), key=lambda t: (-t[1], -t[2])
        ),
        streak=result.current,
        streak_unit=result.unit,
        strength=habit.strength,
        habit_since=habit.since,
    )


@dataclass(frozen=True, slots=True)
class Report:
    """Everything /stats shows: the numbers, what works, and the picture (with what works)."""

    stats: Stats
    works: list[plans.Fit]
    chart: ChartData | None  # None for a runner with no sessions yet


async def report(store: PlanStore, profile: Profile, now: datetime) -> Report:
    """/stats: the numbers, what works and the picture, from one read of the sessions."""
    today = today_for(profile, now)
    facts = await store.sessions.facts(profile.habit_id)
    cal = await calendar(store, profile)
    planned = await store.plans.between(profile.user_id, today - plans.STICK_WINDOW, today)
    works = plans.what_works(facts, planned, today)
    numbers = _numbers(facts, cal, today)
    chart = None
    if facts:
        fits = tuple(
            (f.activity, f.done, f.planned_done, f.planned_skipped, f.usual_minutes) for f in works
        )
        chart = replace(_chart(facts, cal, profile, today, numbers.habit), fits=fits)
    return Report(numbers, works, chart)
