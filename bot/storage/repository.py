"""The repository: every query the services need, returning domain values; it never commits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    String,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from bot.domain import model
from bot.domain import rewards as reward_rules
from bot.domain.plans import PlanSpec
from bot.domain.streaks import Pause as PauseSpan
from bot.storage.db import LAST_WRITE
from bot.storage.models import (
    Buddy,
    BuddyInvite,
    CheckIn,
    CoachDigest,
    Coaching,
    CoachInvite,
    Group,
    GroupMember,
    Habit,
    Pause,
    Plan,
    ProcessedUpdate,
    Reward,
    RewardUnlock,
    Schedule,
    TrainingSession,
    User,
    WeekRule,
)


@dataclass(frozen=True, slots=True)
class DueRow:
    """A due schedule row and what its next date depends on."""

    user_id: int
    kind: str
    due_at: datetime
    time_zone: str
    prompt_minute: int | None
    prompt_days: int
    evening_minute: int


Facts = tuple[list[date], list[model.WeekRule], list[PauseSpan]]


class Store:
    """Queries and writes inside one caller-owned transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        # Calendars read along with a profile, kept up to date by this transaction's writes.
        self._calendars: dict[int, Facts] = {}

    # -- updates --------------------------------------------------------------------------

    async def claim_update(self, update_id: int, now: datetime) -> bool:
        """Record an update as handled in this transaction; False if it already was."""
        result = await self.session.execute(
            _CLAIM[self._dialect()], {"update_id": update_id, "processed_at": now}
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def forget_updates_before(self, cutoff: datetime) -> None:
        await self.session.execute(
            delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < cutoff)
        )

    # -- runners --------------------------------------------------------------------------

    async def profile(self, user_id: int, *, with_calendar: bool = False) -> model.Profile | None:
        """The runner with their current weekly rule and reward count, in one query; with
        `with_calendar`, their calendar comes in the same query, for `calendar_facts` to use."""
        statement = _PROFILE_WITH_CALENDAR if with_calendar else _PROFILE
        row = (await self.session.execute(statement, {"user_id": user_id})).first()
        if row is None:
            return None
        values = dict(row._mapping)
        if with_calendar:
            self._calendars[user_id] = _facts(
                values.pop("days"), values.pop("rules"), values.pop("pauses")
            )
        return model.Profile(**values)

    async def create_user(
        self, user_id: int, chat_id: int, first_name: str, today: date, now: datetime
    ) -> None:
        """A new runner with the default habit, target and check-in time."""
        self._calendars.clear()
        self.session.add(
            User(
                id=user_id,
                chat_id=chat_id,
                first_name=first_name,
                time_zone="UTC",
                prompt_minute=None,  # check-ins wait for a time the runner chose
                onboarding="zone",
                active=True,
                prompt_days=127,
                quiet_when_met=False,
                evening_minute=model.DEFAULT_EVENING_MINUTE,
                created_at=now,
                updated_at=now,
            )
        )
        await self.session.flush()  # no ORM relationship orders these inserts
        habit = Habit(user_id=user_id, name=model.DEFAULT_HABIT, created_at=now)
        self.session.add(habit)
        await self.session.flush()
        self.session.add(
            WeekRule(habit_id=habit.id, since=today, target=model.DEFAULT_TARGET, week_start=0)
        )
        await self.session.flush()

    async def update_user(self, user_id: int, now: datetime, **values: Any) -> None:
        await self.session.execute(
            update(User).where(User.id == user_id).values(updated_at=now, **values)
        )

    # -- weekly rules ---------------------------------------------------------------------

    async def rules(self, habit_id: int) -> list[model.WeekRule]:
        rows = await self.session.execute(
            select(WeekRule.since, WeekRule.target, WeekRule.week_start)
            .where(WeekRule.habit_id == habit_id)
            .order_by(WeekRule.since)
        )
        return [model.WeekRule(since=s, target=t, week_start=w) for s, t, w in rows]

    async def replace_rules(self, habit_id: int, rules: list[model.WeekRule]) -> None:
        """The habit's whole rule history, as `streaks.change_rules` made it."""
        self._calendars.clear()
        await self.session.execute(delete(WeekRule).where(WeekRule.habit_id == habit_id))
        self.session.add_all(
            WeekRule(habit_id=habit_id, since=r.since, target=r.target, week_start=r.week_start)
            for r in rules
        )
        await self.session.flush()

    # -- sessions -------------------------------------------------------------------------

    async def add_session(
        self,
        *,
        user_id: int,
        habit_id: int,
        activity: str,
        minutes: int,
        day: date,
        note: str | None,
        now: datetime,
        source: tuple[int, int] | None,
        last: bool = False,
    ) -> model.Session | None:
        """Insert a session; None when its source message was logged already.

        `last`: nothing written after this must be atomic with it, so the insert may commit.
        """
        values = {
            "user_id": user_id,
            "habit_id": habit_id,
            "activity": activity,
            "minutes": minutes,
            "local_date": day,
            "logged_at": now,
            "note": note,
            "source_chat_id": source[0] if source else None,
            "source_message_id": source[1] if source else None,
        }
        # Without a source message the NULLs never conflict, so one statement serves both.
        new_id = (
            await self.session.execute(
                _ADD_SESSION[self._dialect()],
                values,
                execution_options={LAST_WRITE: True} if last else {},
            )
        ).scalar_one_or_none()
        if new_id is None:
            return None
        if user_id in self._calendars:
            self._calendars[user_id][0].append(day)
        return model.Session(new_id, activity, minutes, day, now, note)

    async def session_from_source(self, chat_id: int, message_id: int) -> model.Session | None:
        row = (
            await self.session.execute(
                select(TrainingSession).where(
                    TrainingSession.source_chat_id == chat_id,
                    TrainingSession.source_message_id == message_id,
                )
            )
        ).scalar_one_or_none()
        return _session(row) if row else None

    async def session_of(self, user_id: int, session_id: int) -> model.Session | None:
        row = (
            await self.session.execute(
                select(TrainingSession).where(
                    TrainingSession.id == session_id, TrainingSession.user_id == user_id
                )
            )
        ).scalar_one_or_none()
        return _session(row) if row else None

    async def latest_session(self, user_id: int) -> model.Session | None:
        row = (
            await self.session.execute(
                select(TrainingSession)
                .where(TrainingSession.user_id == user_id)
                .order_by(TrainingSession.logged_at.desc(), TrainingSession.id.desc())
                .limit(1)
            )
        ).scalar_one_or_none()
        return _session(row) if row else None

    async def delete_session(self, user_id: int, session_id: int) -> None:
        self._calendars.clear()
        await self.session.execute(
            delete(TrainingSession).where(
                TrainingSession.id == session_id, TrainingSession.user_id == user_id
            )
        )

    async def change_session(
        self, user_id: int, session_id: int, *, activity: str, minutes: int, day: date
    ) -> None:
        """Set a past session's activity, minutes and day (its note and source stay)."""
        self._calendars.clear()
        await self.session.execute(
            update(TrainingSession)
            .where(TrainingSession.id == session_id, TrainingSession.user_id == user_id)
            .values(activity=activity, minutes=minutes, local_date=day)
        )

    async def sessions_since(self, user_id: int, first: date, limit: int) -> list[model.Session]:
        """The runner's sessions on `first` or later, newest day first."""
        rows = await self.session.execute(
            select(TrainingSession)
            .where(TrainingSession.user_id == user_id, TrainingSession.local_date >= first)
            .order_by(TrainingSession.local_date.desc(), TrainingSession.logged_at.desc())
            .limit(limit)
        )
        return [_session(row) for row in rows.scalars()]

    async def recent_sessions(self, user_id: int, limit: int) -> list[model.Session]:
        rows = await self.session.execute(
            select(TrainingSession)
            .where(TrainingSession.user_id == user_id)
            .order_by(TrainingSession.local_date.desc(), TrainingSession.logged_at.desc())
            .limit(limit)
        )
        return [_session(row) for row in rows.scalars()]

    async def recent_activities(self, user_id: int, limit: int) -> list[str]:
        """Activities by how recently they were last logged."""
        rows = await self.session.execute(
            select(TrainingSession.activity)
            .where(TrainingSession.user_id == user_id)
            .group_by(TrainingSession.activity)
            .order_by(func.max(TrainingSession.id).desc())
            .limit(limit)
        )
        return list(rows.scalars())

    async def recent_minutes(self, user_id: int, activity: str, limit: int) -> list[int]:
        rows = await self.session.execute(
            select(TrainingSession.minutes)
            .where(TrainingSession.user_id == user_id, TrainingSession.activity == activity)
            .order_by(TrainingSession.id.desc())
            .limit(limit)
        )
        return list(rows.scalars())

    async def calendar_facts(self, user_id: int, habit_id: int) -> Facts:
        """Session days, the weekly rules and the pauses: all a Calendar needs, in one query
        (or none, when the profile brought them)."""
        known = self._calendars.get(user_id)
        if known is not None:
            days, rules, pauses = known
            return list(days), list(rules), list(pauses)
        row = (
            await self.session.execute(_CALENDAR_FACTS, {"habit_id": habit_id, "user_id": user_id})
        ).one()
        return _facts(*row)

    async def session_facts(
        self, habit_id: int, since: date | None = None
    ) -> list[tuple[date, int, str]]:
        """(local date, minutes, activity) of every session (from `since` on, when given): only
        the columns stats need."""
        query = (
            select(TrainingSession.local_date, TrainingSession.minutes, TrainingSession.activity)
            .where(TrainingSession.habit_id == habit_id)
            .order_by(TrainingSession.local_date)
        )
        if since is not None:
            query = query.where(TrainingSession.local_date >= since)
        rows = await self.session.execute(query)
        return [(d, m, a) for d, m, a in rows]

    # -- pauses ---------------------------------------------------------------------------

    async def pauses(self, user_id: int) -> list[PauseSpan]:
        rows = await self.session.execute(
            select(Pause.first_day, Pause.last_day)
            .where(Pause.user_id == user_id)
            .order_by(Pause.first_day)
        )
        return [PauseSpan(first, last) for first, last in rows]

    async def add_pause(self, user_id: int, first: date, last: date, now: datetime) -> None:
        self._calendars.clear()
        self.session.add(Pause(user_id=user_id, first_day=first, last_day=last, created_at=now))
        await self.session.flush()

    async def end_pauses(self, user_id: int, today: date) -> int:
        """End the pauses still running today: they stop yesterday (or vanish if not begun)."""
        self._calendars.clear()
        gone = await self.session.execute(
            delete(Pause).where(Pause.user_id == user_id, Pause.first_day >= today)
        )
        cut = await self.session.execute(
            update(Pause)
            .where(Pause.user_id == user_id, Pause.last_day >= today)
            .values(last_day=today - timedelta(days=1))
        )
        return int(gone.rowcount or 0) + int(cut.rowcount or 0)  # type: ignore[attr-defined]

    # -- rewards --------------------------------------------------------------------------

    async def logged_sessions(self, habit_id: int, since: date) -> list[reward_rules.LoggedSession]:
        """What reward progress reads: id, day, minutes and when each session was logged,
        in no particular order (one JSON text: years of sessions are read on every /done)."""
        rows = (
            await self.session.execute(_LOGGED_SESSIONS, {"habit_id": habit_id, "since": since})
        ).scalar_one()
        return [
            reward_rules.LoggedSession(i, date.fromisoformat(day), minutes, _instant(at))
            for i, day, minutes, at in json.loads(rows)
        ]

    async def rewards(self, user_id: int) -> list[reward_rules.Reward]:
        """Every reward of a runner, oldest first, with its ledger summed up."""
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

    async def add_reward(
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

    async def delete_reward(self, user_id: int, reward_id: int) -> bool:
        result = await self.session.execute(
            delete(Reward).where(Reward.id == reward_id, Reward.user_id == user_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def add_unlocks(
        self, reward_ids: list[int], session_id: int | None, day: date, now: datetime
    ) -> None:
        """One unlock per id (an id twice: earned twice), in one statement."""
        if reward_ids:
            await self.session.execute(
                insert(RewardUnlock),
                [
                    {"reward_id": i, "session_id": session_id, "earned_at": now, "earned_on": day}
                    for i in reward_ids
                ],
            )

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

    # -- check-ins -----------------------------------------------------------------------

    async def set_schedule(self, user_id: int, kind: str, due_at: datetime | None) -> None:
        await self.session.execute(
            delete(Schedule).where(Schedule.user_id == user_id, Schedule.kind == kind)
        )
        if due_at is not None:
            self.session.add(Schedule(user_id=user_id, kind=kind, due_at=due_at))
            await self.session.flush()

    async def schedules(self, user_id: int) -> dict[str, datetime]:
        rows = await self.session.execute(
            select(Schedule.kind, Schedule.due_at).where(Schedule.user_id == user_id)
        )
        return {kind: due for kind, due in rows}

    async def due(self, now: datetime, limit: int) -> list[DueRow]:
        """Due check-ins with their owner's timing, oldest first, locked for this transaction;
        rows another process holds are skipped (PostgreSQL; SQLite has one writer at a time)."""
        query = (
            select(
                Schedule.user_id,
                Schedule.kind,
                Schedule.due_at,
                User.time_zone,
                User.prompt_minute,
                User.prompt_days,
                User.evening_minute,
            )
            .join(User, User.id == Schedule.user_id)
            .where(Schedule.due_at <= now)
            .order_by(Schedule.due_at)
            .limit(limit)
        )
        if self._on_postgresql():
            query = query.with_for_update(of=Schedule, skip_locked=True)
        return [DueRow(*row) for row in await self.session.execute(query)]

    async def oldest_due(self, now: datetime) -> datetime | None:
        """When the longest-waiting due check-in fell due (the dispatcher's lag), or None."""
        query = select(func.min(Schedule.due_at)).where(Schedule.due_at <= now)
        oldest: datetime | None = (await self.session.execute(query)).scalar()
        return oldest

    async def week_start_of(self, user_id: int) -> int:
        habit = select(Habit.id).where(Habit.user_id == user_id).scalar_subquery()
        return int(
            (
                await self.session.execute(
                    select(WeekRule.week_start)
                    .where(WeekRule.habit_id == habit)
                    .order_by(WeekRule.since.desc())
                    .limit(1)
                )
            ).scalar_one_or_none()
            or 0
        )

    async def claim_checkins(
        self, wanted: list[tuple[int, str, date]], now: datetime
    ) -> dict[tuple[int, str, date], int]:
        """Claim check-ins (user, kind, local date) in one statement; those claimed before
        are left out of the answer, which maps each newly claimed one to its id."""
        if not wanted:
            return {}
        insert = self._dialect_insert()
        table = CheckIn.__table__
        assert isinstance(table, Table)
        # One cached statement run with many parameter sets ("insertmanyvalues"), rather
        # than a fresh statement with a VALUES clause as long as the batch.
        statement = (
            insert(table)
            .on_conflict_do_nothing(index_elements=["user_id", "kind", "local_date"])
            .returning(table.c.id, table.c.user_id, table.c.kind, table.c.local_date)
        )
        rows = await self.session.execute(
            statement,
            [
                {"user_id": u, "kind": k, "local_date": d, "claimed_at": now, "status": "claimed"}
                for u, k, d in wanted
            ],
        )
        return {(u, k, d): i for i, u, k, d in rows}

    async def move_schedules(self, moves: list[tuple[int, str, datetime]]) -> None:
        """Set the next due instant of many schedules in one round trip."""
        if not moves:
            return
        table = Schedule.__table__
        assert isinstance(table, Table)
        await self.session.execute(
            update(table)  # Core, so that a list of parameters is one executemany
            .where(table.c.user_id == bindparam("uid"), table.c.kind == bindparam("k"))
            .values(due_at=bindparam("due")),
            [{"uid": u, "k": k, "due": d} for u, k, d in moves],
        )

    async def last_checkin_day(self, user_id: int, kind: str) -> date | None:
        return (
            await self.session.execute(
                select(func.max(CheckIn.local_date)).where(
                    CheckIn.user_id == user_id, CheckIn.kind == kind
                )
            )
        ).scalar_one_or_none()

    async def checkin_answer(self, user_id: int, day: date) -> str | None:
        """How the runner answered that morning's check-in, if they did."""
        return (
            await self.session.execute(
                select(CheckIn.answer).where(
                    CheckIn.user_id == user_id, CheckIn.kind == "morning", CheckIn.local_date == day
                )
            )
        ).scalar_one_or_none()

    async def answer_checkin(self, user_id: int, day: date, answer: str, now: datetime) -> None:
        """Record the morning answer, creating the day's row if the prompt was never sent."""
        await self._insert_ignore(
            CheckIn,
            {"user_id": user_id, "kind": "morning", "local_date": day, "claimed_at": now,
             "status": "answered"},
            ["user_id", "kind", "local_date"],
        )  # fmt: skip
        await self.session.execute(
            update(CheckIn)
            .where(CheckIn.user_id == user_id, CheckIn.kind == "morning", CheckIn.local_date == day)
            .values(answer=answer)
        )

    async def finish_checkin(self, checkin_id: int, status: str, message_id: int | None) -> None:
        await self.session.execute(
            update(CheckIn)
            .where(CheckIn.id == checkin_id)
            .values(status=status, message_id=message_id)
        )

    async def usual_activity(self, user_id: int, window: int) -> str | None:
        """The activity logged most often lately (the latest one on a tie)."""
        recent = await self.session.execute(
            select(TrainingSession.activity)
            .where(TrainingSession.user_id == user_id)
            .order_by(TrainingSession.id.desc())
            .limit(window)
        )
        activities = list(recent.scalars())
        if not activities:
            return None
        return max(activities, key=lambda a: (activities.count(a), -activities.index(a)))

    # -- plans, buddies and groups ----------------------------------------------------------

    async def set_plan(
        self, user_id: int, spec: PlanSpec, now: datetime, coach_id: int | None = None
    ) -> None:
        await self.session.execute(
            delete(Plan).where(Plan.user_id == user_id, Plan.day == spec.day)
        )
        self.session.add(
            Plan(user_id=user_id, day=spec.day, activity=spec.activity, minutes=spec.minutes,
                 details=spec.details, created_at=now, coach_id=coach_id)
        )  # fmt: skip
        await self.session.flush()

    async def plan_coach(self, user_id: int, day: date) -> int | None:
        """The coach who wrote this runner's plan for the day, if a coach did."""
        return (
            await self.session.execute(
                select(Plan.coach_id).where(Plan.user_id == user_id, Plan.day == day)
            )
        ).scalar_one_or_none()

    async def clear_plan(self, user_id: int, day: date) -> bool:
        result = await self.session.execute(
            delete(Plan).where(Plan.user_id == user_id, Plan.day == day)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def plans(self, user_id: int, first: date, last: date) -> list[PlanSpec]:
        rows = await self.session.execute(
            select(Plan.day, Plan.activity, Plan.minutes, Plan.details, User.first_name)
            .outerjoin(User, User.id == Plan.coach_id)
            .where(Plan.user_id == user_id, Plan.day >= first, Plan.day <= last)
            .order_by(Plan.day)
        )
        return [PlanSpec(d, a, m, x, c) for d, a, m, x, c in rows]

    async def add_invite(self, code: str, inviter_id: int, now: datetime) -> None:
        self.session.add(BuddyInvite(code=code, inviter_id=inviter_id, created_at=now))
        await self.session.flush()

    async def invite(self, code: str) -> tuple[int | None, datetime | None, datetime | None]:
        """(inviter, created, used) of an invite code; Nones when there is no such code."""
        row = (
            await self.session.execute(
                select(BuddyInvite.inviter_id, BuddyInvite.created_at, BuddyInvite.used_at).where(
                    BuddyInvite.code == code
                )
            )
        ).first()
        return (row[0], row[1], row[2]) if row else (None, None, None)

    async def use_invite(self, code: str, now: datetime) -> bool:
        """Mark an unused invite used; False when it was used meanwhile."""
        result = await self.session.execute(
            update(BuddyInvite)
            .where(BuddyInvite.code == code, BuddyInvite.used_at.is_(None))
            .values(used_at=now)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def pair(self, first: int, second: int, now: datetime) -> bool:
        """Make two runners buddies (both directions); False if they already were."""
        added = False
        for user_id, buddy_id in ((first, second), (second, first)):
            added |= await self._insert_ignore(
                Buddy,
                {"user_id": user_id, "buddy_id": buddy_id, "hears": "every", "created_at": now},
                ["user_id", "buddy_id"],
            )
        return added

    async def unpair_all(self, user_id: int) -> list[int]:
        """End every buddy pair of a runner, for both sides; the former buddies."""
        rows = await self.session.execute(select(Buddy.buddy_id).where(Buddy.user_id == user_id))
        former = list(rows.scalars())
        await self.session.execute(
            delete(Buddy).where((Buddy.user_id == user_id) | (Buddy.buddy_id == user_id))
        )
        return former

    async def buddies_of(self, user_id: int) -> list[tuple[int, str, int, str]]:
        """(buddy id, buddy's first name, buddy's chat, what this runner hears)."""
        rows = await self.session.execute(
            select(Buddy.buddy_id, User.first_name, User.chat_id, Buddy.hears)
            .join(User, User.id == Buddy.buddy_id)
            .where(Buddy.user_id == user_id)
        )
        return [(b, n, c, h) for b, n, c, h in rows]

    async def listeners(self, user_id: int, hears: str) -> list[int]:
        """Chats of active runners who hear `hears` about this runner."""
        rows = await self.session.execute(
            select(User.chat_id)
            .join(Buddy, Buddy.user_id == User.id)
            .where(Buddy.buddy_id == user_id, Buddy.hears == hears, User.active)
        )
        return list(rows.scalars())

    async def set_hears(self, user_id: int, hears: str) -> None:
        await self.session.execute(
            update(Buddy).where(Buddy.user_id == user_id).values(hears=hears)
        )

    async def join_group(
        self, chat_id: int, title: str, user_id: int, now: datetime, board_due_at: datetime
    ) -> None:
        await self._insert_ignore(
            Group,
            {"chat_id": chat_id, "title": title[:128], "active": True,
             "board_due_at": board_due_at},
            ["chat_id"],
        )  # fmt: skip
        await self.session.execute(
            update(Group).where(Group.chat_id == chat_id).values(active=True, title=title[:128])
        )
        await self._insert_ignore(
            GroupMember,
            {"chat_id": chat_id, "user_id": user_id, "joined_at": now},
            ["chat_id", "user_id"],
        )

    async def leave_group(self, chat_id: int) -> None:
        await self.session.execute(
            update(Group).where(Group.chat_id == chat_id).values(active=False)
        )

    async def group_members(self, chat_id: int) -> list[int]:
        rows = await self.session.execute(
            select(GroupMember.user_id).where(GroupMember.chat_id == chat_id)
        )
        return list(rows.scalars())

    async def due_boards(self, now: datetime, limit: int) -> list[int]:
        query = (
            select(Group.chat_id)
            .where(Group.board_due_at <= now, Group.active)
            .order_by(Group.board_due_at)
            .limit(limit)
        )
        if self._on_postgresql():
            query = query.with_for_update(skip_locked=True)
        return list((await self.session.execute(query)).scalars())

    async def move_board(self, chat_id: int, due_at: datetime) -> None:
        await self.session.execute(
            update(Group).where(Group.chat_id == chat_id).values(board_due_at=due_at)
        )

    # -- coaches and athletes ---------------------------------------------------------------

    async def add_coach_invite(self, code: str, coach_id: int, now: datetime) -> None:
        self.session.add(CoachInvite(code=code, coach_id=coach_id, created_at=now))
        await self.session.flush()

    async def coach_invite(self, code: str) -> tuple[int | None, datetime | None, datetime | None]:
        """(coach, created, used) of a coach invite code; Nones when there is no such code."""
        row = (
            await self.session.execute(
                select(CoachInvite.coach_id, CoachInvite.created_at, CoachInvite.used_at).where(
                    CoachInvite.code == code
                )
            )
        ).first()
        return (row[0], row[1], row[2]) if row else (None, None, None)

    async def use_coach_invite(self, code: str, now: datetime) -> bool:
        """Mark an unused coach invite used; False when it was used meanwhile."""
        result = await self.session.execute(
            update(CoachInvite)
            .where(CoachInvite.code == code, CoachInvite.used_at.is_(None))
            .values(used_at=now)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def link_coach(self, coach_id: int, athlete_id: int, sees: str, now: datetime) -> bool:
        """Make `coach_id` the athlete's coach; False when the athlete has a coach already."""
        return await self._insert_ignore(
            Coaching,
            {"athlete_id": athlete_id, "coach_id": coach_id, "sees": sees, "created_at": now},
            ["athlete_id"],
        )

    async def coach_of(self, athlete_id: int) -> tuple[int, str, int, str] | None:
        """(coach id, coach's first name, coach's chat, what the coach sees) of an athlete."""
        row = (
            await self.session.execute(
                select(Coaching.coach_id, User.first_name, User.chat_id, Coaching.sees)
                .join(User, User.id == Coaching.coach_id)
                .where(Coaching.athlete_id == athlete_id)
            )
        ).first()
        return (row[0], row[1], row[2], row[3]) if row else None

    async def athletes_of(self, coach_id: int) -> list[tuple[int, str, int, str]]:
        """(athlete id, first name, chat, what the coach sees) of a coach's athletes, by name."""
        rows = await self.session.execute(
            select(Coaching.athlete_id, User.first_name, User.chat_id, Coaching.sees)
            .join(User, User.id == Coaching.athlete_id)
            .where(Coaching.coach_id == coach_id)
            .order_by(User.first_name, Coaching.athlete_id)
        )
        return [(a, n, c, s) for a, n, c, s in rows]

    async def count_athletes(self, coach_id: int) -> int:
        return int(
            (
                await self.session.execute(
                    select(func.count()).select_from(Coaching).where(Coaching.coach_id == coach_id)
                )
            ).scalar_one()
        )

    async def unlink_coach(self, athlete_id: int, coach_id: int | None = None) -> int | None:
        """End an athlete's coaching (only by `coach_id`, when given); the former coach."""
        query = select(Coaching.coach_id).where(Coaching.athlete_id == athlete_id)
        if coach_id is not None:
            query = query.where(Coaching.coach_id == coach_id)
        former = (await self.session.execute(query)).scalar_one_or_none()
        if former is not None:
            await self.session.execute(delete(Coaching).where(Coaching.athlete_id == athlete_id))
        return former

    async def set_sees(self, athlete_id: int, sees: str) -> bool:
        result = await self.session.execute(
            update(Coaching).where(Coaching.athlete_id == athlete_id).values(sees=sees)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def set_digest(self, coach_id: int, due_at: datetime) -> None:
        """When the coach's next digest is due (kept if one is already set)."""
        await self._insert_ignore(CoachDigest, {"coach_id": coach_id, "due_at": due_at},
                                  ["coach_id"])  # fmt: skip

    async def due_digests(self, now: datetime, limit: int) -> list[int]:
        query = (
            select(CoachDigest.coach_id)
            .where(CoachDigest.due_at <= now)
            .order_by(CoachDigest.due_at)
            .limit(limit)
        )
        if self._on_postgresql():
            query = query.with_for_update(skip_locked=True)
        return list((await self.session.execute(query)).scalars())

    async def move_digest(self, coach_id: int, due_at: datetime) -> None:
        await self.session.execute(
            update(CoachDigest).where(CoachDigest.coach_id == coach_id).values(due_at=due_at)
        )

    # -- the runner's data ------------------------------------------------------------------

    async def export_sessions(
        self, user_id: int
    ) -> list[tuple[date, datetime, str, int, str | None, str]]:
        rows = await self.session.execute(
            select(
                TrainingSession.local_date,
                TrainingSession.logged_at,
                TrainingSession.activity,
                TrainingSession.minutes,
                TrainingSession.note,
                Habit.name,
            )
            .join(Habit, Habit.id == TrainingSession.habit_id)
            .where(TrainingSession.user_id == user_id)
            .order_by(TrainingSession.local_date, TrainingSession.logged_at)
        )
        return [(d, at, a, m, n, h) for d, at, a, m, n, h in rows]

    async def unlock_ledger(self, user_id: int) -> list[tuple[int, date, datetime | None]]:
        """(reward id, day earned, when claimed) for every unlock of the runner's rewards."""
        rows = await self.session.execute(
            select(RewardUnlock.reward_id, RewardUnlock.earned_on, RewardUnlock.claimed_at)
            .join(Reward, Reward.id == RewardUnlock.reward_id)
            .where(Reward.user_id == user_id)
            .order_by(RewardUnlock.id)
        )
        return [(r, d, c) for r, d, c in rows]

    async def session_keys(self, habit_id: int) -> set[tuple[date, str, int, str | None]]:
        rows = await self.session.execute(
            select(
                TrainingSession.local_date,
                TrainingSession.activity,
                TrainingSession.minutes,
                TrainingSession.note,
            ).where(TrainingSession.habit_id == habit_id)
        )
        return {(d, a, m, n) for d, a, m, n in rows}

    async def delete_user(self, user_id: int) -> bool:
        """Remove a runner and, through the foreign keys, every row about them."""
        self._calendars.clear()
        result = await self.session.execute(delete(User).where(User.id == user_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    # -- operations -----------------------------------------------------------------------

    async def admin_counts(self, since: datetime, now: datetime) -> dict[str, int]:
        """Users, active users, sessions logged since `since` and check-ins due by `now`."""

        async def count(query: Any) -> int:
            return int((await self.session.execute(query)).scalar_one())

        return {
            "users": await count(select(func.count()).select_from(User)),
            "active": await count(select(func.count()).select_from(User).where(User.active)),
            "sessions_today": await count(
                select(func.count())
                .select_from(TrainingSession)
                .where(TrainingSession.logged_at >= since)
            ),
            "due": await count(
                select(func.count()).select_from(Schedule).where(Schedule.due_at <= now)
            ),
        }

    # -- helpers --------------------------------------------------------------------------

    def _dialect(self) -> str:
        return self.session.get_bind().dialect.name

    def _on_postgresql(self) -> bool:
        return self._dialect() == "postgresql"

    def _dialect_insert(self) -> Any:
        """The INSERT with ON CONFLICT support for this engine (PostgreSQL or SQLite)."""
        return _INSERTS[self._dialect()]

    async def _insert_ignore(
        self, table: type[Any], values: dict[str, Any], keys: Sequence[str]
    ) -> bool:
        insert = self._dialect_insert()
        result = await self.session.execute(
            insert(table).values(**values).on_conflict_do_nothing(index_elements=list(keys))
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def _session(row: TrainingSession) -> model.Session:
    return model.Session(
        id=row.id,
        activity=row.activity,
        minutes=row.minutes,
        day=row.local_date,
        logged_at=row.logged_at,
        note=row.note,
    )


# -- statements built once --------------------------------------------------------------------
# Every /done runs these. Building a statement costs more than SQLite takes to run it, so they
# are built once, with bind parameters, on the tables themselves (no ORM layer in between), and
# SQLAlchemy reuses their compiled form.

_users, _habits, _rules = User.__table__.c, Habit.__table__.c, WeekRule.__table__.c
_sessions, _pauses = TrainingSession.__table__.c, Pause.__table__.c

_rule = (
    select(_rules.target)
    .where(_rules.habit_id == _habits.id)
    .order_by(_rules.since.desc())
    .limit(1)
    .correlate(Habit.__table__)
)
_PROFILE = (
    select(
        _users.id.label("user_id"),
        _users.chat_id,
        _users.first_name,
        _users.time_zone,
        _users.prompt_minute,
        _rule.with_only_columns(_rules.week_start).scalar_subquery().label("week_start"),
        _rule.scalar_subquery().label("target"),
        _habits.id.label("habit_id"),
        _users.onboarding,
        _users.active,
        _users.prompt_days,
        _users.quiet_when_met,
        _users.evening_minute,
        select(func.count())
        .select_from(Reward.__table__)
        .where(Reward.__table__.c.user_id == _users.id)
        .scalar_subquery()
        .label("rewards"),
        select(func.count())
        .select_from(Buddy.__table__)
        .where(Buddy.__table__.c.buddy_id == _users.id)
        .scalar_subquery()
        .label("listeners"),
    )
    .join_from(User.__table__, Habit.__table__, _habits.user_id == _users.id)
    .where(_users.id == bindparam("user_id"), _habits.name == model.DEFAULT_HABIT)
)


class json_rows(FunctionElement[str]):
    """An aggregate: a JSON array holding one array per row of the given columns.

    A calendar is hundreds of dates: one JSON text per kind is far cheaper to read than as many
    rows, each converted by SQLAlchemy on the way, and it fits in the profile's one row.
    """

    type = String()
    inherit_cache = True


@compiles(json_rows, "sqlite")
def _json_rows_sqlite(element: json_rows, compiler: Any, **kw: Any) -> str:
    return f"json_group_array(json_array({compiler.process(element.clauses, **kw)}))"


@compiles(json_rows, "postgresql")
def _json_rows_postgresql(element: json_rows, compiler: Any, **kw: Any) -> str:
    columns = compiler.process(element.clauses, **kw)
    return f"coalesce(json_agg(json_build_array({columns})), '[]')::text"


def _calendar_columns(habit_id: Any, user_id: Any) -> list[Any]:
    """Session days, weekly rules and pauses, as three JSON arrays (see `_facts`)."""
    return [
        select(json_rows(_sessions.local_date))
        .where(_sessions.habit_id == habit_id)
        .scalar_subquery()
        .label("days"),
        select(json_rows(_rules.since, _rules.target, _rules.week_start))
        .where(_rules.habit_id == habit_id)
        .scalar_subquery()
        .label("rules"),
        select(json_rows(_pauses.first_day, _pauses.last_day))
        .where(_pauses.user_id == user_id)
        .scalar_subquery()
        .label("pauses"),
    ]


def _facts(days: str, rules: str, pauses: str) -> Facts:
    return (
        [date.fromisoformat(day) for (day,) in json.loads(days)],
        [
            model.WeekRule(since=date.fromisoformat(since), target=target, week_start=start)
            for since, target, start in json.loads(rules)
        ],
        [
            PauseSpan(date.fromisoformat(first), date.fromisoformat(last))
            for first, last in json.loads(pauses)
        ],
    )


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


def _instant(text: str) -> datetime:
    """A stored instant as JSON gives it: naive UTC from SQLite, with an offset from PostgreSQL."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


_LOGGED_SESSIONS = select(
    json_rows(_sessions.id, _sessions.local_date, _sessions.minutes, _sessions.logged_at)
).where(_sessions.habit_id == bindparam("habit_id"), _sessions.local_date >= bindparam("since"))
_CALENDAR_FACTS = select(*_calendar_columns(bindparam("habit_id"), bindparam("user_id")))
_PROFILE_WITH_CALENDAR = _PROFILE.add_columns(*_calendar_columns(_habits.id, _users.id))

_INSERTS: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
_CLAIM = {
    name: insert(ProcessedUpdate.__table__).on_conflict_do_nothing(index_elements=["update_id"])
    for name, insert in _INSERTS.items()
}
_ADD_SESSION = {
    name: insert(TrainingSession.__table__)
    .on_conflict_do_nothing(index_elements=["source_chat_id", "source_message_id"])
    .returning(_sessions.id)
    for name, insert in _INSERTS.items()
}
