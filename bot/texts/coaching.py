"""Coaches and their athletes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from bot.domain import streaks
from bot.domain.plans import PlanSpec

if TYPE_CHECKING:
    from bot.domain.coaches import Line
    from bot.services.coaching import Detail
from bot.texts.common import day_label_ahead, e, plural, session_line
from bot.texts.i18n import _
from bot.texts.plans import plan_line, plan_owner_mark

SEES_WORDS = {
    "all": "everything (sessions, plans, week, streak) without your notes",
    "notes": "everything, your session notes included",
    "week": "your week and streak only",
}


def coach_link(username: str, code: str) -> str:
    return (
        "🧑‍🏫 Send this link to a runner you coach:\n"
        f"https://t.me/{e(username)}?start={e(code)}\n"
        "It works once and for a week. Once they accept, write their plan with "
        "<code>/plan @name tue kettlebell 20</code> and see everyone with /athletes."
    )


def coach_offer(coach: str) -> str:
    return (
        f"<b>{e(coach)}</b> asks to be your strength coach: they can write workouts into your "
        "plan and see your week and streak (you choose whether they see more; never your "
        "rewards). OK?"
    )


def coached_now(coach: str) -> str:
    return (
        f"🧑‍🏫 <b>{e(coach)}</b> is your coach now. Their plans show in your morning check-in.\n"
        f"They see {SEES_WORDS['week']}. What should your coach see?"
    )


def athlete_joined(athlete: str, count: int) -> str:
    return (
        f"🧑‍🏫 <b>{e(athlete)}</b> accepted: you coach {plural(count, 'athlete')} now. "
        f"Write their plan with <code>/plan @{e(athlete.split()[0] if athlete.split() else '')}"
        " tue kettlebell 20</code>; /athletes shows everyone."
    )


def coach_status(coach: str, sees: str) -> str:
    return (
        f"🧑‍🏫 Your coach is <b>{e(coach)}</b>; they see {SEES_WORDS.get(sees, sees)}. "
        "They never see your rewards. /coach remove ends it.\nWhat should your coach see?"
    )


def no_coach() -> str:
    return (
        "You have no coach. A coach sends you their /coach link; coaches use /coach "
        "to make one and /athletes to see their athletes."
    )


def sees_set(coach: str, sees: str) -> str:
    return f"✓ {e(coach)} sees {SEES_WORDS.get(sees, sees)}. Change it any time: /coach settings"


def coach_left_you(coach: str) -> str:
    return f"Done: {e(coach)} is no longer your coach. Plans they wrote stay in your /plans."


def athlete_left(athlete: str) -> str:
    return f"{e(athlete)} ended your coaching. Their plans stay theirs."


def athlete_dropped(athlete: str) -> str:
    return f"Done: you no longer coach {e(athlete)}."


def coach_dropped_you(coach: str) -> str:
    return f"{e(coach)} is no longer your coach. Plans they wrote stay in your /plans."


def week_copied(specs: Sequence[PlanSpec], today: date) -> str:
    lines = ["📝 This week's plan, copied to next week:"]
    lines += [f"{day_label_ahead(p.day, today)}: {plan_line(p)}" for p in specs]
    return "\n".join(lines)


def pick_athlete(for_plan: bool) -> str:
    if for_plan:
        return "Whose plan is it? Pick one (or name them: <code>/plan @anna tue kb 20</code>)."
    return "Which athlete? Pick one."


def coach_planned(athlete: str, specs: Sequence[PlanSpec], today: date) -> str:
    lines = [f"📝 Planned for <b>{e(athlete)}</b> (they're told):"]
    lines += [f"{day_label_ahead(p.day, today)}: {plan_line(p)}" for p in specs]
    return "\n".join(lines)


def plans_from_coach(coach: str, specs: Sequence[PlanSpec], today: date) -> str:
    lines = [f"📝 Your coach <b>{e(coach)}</b> planned:"]
    lines += [f"{day_label_ahead(p.day, today)}: {plan_line(p)}" for p in specs]
    lines.append("Your morning check-in shows it that day, and Done logs it. /plans lists all.")
    return "\n".join(lines)


def coach_plan_dropped(athlete: str, day: date, replaced_by: PlanSpec | None) -> str:
    what = f"replaced it with {plan_line(replaced_by)}" if replaced_by else "removed it"
    return f"📝 {e(athlete)} {what}: your plan for {day:%a %d %b}."


def no_athletes() -> str:
    return "You coach nobody yet. /coach gives you a link to send a runner."


def athlete_line(item: Line) -> str:
    """`⚠️ Ada 1/3 🔥2w 📝5/6`: short, so that a hundred athletes fit in one message."""
    week = item.week
    mark = "⚠️ " if item.at_risk else "✓ " if week.met else ""
    text = f"{mark}{e(item.athlete.name)} {week.days_done}/{week.target}"
    if item.streak:
        text += f" 🔥{item.streak}{item.streak_unit[0]}"
    if item.planned:
        text += f" 📝{item.planned_done}/{item.planned}"
    return text


def athletes_table(lines: Sequence[Line], *, digest: bool = False) -> str:
    if not lines:
        return no_athletes()
    head = "🗓 <b>Monday digest: your athletes</b>" if digest else "<b>🧑‍🏫 Your athletes</b>"
    at_risk = sum(1 for item in lines if item.at_risk)
    out = [
        head,
        f"{plural(len(lines), 'athlete')}, {at_risk} at risk (⚠️: this week can only just be "
        "met, or last week was missed). Sessions this week of target, 🔥 streak, "
        "📝 plans done of planned in the last 4 weeks.\n",
    ]
    out += [athlete_line(item) for item in lines]
    if digest:
        missed = [item for item in lines if item.missed_last_week]
        if missed:
            out.append("\n<b>Missed planned sessions last week</b>")
            out += [f"{e(i.athlete.name)}: {i.missed_last_week}" for i in missed]
        else:
            out.append("\nNo planned session was missed last week.")
    out.append("\n/athletes NAME shows one athlete.")
    return "\n".join(out)


def coach_week_line(week: streaks.WeekProgress) -> str:
    """An athlete's week as their coach reads it (the athlete's own line speaks to them)."""
    head = f"{week.days_done} of {plural(week.target, 'day')} this week"
    if week.target == 0:
        return "This week is paused."
    if week.met:
        return f"{head} — met ✓"
    if week.needed > week.days_left:
        return f"{head} — can't be met any more"
    return f"{head} — {week.needed} more needed, {plural(week.days_left, 'day')} left"


def athlete_detail(detail: Detail, today: date) -> str:
    """One athlete for their coach: only what the athlete shows, never rewards."""
    item = detail.line
    streak = f"🔥 Streak: {plural(item.streak, item.streak_unit)}" if item.streak else "No streak"
    out = [f"<b>{e(item.athlete.name)}</b>", coach_week_line(item.week), streak]
    if item.missed_last_target:
        out.append("⚠️ Last week's target was missed.")
    if detail.line.planned is None:
        out.append(f"<i>{e(detail.line.athlete.name)} shows their week and streak only.</i>")
        return "\n".join(out)
    out.append("\n<b>Coming plans</b>")
    out += [f"{day_label_ahead(p.day, today)}: {plan_line(p)}{plan_owner_mark(p)}"
            for p in detail.plans] or ["none"]  # fmt: skip
    out.append("\n<b>Latest sessions</b>")
    out += [f"{s.day:%a %d %b}: {session_line(s, s.day)}" for s in detail.sessions] or ["none"]
    return "\n".join(out)


def remove_whom() -> str:
    return _("Whom should you stop coaching? e.g. /athletes remove anna")


def invite_buttons() -> tuple[str, str]:
    """(accept, decline) under a coach's invite."""
    return _("🧑‍🏫 Yes, coach me"), _("No, thanks")


def sees_buttons() -> tuple[tuple[str, str], ...]:
    """(label, what the coach sees) for /coach settings."""
    return (
        (_("Everything but notes"), "all"),
        (_("Everything with notes"), "notes"),
        (_("Week and streak only"), "week"),
    )


def me_button() -> str:
    return _("Me")
