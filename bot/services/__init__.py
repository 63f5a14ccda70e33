"""Use cases, one module per feature: each takes the storage and `now`, applies the domain rules
and returns a result value. Nothing here knows Telegram or words."""

from bot.services import (
    base,
    buddies,
    calendar,
    checkins,
    coaching,
    cues,
    editing,
    groups,
    habits,
    invites,
    onboarding,
    plans,
    portability,
    rewards,
    runners,
    season,
    sessions,
    stats,
)

__all__ = [
    "base",
    "buddies",
    "calendar",
    "checkins",
    "coaching",
    "cues",
    "editing",
    "groups",
    "habits",
    "invites",
    "onboarding",
    "plans",
    "portability",
    "rewards",
    "runners",
    "season",
    "sessions",
    "stats",
]
