"""/stats, /week and the picture's caption."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.domain.model import ChartData
from bot.domain.plans import Fit as PlanFit
from bot.services.stats import Stats

if TYPE_CHECKING:
    pass
from bot.texts.common import WEEKDAY_NAMES, duration, e, plural, week_line


def totals(label: str, sessions: int, minutes: int) -> str:
    return f"{label}: {plural(sessions, 'session')}, {duration(minutes)}"


def stats(data: Stats) -> str:
    summary = data.summary
    if data.all_time.sessions == 0:
        return (
            "No sessions yet, so nothing to count. Every streak starts with one: "
            "<code>/done kettlebell 15</code> 💪"
        )
    marks = " ".join(
        f"{WEEKDAY_NAMES[day.weekday()][:2]} {'✓' if done else '⏸' if paused else '·'}"
        for day, done, paused in data.week_days
    )
    week = summary.week
    lines = [
        "<b>📊 Your strength training</b>",
        f"<code>{marks}</code>",
        week_line(week),
    ]
    if summary.paused_today:
        lines.append("⏸ Paused today: nothing counts against you. /resume ends it.")
    streak = plural(summary.current, summary.unit)
    longest = plural(summary.longest, summary.unit)
    if summary.longest:
        lines.append(f"\n🔥 Streak: <b>{streak}</b> (longest {longest})")
    else:
        lines.append(f"\n🔥 Streak: none yet; your first {summary.unit} on target starts one")
    if not summary.daily:
        lines.append(
            f"Consistency: <b>{plural(summary.consistency_days, 'day')}</b> "
            "(7 for each week on target in your streak)"
        )
    lines.append(
        f"💪 Habit strength: <b>{round(data.strength * 100)}%</b> — it grows with every "
        "week on target and eases off slowly after a miss."
    )
    lines.append("")
    lines.append(totals("This week", data.this_week.sessions, data.this_week.minutes))
    lines.append(totals("Last week", data.last_week.sessions, data.last_week.minutes))
    lines.append(totals("All time", data.all_time.sessions, data.all_time.minutes))
    if data.top_activities:
        top = ", ".join(
            f"{e(activity)} {count}× ({duration(minutes)})"
            for activity, count, minutes in data.top_activities
        )
        lines.append(f"\nWhat works for you: {top}")
    return "\n".join(lines)


def chart_caption(chart: ChartData) -> str:
    return f"{e(chart.title)} — the last 16 weeks"


def week_glance(data: Stats) -> str:
    """This week at a glance: /week, and the weekly summary."""
    marks = " ".join(
        f"{WEEKDAY_NAMES[day.weekday()][:2]} {'✓' if done else '⏸' if paused else '·'}"
        for day, done, paused in data.week_days
    )
    summary = data.summary
    streak = (
        f"🔥 Streak: {plural(summary.current, summary.unit)}"
        if summary.current
        else "No streak running yet; this week can start one."
    )
    return (
        f"<b>Week of {data.week_days[0][0]:%d %b}</b>\n<code>{marks}</code>\n"
        f"{week_line(summary.week)}\n"
        f"{totals('Sessions', data.this_week.sessions, data.this_week.minutes)}\n{streak}"
    )


def what_works(fits: Sequence[PlanFit]) -> str:
    """Per activity over 12 weeks, and which one or two the runner sticks with."""
    if not fits:
        return ""
    out = ["\n<b>Last 12 weeks, by activity</b>"]
    for fit in fits:
        plans_part = (
            f", plans {fit.planned_done} done / {fit.planned_skipped} skipped"
            if fit.planned
            else ""
        )
        usual = f", usually {fit.usual_minutes} min" if fit.usual_minutes else ""
        out.append(f"{e(fit.activity)}: {fit.done}× done{plans_part}{usual}")

    def figure(fit: PlanFit) -> str:
        if fit.planned:
            return f"{fit.planned_done} of {fit.planned} planned done"
        return plural(fit.done, "session")

    sticking = [fit for fit in fits if fit.sticks][:2]
    if sticking:
        parts = [f"{e(f.activity)} {'sticks' if i == 0 else 'too'}: {figure(f)}"
                 for i, f in enumerate(sticking)]  # fmt: skip
        slipping = [fit for fit in fits if fit.planned and not fit.sticks][:1]
        parts += [f"{e(f.activity)}: {figure(f)}" for f in slipping]
        out.append("💡 " + "; ".join(parts) + ". Stick to what sticks.")
    return "\n".join(out)
