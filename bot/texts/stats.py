"""/stats, /week and the picture's words."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from babel.numbers import format_percent

from bot.domain import habits
from bot.domain.model import ChartData
from bot.domain.plans import Fit as PlanFit
from bot.pictures.labels import LEGEND_MINUTES, ChartLabels
from bot.services.stats import CHART_WEEKS, Stats
from bot.texts.common import (
    activity_name,
    day_month,
    duration,
    e,
    streak_length,
    week_line,
    weekday_letters,
)
from bot.texts.i18n import _, locale, ngettext


def sessions_count(count: int) -> str:
    return ngettext("{count} session", "{count} sessions", count).format(count=count)


def totals(label: str, sessions: int, minutes: int) -> str:
    """`This week: 3 sessions, 1h 05m` (`label` is already in the language spoken)."""
    return _("{label}: {sessions}, {time}").format(
        label=label, sessions=sessions_count(sessions), time=duration(minutes)
    )


def percent(share: float) -> str:
    return format_percent(share, locale=locale())


def _week_marks(data: Stats) -> str:
    return " ".join(
        f"{weekday_letters(day)} {'✓' if done else '⏸' if paused else '·'}"
        for day, done, paused in data.week_days
    )


def stats(data: Stats) -> str:
    summary = data.summary
    if data.all_time.sessions == 0:
        return _(
            "No sessions yet, so nothing to count. Every streak starts with one: "
            "<code>/done kettlebell 15</code> 💪"
        )
    lines = [
        _("<b>📊 Your strength training</b>"),
        f"<code>{e(_week_marks(data))}</code>",
        week_line(summary.week),
    ]
    if summary.paused_today:
        lines.append(_("⏸ Paused today: nothing counts against you. /resume ends it."))
    if summary.longest:
        lines.append(
            "\n"
            + _("🔥 Streak: <b>{length}</b> (longest {longest})").format(
                length=streak_length(summary.current, summary.unit),
                longest=streak_length(summary.longest, summary.unit),
            )
        )
    elif summary.daily:
        lines.append("\n" + _("🔥 Streak: none yet; your first day on target starts one"))
    else:
        lines.append("\n" + _("🔥 Streak: none yet; your first week on target starts one"))
    if not summary.daily:
        lines.append(
            ngettext(
                "Consistency: <b>{count} day</b> (7 for each week on target in your streak)",
                "Consistency: <b>{count} days</b> (7 for each week on target in your streak)",
                summary.consistency_days,
            ).format(count=summary.consistency_days)
        )
    lines.append(
        _(
            "💪 Habit strength: <b>{percent}</b> — it grows with every "
            "week on target and eases off slowly after a miss."
        ).format(percent=percent(data.strength))
    )
    if data.habit is not None:
        lines.append(habit_line(data.habit))
    lines.append("")
    lines.append(totals(_("This week"), data.this_week.sessions, data.this_week.minutes))
    lines.append(totals(_("Last week"), data.last_week.sessions, data.last_week.minutes))
    lines.append(totals(_("All time"), data.all_time.sessions, data.all_time.minutes))
    if data.top_activities:
        top = ", ".join(
            f"{e(activity_name(activity))} {count}× ({duration(minutes)})"
            for activity, count, minutes in data.top_activities
        )
        lines.append("\n" + _("What works for you: {activities}").format(activities=top))
    return "\n".join(lines)


def habit_line(habit: habits.HabitProgress) -> str:
    """Since when it has been a habit, or how it becomes one."""
    strength, days = round(habits.HABIT_STRENGTH * 100), habits.HABIT_DAYS
    if habit.since is not None:
        text = _(
            "🌱 A habit since {day}: habit strength stayed at {strength}% or more for {days} days."
        )
        return text.format(day=day_month(habit.since), strength=strength, days=days)
    if habit.held:
        return _("🌱 {held} of {days} days at {strength}% or more: then it's a habit.").format(
            held=habit.held, days=days, strength=strength
        )
    text = _(
        "🌱 Once habit strength stays at {strength}% or more for {days} days, it's a habit "
        "(about two months of weeks on target)."
    )
    return text.format(strength=strength, days=days)


def chart_title(chart: ChartData) -> str:
    """`Streak 2 weeks · habit strength 40%`: the picture's title (plain text)."""
    title = _("Streak {length} · habit strength {percent}").format(
        length=streak_length(chart.streak, chart.streak_unit), percent=percent(chart.strength)
    )
    if chart.habit_since is not None:
        title += " · " + _("a habit since {day}").format(day=day_month(chart.habit_since))
    return title


