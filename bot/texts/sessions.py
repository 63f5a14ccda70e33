"""Logging, undoing, editing and listing sessions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from bot.domain import habits
from bot.domain.habits import Return
from bot.domain.model import Session
from bot.services.sessions import History, Logged, Undone

if TYPE_CHECKING:
    from bot.services.editing import Edited
from bot.texts.common import (
    activity_name,
    day_label,
    day_month,
    day_month_year,
    e,
    long_day,
    session_line,
    short_day,
    streak_length,
    streak_line,
    week_changes,
    week_line,
)
from bot.texts.i18n import _, ngettext
from bot.texts.rewards import reward_news


def logged(result: Logged, *, private: bool = True) -> str:
    """The reply to a logged session: the week, the streak, and any reward news (only in the
    runner's own chat: rewards are private, never shown to a group)."""
    session, summary, today = result.session, result.summary, result.today
    if result.duplicate:
        return (
            _("Already logged: {session}").format(session=session_line(session, today))
            + "\n"
            + week_line(summary.week)
        )
    cheer = ""
    if result.met_week == summary.week.start:
        cheer = "\n" + _("That meets this week's target. Lovely work! 🎉")
    elif result.met_week is not None:
        cheer = "\n" + _("The week of {day} is now met ✓").format(day=day_month(result.met_week))
    return (
        _("✅ Logged {session}").format(session=session_line(session, today))
        + f"\n{week_line(summary.week)}{cheer}{streak_line(summary)}"
        + welcome_back(result)
        + its_a_habit(result)
        + (reward_news(result.rewards) if private else "")
    )


def welcome_back(result: Logged) -> str:
    """The first session after a missed week or a pause: no word about the gap, where the
    streak stands, and what one more session this week does."""
    back = result.milestones.comeback
    if back is None:
        return ""
    summary = result.summary
    week = summary.week
    lines = [_("👋 Welcome back! Coming back is what builds a habit, and you just did.")]
    if summary.current and back is Return.PAUSE:
        lines.append(
            _("Your streak of {length} held through the pause.").format(
                length=streak_length(summary.current, summary.unit)
            )
        )
    elif not summary.current and not week.met:
        lines.append(_("Your streak starts again with this week."))
    if not week.met and 0 < week.needed <= week.days_left:
        if week.needed == 1:
            lines.append(_("One more session this week meets it and starts a new streak."))
        else:
            lines.append(
                ngettext(
                    "One more session this week makes it {done} of {target} day.",
                    "One more session this week makes it {done} of {target} days.",
                    week.target,
                ).format(done=week.days_done + 1, target=week.target)
            )
    return "".join(f"\n{line}" for line in lines)


def its_a_habit(result: Logged) -> str:
    """The habit milestone, told once."""
    if result.milestones.habit_since is None:
        return ""
    return "\n" + _(
        "🌱 It's a habit now: your habit strength has stayed at {strength}% or more for {days} "
        "days. From here it takes less effort; /stats keeps it in view."
    ).format(strength=round(habits.HABIT_STRENGTH * 100), days=habits.HABIT_DAYS)


def undone(result: Undone, *, private: bool = True) -> str:
    back = "".join(
        "\n"
        + _("↩️ Taken back: <b>{name}</b>, since the session that earned it is gone.").format(
            name=e(name)
        )
        for name in result.taken_back
    )
    news = f"{back}{reward_news(result.rewards)}" if private else ""
    return (
        _("↩️ Removed {session}").format(session=session_line(result.session, result.today))
        + f"{week_changes(result.weeks)}\n"
        + f"{week_line(result.summary.week)}{streak_line(result.summary)}{news}"
    )


def upcoming_day(day: date) -> str:
    """`Monday 30 Nov`."""
    return long_day(day)


def ask_minutes(activity: str, day: date, today: date, usual: int | None) -> str:
    if day == today:
        question = _("How many minutes of <b>{activity}</b>?").format(
            activity=e(activity_name(activity))
        )
    else:
        question = _("How many minutes of <b>{activity}</b> ({day})?").format(
            activity=e(activity_name(activity)), day=day_label(day, today)
        )
    if usual:
        return question + " " + _("You usually do {minutes}.").format(minutes=usual)
    return question


def _when(minutes: int | None, day: date, today: date) -> str:
    """`20 min today`, `20 min yesterday`, or just the day when the minutes are to come."""
    when = day_label(day, today) if day != today else _("today")
    if minutes is None:
        return when
    return _("{minutes} min {when}").format(minutes=minutes, when=when)


def did_you_mean(suggestion: str, typed: str, minutes: int | None, day: date, today: date) -> str:
    """A typo close to a known activity: asked, never guessed."""
    return _("Did you mean <b>{activity}</b>? ({typed}, {when})").format(
        activity=e(activity_name(suggestion)), typed=e(f"“{typed}”"),
        when=_when(minutes, day, today),
    )  # fmt: skip


def log_as_button(activity: str) -> str:
    return _("✅ {activity}").format(activity=activity_name(activity))


def log_as_typed_button(typed: str) -> str:
    return _("Log as “{typed}”").format(typed=typed)


def confirm_log(activity: str, minutes: int | None, day: date, today: date) -> str:
    """An activity the bot does not know, or a plain message that reads as a session."""
    return _("Log <b>{activity}</b> {when}?").format(
        activity=e(activity_name(activity)), when=_when(minutes, day, today)
    )


def confirm_button() -> str:
    return _("✅ Log it")


def restore_button() -> str:
    return _("↩️ Restore")


def ask_activity(recent: Sequence[str]) -> str:
    if recent:
        return _("What did you do? Pick one, or type it: /done kettlebell 15")
    return _(
        "Log a session like this: <code>/done kettlebell 15</code>\n"
        "Activity and minutes in any order; add <code>yesterday</code>, a weekday or a date "
        "for an earlier day, and a note after <code> - </code>."
    )


def activity_too_long_for_buttons(activity: str) -> str:
    return _("How many minutes of <b>{activity}</b>? Send it like /done {activity} 20").format(
        activity=e(activity_name(activity))
    )


def history(found: History) -> str:
    if not found.sessions:
        return _("No sessions yet. Log your first with /done kettlebell 15 💪")
    lines: list[str] = [_("<b>Your recent sessions</b>")]
    current: date | None = None
    this_week = found.weeks[-1].start
    for session in found.sessions:
        start = next((w.start for w in reversed(found.weeks) if w.start <= session.day), None)
        if start != current:
            current = start
            label = (
                _("This week")
                if start == this_week or start is None
                else _("Week of {day}").format(day=day_month_year(start))
            )
            lines.append(f"\n<u>{label}</u>")
        values = {"day": short_day(session.day), "activity": e(activity_name(session.activity)),
                  "minutes": session.minutes}  # fmt: skip
        if session.note:
            lines.append(
                _("{day}: <b>{activity}</b> {minutes} min — <i>{note}</i>").format(
                    note=e(session.note), **values
                )
            )
        else:
            lines.append(_("{day}: <b>{activity}</b> {minutes} min").format(**values))
    shown = len(found.sessions)
    if found.older:
        lines.append(
            "\n"
            + ngettext(
                "Sessions {first}–{last} of {count}: ▶ shows older ones, /history 30 more at once.",
                "Sessions {first}–{last} of {count}: ▶ shows older ones, /history 30 more at once.",
                found.total,
            ).format(first=found.skip + 1, last=found.skip + shown, count=found.total)
        )
    lines.append("\n" + _("Tap a session to fix or delete it, or name its day: /edit 12.10."))
    return "\n".join(lines)


def edit_list(sessions: Sequence[Session]) -> str:
    if not sessions:
        return _("No sessions in the last 30 days to fix. Log one with /done kettlebell 15")
    return _("✏️ Which session should change? (the last 30 days, newest first)")


def edit_day_list(day: date, sessions: Sequence[Session]) -> str:
    """/edit with a day: that day's sessions as buttons, or none."""
    if not sessions:
        return _("No session on {day}. /history lists them all, older ones page by page.").format(
            day=day_month_year(day)
        )
    return _("✏️ Which session of {day} should change?").format(day=day_month_year(day))


def logged_moments_ago(session: Session, today: date) -> str:
    return _(
        "You logged {session} a moment ago. The same again? Nothing is logged twice unless you "
        "say so."
    ).format(session=session_line(session, today))


def log_again_button() -> str:
    return _("➕ Yes, log it again")


def older_button() -> str:
    return _("Older ▶")


def newer_button() -> str:
    return _("◀ Newer")


def edit_button(session: Session) -> str:
    return _("{day} · {activity} {minutes} min").format(
        day=short_day(session.day),
        activity=activity_name(session.activity),
        minutes=session.minutes,
    )


def edit_menu(session: Session, today: date) -> str:
    return _(
        "✏️ {day}: {session}\nPick new minutes, another day or another activity, or delete it."
    ).format(day=short_day(session.day), session=dated(session))


def dated(session: Session) -> str:
    """The session after a header that names its day already: without the day again."""
    return session_line(session, session.day)


def edited(result: Edited) -> str:
    """What an edit changed: the session, the weeks it made met or unmet, and rewards."""
    before, after, today = result.before, result.after, result.today
    if after is None:
        head = _("🗑 Deleted {day}: {session}").format(
            day=short_day(before.day), session=dated(before)
        )
    elif not result.changed:
        return edit_menu(before, today) + "\n" + _("Nothing changed: it is like that already.")
    else:
        parts = []
        if after.activity != before.activity:
            was, now = e(activity_name(before.activity)), e(activity_name(after.activity))
            parts.append(f"<b>{was}</b> → <b>{now}</b>")
        if after.minutes != before.minutes:
            parts.append(
                _("{before} → {after} min").format(before=before.minutes, after=after.minutes)
            )
        if after.day != before.day:
            parts.append(f"{short_day(before.day)} → {short_day(after.day)}")
        head = _("✏️ Changed: {changes}\nNow: {day}: {session}").format(
            changes=", ".join(parts), day=short_day(after.day), session=dated(after)
        )
    weeks = week_changes(result.weeks)
    back = "".join(
        "\n"
        + _("↩️ Taken back: <b>{name}</b>, since the session that earned it changed.").format(
            name=e(name)
        )
        for name in result.taken_back
    )
    return (
        f"{head}{weeks}\n{week_line(result.summary.week)}{streak_line(result.summary)}"
        f"{back}{reward_news(result.news)}"
    )


def removed_toast() -> str:
    return _("Removed")


def logged_toast(duplicate: bool) -> str:
    return _("Already logged") if duplicate else _("Logged")


def edited_toast(change: Edited) -> str:
    if change.after is None:
        return _("Deleted")
    return _("Saved") if change.changed else _("No change")


# Button labels under sessions.


def undo_button() -> str:
    return _("↩️ Undo")


def minutes_button(minutes: int, usual: bool = False) -> str:
    label = _("{minutes} min").format(minutes=minutes)
    return f"{label} ★" if usual else label


def delete_button() -> str:
    return _("🗑 Delete")
