"""Every word the bot says, rendered to Telegram HTML, one module per feature; user text is
always escaped here."""

from bot.texts import (
    buddies,
    calendar,
    checkins,
    coaching,
    common,
    cues,
    errors,
    general,
    groups,
    language,
    plans,
    portability,
    rewards,
    runners,
    sessions,
    stats,
    web,
)

__all__ = [
    "buddies",
    "calendar",
    "checkins",
    "coaching",
    "common",
    "cues",
    "errors",
    "general",
    "groups",
    "language",
    "plans",
    "portability",
    "rewards",
    "runners",
    "sessions",
    "stats",
    "web",
]