def chart_caption(chart: ChartData) -> str:
    return _("{title} — the last 16 weeks").format(title=e(chart_title(chart)))


def usually(minutes: int) -> str:
    return _("usually {minutes} min").format(minutes=minutes)


def fit_label(fit: tuple[str, int, int, int, int]) -> str:
    """`9× · plans 9 of 10 · usually 20 min` for one activity's 12 weeks."""
    _activity, done, kept, skipped, usual = fit
    parts = [f"{done}×"]
    if kept + skipped:
        parts.append(_("plans {kept} of {planned}").format(kept=kept, planned=kept + skipped))
    if usual:
        parts.append(usually(usual))
    return " · ".join(parts)


def chart_labels(chart: ChartData) -> ChartLabels:
    """Every word on the /stats picture (plain text, not HTML), in the language spoken."""
    first = chart.first_day
    return ChartLabels(
        title=chart_title(chart),
        heatmap=_("Last 16 weeks (✓ = week on target, grey hatched = paused)"),
        weekly=_("Minutes per week (label: session days / target; dark = met)"),
        minutes_axis=_("minutes"),
        activities=(
            _("What works: the last 12 weeks") if chart.fits else _("Sessions by activity")
        ),
        day_letters=tuple(weekday_letters(first + timedelta(days=row)) for row in range(7)),
        heatmap_ticks=tuple(
            day_month(first + timedelta(weeks=w)) for w in range(0, CHART_WEEKS, 4)
        ),
        week_starts=tuple(day_month(start) for start, *_rest in chart.weeks),
        fits=tuple(fit_label(fit) for fit in chart.fits),
        activity_counts=tuple(
            _("{count}× · {minutes} min").format(count=count, minutes=minutes)
            for _name, count, minutes in chart.activities
        ),
        activity_names=tuple(
            activity_name(name) for name, *_rest in (chart.fits if chart.fits else chart.activities)
        ),
        legend=(
            *(_("{minutes} min").format(minutes=m) for m in LEGEND_MINUTES[:-1]),
            _("{minutes}+ min").format(minutes=LEGEND_MINUTES[-1]),
            _("no session"),
            _("paused"),
        ),
    )


def week_glance(data: Stats) -> str:
    """This week at a glance: /week, and the weekly summary."""
    summary = data.summary
    streak = (
        _("🔥 Streak: {length}").format(length=streak_length(summary.current, summary.unit))
        if summary.current
        else _("No streak running yet; this week can start one.")
        if summary.week.met or summary.week.needed <= summary.week.days_left
        else _("No streak running yet; next week can start one.")
    )
    return "\n".join(
        [
            _("<b>Week of {day}</b>").format(day=day_month(data.week_days[0][0])),
            f"<code>{e(_week_marks(data))}</code>",
            week_line(summary.week),
            totals(_("This week"), data.this_week.sessions, data.this_week.minutes),
            streak,
        ]
    )


def what_works(fits: Sequence[PlanFit]) -> str:
    """Per activity over 12 weeks, and which one or two the runner sticks with."""
    if not fits:
        return ""
    out = ["\n" + _("<b>Last 12 weeks, by activity</b>")]
    for fit in fits:
        line = ngettext("{activity}: {count}× done", "{activity}: {count}× done", fit.done).format(
            activity=e(activity_name(fit.activity)), count=fit.done
        )
        if fit.planned:
            line += ", " + _("plans {done} done / {skipped} skipped").format(
                done=fit.planned_done, skipped=fit.planned_skipped
            )
        if fit.usual_minutes:
            line += ", " + usually(fit.usual_minutes)
        out.append(line)

    def shown(fit: PlanFit) -> str:
        return e(activity_name(fit.activity))

    def figure(fit: PlanFit) -> str:
        if fit.planned:
            return _("{done} of {planned} planned done").format(
                done=fit.planned_done, planned=fit.planned
            )
        return sessions_count(fit.done)

    sticking = [fit for fit in fits if fit.sticks][:2]
    if sticking:
        first, *second = sticking
        parts = [_("{activity} sticks: {figure}").format(activity=shown(first),
                                                         figure=figure(first))]  # fmt: skip
        parts += [_("{activity} too: {figure}").format(activity=shown(f), figure=figure(f))
                  for f in second]  # fmt: skip
        slipping = [fit for fit in fits if fit.planned and not fit.sticks][:1]
        parts += [f"{shown(f)}: {figure(f)}" for f in slipping]
        out.append(_("💡 {findings}. Stick to what sticks.").format(findings="; ".join(parts)))
    return "\n".join(out)
