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
from bot.texts.common import (
    day_label_ahead,
    days,
    e,
    session_line,
    short_day,
    start_link,
    streak_length,
)
from bot.texts.i18n import N_, _, ngettext
from bot.texts.plans import plan_line, plan_owner_mark

SEES_WORDS = {
    "all": N_("everything (sessions, plans, week, streak) without your notes"),
    "notes": N_("everything, your session notes included"),
    "week": N_("your week and streak only"),
}


def sees_words(sees: str) -> str:
    return _(SEES_WORDS[sees]) if sees in SEES_WORDS else e(sees)


def coach_link(username: str, code: str) -> str:
    return _(
        "🧑‍🏫 Send this link to a runner you coach:\n"
        "{link}\n"
        "It works once and for a week. Once they accept, write their plan with "
        "<code>/plan @name tue kettlebell 20</code> and see everyone with /athletes."
    ).format(link=start_link(username, code))


def coach_offer(coach: str) -> str:
    return _(
        "<b>{coach}</b> asks to be your strength coach: they can write workouts into your "
        "plan and see your week and streak (you choose whether they see more; never your "
        "rewards). OK?"
    ).format(coach=e(coach))


def coached_now(coach: str) -> str:
    return _(
        "🧑‍🏫 <b>{coach}</b> is your coach now. Their plans show in your morning check-in.\n"
        "They see {sees}. What should your coach see?"
    ).format(coach=e(coach), sees=sees_words("week"))


def athlete_joined(athlete: str, count: int) -> str:
    return ngettext(
        "🧑‍🏫 <b>{athlete}</b> accepted: you coach {count} athlete now. "
        "Write their plan with <code>/plan @{first_name} tue kettlebell 20</code>; "
        "/athletes shows everyone.",
        "🧑‍🏫 <b>{athlete}</b> accepted: you coach {count} athletes now. "
        "Write their plan with <code>/plan @{first_name} tue kettlebell 20</code>; "
        "/athletes shows everyone.",
        count,
    ).format(
        athlete=e(athlete),
        count=count,
        first_name=e(athlete.split()[0] if athlete.split() else ""),
    )


def coach_status(coach: str, sees: str) -> str:
    return _(
        "🧑‍🏫 Your coach is <b>{coach}</b>; they see {sees}. "
        "They never see your rewards. /coach remove ends it.\nWhat should your coach see?"
    ).format(coach=e(coach), sees=sees_words(sees))


def no_coach() -> str:
    return _(
        "You have no coach. A coach sends you their /coach link; coaches use /coach "
        "to make one and /athletes to see their athletes."
    )


def sees_set(coach: str, sees: str) -> str:
    return _("✓ {coach} sees {sees}. Change it any time: /coach settings").format(
        coach=e(coach), sees=sees_words(sees)
    )


def coach_left_you(coach: str) -> str:
    return _("Done: {coach} is no longer your coach. Plans they wrote stay in your /plans.").format(
        coach=e(coach)
    )


def athlete_left(athlete: str) -> str:
    return _("{athlete} ended your coaching. Their plans stay theirs.").format(athlete=e(athlete))


def athlete_dropped(athlete: str) -> str:
    return _("Done: you no longer coach {athlete}.").format(athlete=e(athlete))


def coach_dropped_you(coach: str) -> str:
    return _("{coach} is no longer your coach. Plans they wrote stay in your /plans.").format(
        coach=e(coach)
    )


def week_copied(specs: Sequence[PlanSpec], today: date) -> str:
    lines = [_("📝 This week's plan, copied to next week:")]
    lines += [f"{day_label_ahead(p.day, today)}: {plan_line(p)}" for p in specs]
    return "\n".join(lines)


def pick_athlete(for_plan: bool) -> str:
    if for_plan:
        return _("Whose plan is it? Pick one (or name them: <code>/plan @anna tue kb 20</code>).")
    return _("Which athlete? Pick one.")


def coach_planned(athlete: str, specs: Sequence[PlanSpec], today: date) -> str:
    lines = [_("📝 Planned for <b>{athlete}</b> (they're told):").format(athlete=e(athlete))]
    lines += [f"{day_label_ahead(p.day, today)}: {plan_line(p)}" for p in specs]
    return "\n".join(lines)


def plans_from_coach(coach: str, specs: Sequence[PlanSpec], today: date) -> str:
    lines = [_("📝 Your coach <b>{coach}</b> planned:").format(coach=e(coach))]
    lines += [f"{day_label_ahead(p.day, today)}: {plan_line(p)}" for p in specs]
    lines.append(_("Your morning check-in shows it that day, and Done logs it. /plans lists all."))
    return "\n".join(lines)


