"""Rewards and their unlock ledger."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import model
from bot.domain import rewards as reward_rules
from bot.storage.base import Repository, instant, json_rows
from bot.storage.calendars import CalendarCache
from bot.storage.models import (
    Reward,
    RewardUnlock,
)


class RewardRepository(Repository):
    """A runner's rewards and what they earned."""

    def __init__(self, session: AsyncSession, calendars: CalendarCache) -> None:
        super().__init__(session)
        # Rewards read along with a profile, until a write changes them.
        self._calendars = calendars

    async def of(self, user_id: int) -> list[reward_rules.Reward]:
        """Every reward of a runner, oldest first, with its ledger summed up (none read when
        the profile brought them)."""
        known = self._calendars.rewards_of(user_id)
        if known is not None:
            return list(known)
        rows = await self.session.execute(_REWARDS, {"user_id": user_id})
        return [
            reward_rules.Reward(
                id=r.id,
                name=r.name,
                goal=reward_rules.Goal(r.goal),
                amount=r.amount,
                created_at=r.created_at,
                start_day=r.start_day,
                unlocked=r.unlocked or 0,
                claimed=r.claimed or 0,
                resets_seen=r.resets_seen,
                earned_on=r.earned_on,
                claimed_on=r.claimed_at.date() if r.claimed_at else None,
            )
            for r in rows
        ]

    async def add(
        self, user_id: int, spec: reward_rules.RewardSpec, start_day: date, now: datetime
    ) -> None:
        self.session.add(
            Reward(
                user_id=user_id,
                name=spec.name,
                goal=spec.goal.value,
                amount=spec.amount,
                created_at=now,
                start_day=start_day,
                resets_seen=0,
            )
        )
        await self.session.flush()

    async def delete(self, user_id: int, reward_id: int) -> bool:
        result = await self.session.execute(
            delete(Reward).where(Reward.id == reward_id, Reward.user_id == user_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def add_unlocks(
        self,
        earned: list[model.Earned],
        day: date,
        now: datetime,
    ) -> None:
        """One unlock per (reward id, session that earned it), in one statement."""
        if earned:
            await self.session.execute(
                _ADD_UNLOCK,  # on the table: the ORM's bulk insert costs more than the insert
                [
                    {"reward_id": i, "session_id": session, "earned_at": now, "earned_on": day}
                    for i, session in earned
                ],
            )

    async def earners(self, reward_id: int) -> set[int]:
        """The sessions that hold an unlock of a reward."""
        rows = await self.session.execute(
            select(RewardUnlock.session_id).where(
                RewardUnlock.reward_id == reward_id, RewardUnlock.session_id.is_not(None)
            )
        )
        return {i for i in rows.scalars() if i is not None}

    async def take_back_unlocks(self, session_id: int) -> list[str]:
        """Remove the unclaimed unlocks a session earned; the reward names, one per unlock."""
        rows = await self.session.execute(
            select(RewardUnlock.id, Reward.name)
            .join(Reward, Reward.id == RewardUnlock.reward_id)
            .where(RewardUnlock.session_id == session_id, RewardUnlock.claimed_at.is_(None))
        )
        found = list(rows)
        if found:
            await self.session.execute(
                delete(RewardUnlock).where(RewardUnlock.id.in_([i for i, _ in found]))
            )
        return [name for _, name in found]

    async def take_back_latest(self, reward_id: int, count: int) -> None:
        """Remove a reward's `count` latest unclaimed unlocks."""
        rows = await self.session.execute(
            select(RewardUnlock.id)
            .where(RewardUnlock.reward_id == reward_id, RewardUnlock.claimed_at.is_(None))
            .order_by(RewardUnlock.id.desc())
            .limit(count)
        )
        found = list(rows.scalars())
        if found:
            await self.session.execute(delete(RewardUnlock).where(RewardUnlock.id.in_(found)))

    async def claim_unlock(self, reward_id: int, now: datetime) -> bool:
        """Mark the oldest unclaimed unlock of a reward as claimed; False if there is none."""
        unlock_id = (
            await self.session.execute(
                select(RewardUnlock.id)
                .where(RewardUnlock.reward_id == reward_id, RewardUnlock.claimed_at.is_(None))
                .order_by(RewardUnlock.id)
                .limit(1)
            )
        ).scalar_one_or_none()
        if unlock_id is None:
            return False
        await self.session.execute(
            update(RewardUnlock).where(RewardUnlock.id == unlock_id).values(claimed_at=now)
        )
        return True

    async def set_resets_seen(self, reward_id: int, value: int) -> None:
        await self.session.execute(
            update(Reward).where(Reward.id == reward_id).values(resets_seen=value)
        )

    async def ledger(self, user_id: int) -> list[reward_rules.LedgerEntry]:
        """Every unlock of the runner's rewards."""
        rows = await self.session.execute(
            select(
                RewardUnlock.reward_id,
                RewardUnlock.session_id,
                RewardUnlock.earned_at,
                RewardUnlock.earned_on,
                RewardUnlock.claimed_at,
            )
            .join(Reward, Reward.id == RewardUnlock.reward_id)
            .where(Reward.user_id == user_id)
            .order_by(RewardUnlock.id)
        )
        return [reward_rules.LedgerEntry(r, s, at, d, c) for r, s, at, d, c in rows]

    async def restore(
        self,
        user_id: int,
        spec: reward_rules.RewardSpec,
        start_day: date,
        created_at: datetime,
        resets_seen: int,
        unlocks: list[model.SavedUnlock],
    ) -> None:
        """A reward from an export, with its ledger."""
        reward = Reward(
            user_id=user_id,
            name=spec.name,
            goal=spec.goal.value,
            amount=spec.amount,
            created_at=created_at,
            start_day=start_day,
            resets_seen=resets_seen,
        )
        self.session.add(reward)
        await self.session.flush()
        self.session.add_all(
            RewardUnlock(reward_id=reward.id, session_id=session, earned_at=at, earned_on=day,
                         claimed_at=claimed)
            for session, at, day, claimed in unlocks
        )  # fmt: skip
        await self.session.flush()


# Every /done runs these. Building a statement costs more than SQLite takes to run it, so they
# are built once, with bind parameters, on the tables themselves (no ORM layer in between), and
# SQLAlchemy reuses their compiled form.

_rewards, _unlocks = Reward.__table__.c, RewardUnlock.__table__.c
_ledger = (  # the unlock ledger of one runner's rewards, summed up per reward
    select(
        _unlocks.reward_id,
        func.count().label("unlocked"),
        func.count(_unlocks.claimed_at).label("claimed"),
        func.max(_unlocks.earned_on).label("earned_on"),
        func.max(_unlocks.claimed_at).label("claimed_at"),
    )
    .where(
        _unlocks.reward_id.in_(select(_rewards.id).where(_rewards.user_id == bindparam("user_id")))
    )
    .group_by(_unlocks.reward_id)
    .subquery()
)
_REWARDS = (
    select(
        _rewards.id,
        _rewards.name,
        _rewards.goal,
        _rewards.amount,
        _rewards.created_at,
        _rewards.start_day,
        _rewards.resets_seen,
        _ledger.c.unlocked,
        _ledger.c.claimed,
        _ledger.c.earned_on,
        _ledger.c.claimed_at,
    )
    .outerjoin(_ledger, _ledger.c.reward_id == _rewards.id)
    .where(_rewards.user_id == bindparam("user_id"))
    .order_by(_rewards.created_at, _rewards.id)
)


def rewards_column(user_id: Any) -> Any:
    """The rows `of` reads for the runner `user_id`, as one JSON array (see `reward_rows`): a
    column for the profile's query."""
    # The ledger subquery is bound to the same user id as the rewards themselves.
    return (
        select(json_rows(*_REWARDS.selected_columns))
        .select_from(_REWARDS.get_final_froms()[0])
        .where(_rewards.user_id == user_id)
        .scalar_subquery()
    )


def reward_rows(text: str) -> list[reward_rules.Reward]:
    """Rewards as `rewards_column` gives them, oldest first."""
    items = [
        reward_rules.Reward(
            id=i,
            name=name,
            goal=reward_rules.Goal(goal),
            amount=amount,
            created_at=instant(created_at),
            start_day=date.fromisoformat(start_day),
            unlocked=unlocked or 0,
            claimed=claimed or 0,
            resets_seen=resets_seen,
            earned_on=date.fromisoformat(earned_on) if earned_on else None,
            claimed_on=instant(claimed_at).date() if claimed_at else None,
        )
        for (
            i, name, goal, amount, created_at, start_day, resets_seen,
            unlocked, claimed, earned_on, claimed_at,
        ) in json.loads(text)
    ]  # fmt: skip
    return sorted(items, key=lambda r: (r.created_at, r.id))


_ADD_UNLOCK = insert(cast(Table, RewardUnlock.__table__))
