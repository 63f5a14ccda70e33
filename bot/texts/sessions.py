"""Logging, undoing, editing and listing sessions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from bot.domain.model import Session
from bot.services.sessions import History, Logged, Undone

if TYPE_CHECKING:
    from bot.services.editing import Edited
from bot.texts.common import (
    WEEKDAY_NAMES,
    day_label,
    e,
    session_line,
    short_day,
    streak_line,
    week_changes,
    week_line,
)
from bot.texts.i18n import _
from bot.texts.rewards import reward_news


def logged(result: Logged, *, private: bool = True) -> str:
    """The reply to a logged session: the week, the streak, and any reward news (only in the
    runner's own chat: rewards are private, never shown to a group)."""
    session, summary, today = result.session, result.summary, result.today
    if result.duplicate:
        return f"Already logged: {session_line(session, today)}\n{week_line(summary.week)}"
    cheer = ""
    if result.met_week == summary.week.start:
        cheer = "\nThat meets this week's target. Lovely work! 🎉"
    elif result.met_week is not None:
        cheer = f"\nThe week of {result.met_week.day} {result.met_week:%b} is now met ✓"
    return (
        f"✅ Logged {session_line(session, today)}\n{week_line(summary.week)}{cheer}"
        f"{streak_line(summary)}{reward_news(result.rewards) if private else ''}"
    )


def undone(result: Undone, *, private: bool = True) -> str:
    back = "".join(
        f"\n↩️ Taken back: <b>{e(name)}</b>, since the session that earned it is gone."
        for name in result.taken_back
    )
    news = f"{back}{reward_news(result.rewards)}" if private else ""
    return (
        f"↩️ Removed {session_line(result.session, result.today)}{week_changes(result.weeks)}\n"
        f"{week_line(result.summary.week)}{streak_line(result.summary)}{news}"
    )


def upcoming_day(day: date) -> str:
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {day:%b}"


def ask_minutes(activity: str, day: date, today: date, usual: int | None) -> str:
    when = "" if day == today else f" ({day_label(day, today)})"
    hint = f" You usually do {usual}." if usual else ""
    return f"How many minutes of <b>{e(activity)}</b>{when}?{hint}"


def ask_activity(recent: Sequence[str]) -> str:
    if recent:
        return "What did you do? Pick one, or type it: /done kettlebell 15"
    return (
        "Log a session like this: <code>/done kettlebell 15</code>\n"
        "Activity and minutes in any order; add <code>yesterday</code>, a weekday or a date "
        "for an earlier day, and a note after <code> - </code>."
    )


def activity_too_long_for_buttons(activity: str) -> str:
    return f"How many minutes of <b>{e(activity)}</b>? Send it like /done {e(activity)} 20"


def history(found: History) -> str:
    if not found.sessions:
        return "No sessions yet. Log your first with /done kettlebell 15 💪"
    lines: list[str] = ["<b>Your recent sessions</b>"]
    current: date | None = None
    this_week = found.weeks[-1].start
    for session in found.sessions:
        start = next((w.start for w in reversed(found.weeks) if w.start <= session.day), None)
        if start != current:
            current = start
            label = "This week" if start == this_week else f"Week of {start:%d %b %Y}"
            lines.append(f"\n<u>{label}</u>")
        note = f" — <i>{e(session.note)}</i>" if session.note else ""
        lines.append(
            f"{session.day:%a %d %b}: <b>{e(session.activity)}</b> {session.minutes} min{note}"
        )
    lines.append("\nTap a session of the last 30 days to fix or delete it (or /edit).")
    return "\n".join(lines)


def edit_list(sessions: Sequence[Session]) -> str:
    if not sessions:
        return "No sessions in the last 30 days to fix. Log one with /done kettlebell 15"
    return "✏️ Which session should change? (the last 30 days, newest first)"


def edit_button(session: Session) -> str:
    return f"{short_day(session.day)} · {session.activity} {session.minutes} min"


def edit_menu(session: Session, today: date) -> str:
    return (
        f"✏️ {short_day(session.day)}: {session_line(session, today)}\n"
        "Pick new minutes, another day or another activity, or delete it."
    )


def edited(result: Edited) -> str:
    """What an edit changed: the session, the weeks it made met or unmet, and rewards."""
    before, after, today = result.before, result.after, result.today
    if after is None:
        head = f"🗑 Deleted {short_day(before.day)}: {session_line(before, today)}"
    elif not result.changed:
        return f"{edit_menu(before, today)}\nNothing changed: it is like that already."
    else:
        parts = []
        if after.activity != before.activity:
            parts.append(f"<b>{e(before.activity)}</b> → <b>{e(after.activity)}</b>")
        if after.minutes != before.minutes:
            parts.append(f"{before.minutes} → {after.minutes} min")
        if after.day != before.day:
            parts.append(f"{short_day(before.day)} → {short_day(after.day)}")
        head = f"✏️ Changed: {', '.join(parts)}\nNow: {short_day(after.day)}: " + session_line(
            after, today
        )
    weeks = week_changes(result.weeks)
    back = "".join(
        f"\n↩️ Taken back: <b>{e(name)}</b>, since the session that earned it changed."
        for name in result.taken_back
    )
    return (
        f"{head}{weeks}\n{week_line(result.summary.week)}{streak_line(result.summary)}"
        f"{back}{reward_news(result.news)}"
    )


def history_usage(most: int) -> str:
    return _("Ask for 1 to {most} sessions, e.g. /history 20").format(most=most)


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
