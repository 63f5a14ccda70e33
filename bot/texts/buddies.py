"""Buddies: invites, settings and the news they hear."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.domain import streaks
from bot.domain.model import Session
from bot.texts.i18n import _

if TYPE_CHECKING:
    pass
from bot.texts.common import day_label, days_left_words, e, plural


def buddy_link(username: str, code: str) -> str:
    return (
        "🤝 Send this link to a friend who should hold you accountable (and you them):\n"
        f"https://t.me/{e(username)}?start={e(code)}\n"
        "It works once and for a week. They choose what they hear about you: /buddy settings."
    )


def buddy_offer(inviter: str) -> str:
    return (
        f"<b>{e(inviter)}</b> asks you to be strength-training buddies: you'll hear about "
        "each other's sessions (no notes, no rewards). OK?"
    )


def buddies_now(name: str) -> str:
    return (
        f"🤝 You and <b>{e(name)}</b> are buddies now. You'll hear about their sessions; "
        "change what you hear with /buddy settings."
    )


def buddy_declined() -> str:
    return "No problem, nothing changed."


def buddy_status(items: list[tuple[int, str, int, str]]) -> str:
    hears = {"every": "every session", "risk_met": "only at risk or met",
             "weekly": "a weekly summary", "nothing": "nothing"}  # fmt: skip
    if not items:
        return "No buddies yet. /buddy gives you an invite link to send a friend."
    lines = ["<b>Your buddies</b>"] + [f"{e(name)}: you hear {hears.get(h, h)}"
                                        for _, name, _, h in items]  # fmt: skip
    lines.append("\nWhat should you hear about your buddies?")
    return "\n".join(lines)


def hears_set(hears: str) -> str:
    words = {"every": "every session", "risk_met": "when their week is at risk or met",
             "weekly": "a weekly summary", "nothing": "nothing"}  # fmt: skip
    return f"✓ You'll hear {words.get(hears, hears)} about your buddies."


def buddies_removed(count: int) -> str:
    if not count:
        return "You have no buddies to remove."
    return f"Done: {plural(count, 'buddy pair')} ended, for both of you."


def buddy_gone(name: str) -> str:
    return f"{e(name)} ended your buddy pair. /buddy invites someone new whenever you like."


def buddy_session(name: str, session: Session, today: date) -> str:
    when = "" if session.day == today else f" ({day_label(session.day, today)})"
    return f"💪 Your buddy {e(name)} did {e(session.activity)} {session.minutes} min{when}."


def buddy_met(name: str) -> str:
    return f"🎉 Your buddy {e(name)} met this week's target. Tell them!"


def buddy_at_risk(name: str, week: streaks.WeekProgress) -> str:
    return (
        f"⚠️ {e(name)}'s week is at risk: {plural(week.needed, 'more day')} with a session needed, "
        f"{days_left_words(week)}. A word from you might help."
    )


def buddy_weekly(name: str, week: streaks.WeekProgress, summary: streaks.Summary) -> str:
    verdict = "met ✓" if week.met else "not met"
    streak = f", streak {plural(summary.current, summary.unit)}" if summary.current else ""
    return f"🗓 {e(name)}'s week: {week.days_done} of {week.target}, {verdict}{streak}."


def invite_buttons() -> tuple[str, str]:
    """(accept, decline) under a buddy's invite."""
    return _("🤝 Yes, let's be buddies"), _("No, thanks")


def hears_buttons() -> tuple[tuple[str, str], ...]:
    """(label, what the runner hears) for /buddy settings."""
    return (
        (_("Every session"), "every"),
        (_("Only at risk or met"), "risk_met"),
        (_("A weekly summary"), "weekly"),
        (_("Nothing"), "nothing"),
    )
