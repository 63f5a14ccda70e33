"""Buddies: invites, settings and the news they hear."""

from __future__ import annotations

from datetime import date

from bot.domain import streaks
from bot.domain.buddies import BuddyOf, Hears
from bot.domain.model import Session
from bot.texts.common import (
    activity_name,
    day_label,
    days_left_words,
    e,
    start_link,
    streak_length,
)
from bot.texts.i18n import _, ngettext


def buddy_link(username: str, code: str) -> str:
    return _(
        "🤝 Send this link to a friend who should hold you accountable (and you them):\n"
        "{link}\n"
        "It works once and for a week. They choose what they hear about you: /buddy settings."
    ).format(link=start_link(username, code))


def buddy_offer(inviter: str) -> str:
    return _(
        "<b>{inviter}</b> asks you to be strength-training buddies: you'll hear about "
        "each other's sessions (no notes, no rewards). OK?"
    ).format(inviter=e(inviter))


def buddies_now(name: str) -> str:
    return _(
        "🤝 You and <b>{name}</b> are buddies now. You'll hear about their sessions; "
        "change what you hear with /buddy settings."
    ).format(name=e(name))


def buddy_declined() -> str:
    return _("No problem, nothing changed.")


def _buddy_line(name: str, hears: Hears) -> str:
    """One buddy and what the runner hears about them, as a whole sentence per choice."""
    match hears:
        case Hears.EVERY:
            return _("{name}: you hear about every session").format(name=e(name))
        case Hears.RISK_MET:
            return _("{name}: you hear when their week is at risk or met").format(name=e(name))
        case Hears.WEEKLY:
            return _("{name}: you hear a weekly summary").format(name=e(name))
        case Hears.NOTHING:
            return _("{name}: you hear nothing").format(name=e(name))


def buddy_status(items: list[BuddyOf]) -> str:
    if not items:
        return _("No buddies yet. /buddy gives you an invite link to send a friend.")
    lines = [_("<b>Your buddies</b>")]
    lines += [_buddy_line(item.name, item.hears) for item in items]
    lines.append("\n" + _("What should you hear about your buddies?"))
    return "\n".join(lines)


def hears_set(hears: Hears) -> str:
    match hears:
        case Hears.EVERY:
            return _("✓ You'll hear every session about your buddies.")
        case Hears.RISK_MET:
            return _("✓ You'll hear when their week is at risk or met about your buddies.")
        case Hears.WEEKLY:
            return _("✓ You'll hear a weekly summary about your buddies.")
        case Hears.NOTHING:
            return _("✓ You'll hear nothing about your buddies.")


def buddies_removed(count: int) -> str:
    if not count:
        return _("You have no buddies to remove.")
    return ngettext(
        "Done: {count} buddy pair ended, for both of you.",
        "Done: {count} buddy pairs ended, for both of you.",
        count,
    ).format(count=count)


def buddy_gone(name: str) -> str:
    return _("{name} ended your buddy pair. /buddy invites someone new whenever you like.").format(
        name=e(name)
    )


def buddy_session(name: str, session: Session, today: date) -> str:
    values = {
        "name": e(name),
        "activity": e(activity_name(session.activity)),
        "minutes": session.minutes,
    }
    if session.day == today:
        return _("💪 Your buddy {name} did {activity} {minutes} min.").format(**values)
    return _("💪 Your buddy {name} did {activity} {minutes} min ({day}).").format(
        day=day_label(session.day, today), **values
    )


def buddy_met(name: str) -> str:
    return _("🎉 Your buddy {name} met this week's target. Tell them!").format(name=e(name))


def buddy_at_risk(name: str, week: streaks.WeekProgress) -> str:
    return ngettext(
        "⚠️ {name}'s week is at risk: {count} more day with a session needed, {left}. "
        "A word from you might help.",
        "⚠️ {name}'s week is at risk: {count} more days with a session needed, {left}. "
        "A word from you might help.",
        week.needed,
    ).format(name=e(name), count=week.needed, left=days_left_words(week))


def buddy_weekly(name: str, week: streaks.WeekProgress, summary: streaks.Summary) -> str:
    values = {"name": e(name), "done": week.days_done, "target": week.target}
    if summary.current:
        streak = streak_length(summary.current, summary.unit)
        if week.met:
            return _("🗓 {name}'s week: {done} of {target}, met ✓, streak {streak}.").format(
                streak=streak, **values
            )
        return _("🗓 {name}'s week: {done} of {target}, not met, streak {streak}.").format(
            streak=streak, **values
        )
    if week.met:
        return _("🗓 {name}'s week: {done} of {target}, met ✓.").format(**values)
    return _("🗓 {name}'s week: {done} of {target}, not met.").format(**values)


def invite_buttons() -> tuple[str, str]:
    """(accept, decline) under a buddy's invite."""
    return _("🤝 Yes, let's be buddies"), _("No, thanks")


def hears_buttons() -> tuple[tuple[str, Hears], ...]:
    """(label, what the runner hears) for /buddy settings."""
    return (
        (_("Every session"), Hears.EVERY),
        (_("Only at risk or met"), Hears.RISK_MET),
        (_("A weekly summary"), Hears.WEEKLY),
        (_("Nothing"), Hears.NOTHING),
    )
