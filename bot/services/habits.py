"""Comebacks and "it's a habit now": found after a session is logged, each told once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.domain import habits, streaks
from bot.domain.model import Profile
from bot.services.ports import MilestoneStore


@dataclass(frozen=True, slots=True)
class Milestones:
    """What a new session means beyond its week: each is set only the first time it is told."""

    comeback: habits.Return | None = None
    habit_since: date | None = None  # "it's a habit now": the first day it was


NONE = Milestones()


async def milestones(
    store: MilestoneStore,
    profile: Profile,
    cal: streaks.Calendar,
    day: date,
    today: date,
    now: datetime,
) -> Milestones:
    """After a session on `day`: a comeback (in the current week only: backdating into
    an old gap is no news) and the habit milestone, each claimed so it is told once.

    A crash between the session's commit and this claim loses the news, never the session."""
    weeks = cal.weeks(today)
    back = habits.comeback(cal, day, today) if day >= weeks[-1].start else None
    came_back = None
    if back is not None and await store.milestones.claim(
        profile.habit_id, habits.Milestone.COMEBACK, day, now
    ):
        came_back = back
    since = None
    if profile.habit_since is None:  # told once, and the profile says whether it was
        state = habits.habit_progress(cal, today)
        # Formed long ago and lapsed since is no news to tell as "now".
        strong = state.strength >= habits.HABIT_STRENGTH
        if (
            state.since is not None
            and strong
            and await store.milestones.claim(
                profile.habit_id, habits.Milestone.HABIT, state.since, now
            )
        ):
            since = state.since
    return Milestones(came_back, since)


async def habit_told(store: MilestoneStore, profile: Profile) -> date | None:
    """The day of the habit milestone the runner was told of, if any, as stored now."""
    days = await store.milestones.told(profile.habit_id, habits.Milestone.HABIT)
    return days[0] if days else None
