"""Rewards: setting them, settling what was earned, claiming and deleting."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from bot.domain import reader, rewards, streaks
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import Earned, Profile
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
    return (await _progress_and_sessions(store, profile, today, items))[0]


async def _progress_and_sessions(
    store: SessionStore, profile: Profile, today: date, items: list[rewards.Reward]
) -> tuple[list[rewards.Progress], list[rewards.LoggedSession]]:
    if not items:
        return [], []
    since = min(r.start_day for r in items)
    runner = await calendar(store, profile)  # first: the sessions come with it
    sessions = await store.sessions.logged(profile.habit_id, since)
    return rewards.progress_on(runner, items, sessions, today), sessions


async def _earned_by(
    store: SessionStore,
    reward: rewards.Reward,
    fresh: int,
    sessions: list[rewards.LoggedSession],
    session_id: int | None,
) -> list[int | None]:
    """The sessions `fresh` new unlocks of a reward belong to. A goal counted in sessions
    gives each session at most one unlock: the one just logged first, then the latest counted
    sessions that hold none (those of the day a reward was set on, logged before it)."""
    if reward.goal not in rewards.PER_SESSION:
        return [session_id] * fresh
    counted = [s for s in sessions if s.day >= reward.start_day]
    if fresh == 1 and any(s.id == session_id for s in counted):
        return [session_id]  # a new session holds no unlock yet: no need to read the ledger
    holding = await store.rewards.earners(reward.id)
    latest_first = sorted(
        counted, key=lambda s: (s.id == session_id, s.day, s.logged_at, s.id), reverse=True
    )
    chosen: list[int | None] = [s.id for s in latest_first if s.id not in holding]
    chosen = chosen[:fresh]
    return chosen + [None] * (fresh - len(chosen))


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
    earned: list[Earned] = []
    taken: list[str] = []
    progress_of, sessions = await _progress_and_sessions(store, profile, today, active)
    for reward, progress in zip(active, progress_of, strict=True):
        if surplus := rewards.surplus_unlocks(reward, progress):
            await store.rewards.take_back_latest(reward.id, surplus)
            taken.append(reward.name)
        fresh = rewards.new_unlocks(reward, progress)
        if fresh:
            earners = await _earned_by(store, reward, fresh, sessions, session_id)
            earned += [Earned(reward.id, session) for session in earners]
            unlocked.append(Unlock(reward.name, reward.goal.repeating, reward.unlocked + fresh))
        elif rewards.restarted(reward, progress):
            restarted.append((reward.name, progress))
        if reward.goal.consistency and progress.resets != reward.resets_seen:
            await store.rewards.set_resets_seen(reward.id, progress.resets)
        if not fresh and not reward.goal.repeating:
            share = progress.value / progress.target
            if nearest is None or share > nearest[1].value / nearest[1].target:
                nearest = (reward.name, progress)
    await store.rewards.add_unlocks(earned, today, now)
    return RewardNews(unlocked, restarted, nearest, tuple(taken))


async def add_reward(
    store: SessionStore, profile: Profile, text: str, now: datetime
) -> tuple[rewards.RewardSpec, RewardNews]:
    """Set a reward; what today's sessions, counted from today, already earn is earned at once
    (so the next session earns only its own)."""
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
    today = today_for(profile, now)
    await store.rewards.add(profile.user_id, spec, today, now)
    counted = replace(profile, rewards=profile.rewards + 1)
    news = await settle_rewards(store, counted, today, now, None)
    return spec, RewardNews(news.unlocked, news.restarted, None, news.taken_back)


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