def coach_plan_dropped(athlete: str, day: date, replaced_by: PlanSpec | None) -> str:
    if replaced_by:
        return _("📝 {athlete} replaced it with {plan}: your plan for {day}.").format(
            athlete=e(athlete), plan=plan_line(replaced_by), day=short_day(day)
        )
    return _("📝 {athlete} removed it: your plan for {day}.").format(
        athlete=e(athlete), day=short_day(day)
    )


def no_athletes() -> str:
    return _("You coach nobody yet. /coach gives you a link to send a runner.")


def athlete_line(item: Line) -> str:
    """`⚠️ Ada 1/3 🔥2w 📝5/6`: short, so that a hundred athletes fit in one message."""
    week = item.week
    mark = "⚠️ " if item.at_risk else "✓ " if week.met else ""
    text = f"{mark}{e(item.athlete.name)} {week.days_done}/{week.target}"
    if item.streak:
        if item.streak_unit == "day":
            text += " " + _("🔥{count}d").format(count=item.streak)
        else:
            text += " " + _("🔥{count}w").format(count=item.streak)
    if item.planned:
        text += f" 📝{item.planned_done}/{item.planned}"
    return text


def athletes_table(lines: Sequence[Line], *, digest: bool = False) -> str:
    if not lines:
        return no_athletes()
    head = _("🗓 <b>Monday digest: your athletes</b>") if digest else _("<b>🧑‍🏫 Your athletes</b>")
    at_risk = sum(1 for item in lines if item.at_risk)
    legend = ngettext(
        "{count} athlete, {at_risk} at risk (⚠️: this week can only just be "
        "met, or last week was missed). Sessions this week of target, 🔥 streak, "
        "📝 plans done of planned in the last 4 weeks.",
        "{count} athletes, {at_risk} at risk (⚠️: this week can only just be "
        "met, or last week was missed). Sessions this week of target, 🔥 streak, "
        "📝 plans done of planned in the last 4 weeks.",
        len(lines),
    ).format(count=len(lines), at_risk=at_risk)
    out = [head, legend + "\n"]
    out += [athlete_line(item) for item in lines]
    if digest:
        missed = [item for item in lines if item.missed_last_week]
        if missed:
            out.append("\n" + _("<b>Missed planned sessions last week</b>"))
            out += [f"{e(i.athlete.name)}: {i.missed_last_week}" for i in missed]
        else:
            out.append("\n" + _("No planned session was missed last week."))
    out.append("\n" + _("/athletes NAME shows one athlete."))
    return "\n".join(out)


def coach_week_line(week: streaks.WeekProgress) -> str:
    """An athlete's week as their coach reads it (the athlete's own line speaks to them)."""
    if week.target == 0:
        return _("This week is paused.")
    done, target = week.days_done, week.target
    if week.met:
        return ngettext(
            "{done} of {target} day this week — met ✓",
            "{done} of {target} days this week — met ✓",
            target,
        ).format(done=done, target=target)
    if week.needed > week.days_left:
        return ngettext(
            "{done} of {target} day this week — can't be met any more",
            "{done} of {target} days this week — can't be met any more",
            target,
        ).format(done=done, target=target)
    return ngettext(
        "{done} of {target} day this week — {needed} more needed, {left} left",
        "{done} of {target} days this week — {needed} more needed, {left} left",
        target,
    ).format(done=done, target=target, needed=week.needed, left=days(week.days_left))


def athlete_detail(detail: Detail, today: date) -> str:
    """One athlete for their coach: only what the athlete shows, never rewards."""
    item = detail.line
    streak = (
        _("🔥 Streak: {length}").format(length=streak_length(item.streak, item.streak_unit))
        if item.streak
        else _("No streak")
    )
    out = [f"<b>{e(item.athlete.name)}</b>", coach_week_line(item.week), streak]
    if item.missed_last_target:
        out.append(_("⚠️ Last week's target was missed."))
    if detail.line.planned is None:
        out.append(
            _("<i>{name} shows their week and streak only.</i>").format(
                name=e(detail.line.athlete.name)
            )
        )
        return "\n".join(out)
    out.append("\n" + _("<b>Coming plans</b>"))
    out += [f"{day_label_ahead(p.day, today)}: {plan_line(p)}{plan_owner_mark(p)}"
            for p in detail.plans] or [_("none")]  # fmt: skip
    out.append("\n" + _("<b>Latest sessions</b>"))
    out += [f"{short_day(s.day)}: {session_line(s, s.day)}" for s in detail.sessions] or [_("none")]
    return "\n".join(out)


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
