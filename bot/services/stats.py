"""The numbers and the picture /stats shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot import services
from bot.domain import plans, streaks
from bot.domain.model import ChartData, Profile
from bot.services.base import calendar, today_for
from bot.storage.repository import Store


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


async def stats(store: Store, profile: Profile, now: datetime) -> Stats:
    """Everything /stats shows, from one read of the session columns it needs."""
    today = today_for(profile, now)
    facts = await store.session_facts(profile.habit_id)
    cal = await calendar(store, profile)
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
    return Stats(
        summary=result,
        strength=cal.strength(today),
        today=today,
        week_days=week_days,
        this_week=totals(start, week_end),
        last_week=totals(last_start, start),
        all_time=totals(date.min, date.max),
        top_activities=top,
    )


CHART_WEEKS = 16


async def chart_data(store: Store, profile: Profile, now: datetime) -> ChartData | None:
    """The last 16 weeks for the /stats picture; None for a runner with no sessions yet."""
    facts = await store.session_facts(profile.habit_id)
    if not facts:
        return None
    today = today_for(profile, now)
    cal = await calendar(store, profile)
    result = cal.summary(today)
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
    streak = f"{result.current} {result.unit}{'' if result.current == 1 else 's'}"
    return ChartData(
        today=today,
        first_day=first,
        minutes=minutes,
        paused=frozenset(d for d in span if cal.paused(d)),
        weeks=weeks,
        activities=sorted(
            ((a, len(ms), sum(ms)) for a, ms in per_activity.items()), key=lambda t: (-t[1], -t[2])
        ),
        title=f"Streak {streak} · habit strength {round(cal.strength(today) * 100)}%",
    )


async def everything(
    store: Store, profile: Profile, now: datetime
) -> tuple[Stats, list[plans.Fit], ChartData | None]:
    """What /stats shows: the numbers, what works for the runner, and the picture's data."""
    numbers = await stats(store, profile, now)
    works = await services.plans.what_works(store, profile, now)
    return numbers, works, await chart_data(store, profile, now)
