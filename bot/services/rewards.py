"""Rewards: setting them, settling what was earned, claiming and deleting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.domain import reader, rewards, streaks
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import Profile
from bot.services.base import calendar, today_for
from bot.services.ports import SessionStore


@dataclass(frozen=True, slots=True)
class Unlock:
    name: str
    repeating: bool
    times: int  # how often it has been earned now


@dataclass(frozen=True, slots=True)
class RewardNews:
    """What a new session did to the runner's rewards."""

    unlocked: list[Unlock]
    restarted: list[tuple[str, rewards.Progress]]
    nearest: tuple[str, rewards.Progress] | None  # the one-off reward closest to its goal
    taken_back: tuple[str, ...] = ()  # repeating rewards whose work no longer earns an unlock


NO_NEWS = RewardNews([], [], None)


async def reward_progress(
    store: SessionStore, profile: Profile, today: date, items: list[rewards.Reward]
) -> list[rewards.Progress]:
    """Progress of each reward, from one read of the sessions since the oldest one was set."""
    if not items:
        return []
    since = min(r.start_day for r in items)
    runner = await calendar(store, profile)  # first: the sessions come with it
    sessions = await store.sessions.logged(profile.habit_id, since)
    return rewards.progress_on(runner, items, sessions, today)


async def settle_rewards(
    store: SessionStore,
    profile: Profile,
    today: date,
    now: datetime,
    session_id: int | None,
) -> RewardNews:
    """Record every unlock the runner's work has reached, exactly once, and what changed.

    A runner without rewards (most of them) costs nothing here: the profile counts them."""
    if not profile.rewards:
        return NO_NEWS
    active = [
        r for r in await store.rewards.of(profile.user_id) if r.goal.repeating or not r.unlocked
    ]
    unlocked: list[Unlock] = []
    restarted: list[tuple[str, rewards.Progress]] = []
    nearest: tuple[str, rewards.Progress] | None = None
    earned: list[int] = []
    taken: list[str] = []
    for reward, progress in zip(
        active, await reward_progress(store, profile, today, active), strict=True
    ):
        if surplus := rewards.surplus_unlocks(reward, progress):
            await store.rewards.take_back_latest(reward.id, surplus)
            taken.append(reward.name)
        fresh = rewards.new_unlocks(reward, progress)
        earned += [reward.id] * fresh
        if fresh:
            unlocked.append(Unlock(reward.name, reward.goal.repeating, reward.unlocked + fresh))
        elif rewards.restarted(reward, progress):
            restarted.append((reward.name, progress))
        if reward.goal.consistency and progress.resets != reward.resets_seen:
            await store.rewards.set_resets_seen(reward.id, progress.resets)
        if not fresh and not reward.goal.repeating:
            share = progress.value / progress.target
            if nearest is None or share > nearest[1].value / nearest[1].target:
                nearest = (reward.name, progress)
    await store.rewards.add_unlocks(earned, session_id, today, now)
    return RewardNews(unlocked, restarted, nearest, tuple(taken))


async def add_reward(
    store: SessionStore, profile: Profile, text: str, now: datetime
) -> rewards.RewardSpec:
    spec = rewards.parse_reward(text, profile.language)
    if (
        spec.goal is rewards.Goal.DAYS
        and spec.amount % 7
        and profile.target != streaks.DAILY_TARGET
    ):
        # Consistency days come a week at a time: "3 days" would be earned by one session.
        weeks = -(-spec.amount // 7)
        raise UserError(ErrorCode.CONSISTENCY_WEEKS, name=spec.name, days=weeks * 7)
    existing = await store.rewards.of(profile.user_id)
    active = [r for r in existing if r.goal.repeating or not r.unlocked]
    if len(active) >= rewards.MAX_ACTIVE:
        raise UserError(ErrorCode.TOO_MANY_REWARDS, limit=rewards.MAX_ACTIVE)
    for number, reward in enumerate(existing, 1):  # numbered as in /rewards
        if reward in active and reward.name.lower() == spec.name.lower():
            raise UserError(ErrorCode.REWARD_TWICE, name=reward.name, number=number)
    await store.rewards.add(profile.user_id, spec, today_for(profile, now), now)
    return spec


async def reward_list(
    store: SessionStore, profile: Profile, now: datetime
) -> list[tuple[rewards.Reward, rewards.Progress]]:
    items = await store.rewards.of(profile.user_id)
    progress = await reward_progress(store, profile, today_for(profile, now), items)
    return list(zip(items, progress, strict=True))


async def numbered_reward(
    store: SessionStore, profile: Profile, text: str, command: str = "/claim"
) -> rewards.Reward:
    """The reward a runner names by its number in /rewards (`2`, `two`, `zwei`) or by its
    name (`cookie`, typos forgiven)."""
    items = await store.rewards.of(profile.user_id)
    if not items:
        raise UserError(ErrorCode.NO_REWARDS)
    number = reader.count(text, profile.language)
    if number is not None and 1 <= number <= len(items):
        return items[number - 1]
    found = rewards.named(items, text) if number is None else None
    if found is None:
        raise UserError(ErrorCode.REWARD_NUMBER, count=len(items), command=command)
    return found


async def claim(store: SessionStore, profile: Profile, text: str, now: datetime) -> rewards.Reward:
    reward = await numbered_reward(store, profile, text)
    if not await store.rewards.claim_unlock(reward.id, now):
        if reward.unlocked:
            raise UserError(ErrorCode.CLAIMED_ALL)
        raise UserError(ErrorCode.NOT_EARNED)
    return reward


async def delete_reward(store: SessionStore, profile: Profile, reward_id: int) -> bool:
    return await store.rewards.delete(profile.user_id, reward_id)
