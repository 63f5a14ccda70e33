"""Database tables as typed SQLAlchemy models; Alembic migrations mirror them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC instant on every engine (SQLite keeps no offset, so it stores naive UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("instants must be timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), date: Date()}


class User(Base):
    """A runner, keyed by their Telegram user id."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    first_name: Mapped[str] = mapped_column(String(64))
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    prompt_minute: Mapped[int | None] = mapped_column(SmallInteger)
    prompt_days: Mapped[int] = mapped_column(SmallInteger, default=127)  # Monday is bit 0
    quiet_when_met: Mapped[bool] = mapped_column(default=False)
    evening_minute: Mapped[int] = mapped_column(SmallInteger, default=19 * 60)
    onboarding: Mapped[str | None] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Their Telegram @username as last seen (kept current from updates), so a coach can name them.
    username: Mapped[str | None] = mapped_column(String(32), index=True)
    # Minutes before a timed plan its reminder comes; None: no reminders.
    remind_minutes: Mapped[int | None] = mapped_column(
        SmallInteger, default=30, server_default="30"
    )


class Habit(Base):
    """A habit a runner keeps; every runner starts with one, strength training."""

    __tablename__ = "habits"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(32))
    # Until the runner chooses a target, the first one they choose judges every week so far.
    target_chosen: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime]


class WeekRule(Base):
    """The weekly target and week start in force from a local date on (history kept)."""

    __tablename__ = "week_rules"
    __table_args__ = (
        UniqueConstraint("habit_id", "since"),
        CheckConstraint("target BETWEEN 1 AND 7", name="target_range"),
        CheckConstraint("week_start BETWEEN 0 AND 6", name="week_start_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    habit_id: Mapped[int] = mapped_column(ForeignKey("habits.id", ondelete="CASCADE"))
    since: Mapped[date]
    target: Mapped[int] = mapped_column(SmallInteger)
    week_start: Mapped[int] = mapped_column(SmallInteger)


class TrainingSession(Base):
    """One logged session; the source message makes a redelivered update log once."""

    __tablename__ = "sessions"
    __table_args__ = (
        UniqueConstraint("source_chat_id", "source_message_id"),
        Index("ix_sessions_habit_day", "habit_id", "local_date"),
        CheckConstraint("minutes BETWEEN 1 AND 600", name="minutes_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    habit_id: Mapped[int] = mapped_column(ForeignKey("habits.id", ondelete="CASCADE"))
    activity: Mapped[str] = mapped_column(String(32))
    minutes: Mapped[int] = mapped_column(SmallInteger)
    local_date: Mapped[date]
    logged_at: Mapped[datetime]
    note: Mapped[str | None] = mapped_column(String(200))
    source_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    source_message_id: Mapped[int | None] = mapped_column(BigInteger)


class ProcessedUpdate(Base):
    """Telegram updates whose effects are committed, so a redelivery changes nothing."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(index=True)


class Pause(Base):
    """Days a runner takes off (injury, travel, taper); both ends included."""

    __tablename__ = "pauses"
    __table_args__ = (CheckConstraint("first_day <= last_day", name="ordered"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    first_day: Mapped[date]
    last_day: Mapped[date]
    created_at: Mapped[datetime]


class Reward(Base):
    """A reward a runner promised themselves, and the goal that earns it."""

    __tablename__ = "rewards"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    goal: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    start_day: Mapped[date]
    resets_seen: Mapped[int] = mapped_column(Integer, default=0)


class RewardUnlock(Base):
    """The ledger: each time a reward was earned, by which session, and when it was claimed."""

    __tablename__ = "reward_unlocks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reward_id: Mapped[int] = mapped_column(ForeignKey("rewards.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), index=True
    )
    earned_at: Mapped[datetime]
    earned_on: Mapped[date]
    claimed_at: Mapped[datetime | None]


class Schedule(Base):
    """When each kind of check-in is next due for a runner; the dispatcher scans `due_at`."""

    __tablename__ = "schedules"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    due_at: Mapped[datetime] = mapped_column(index=True)


class CheckIn(Base):
    """A check-in claimed for one local date: at most one of each kind a day, ever."""

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("user_id", "kind", "local_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    local_date: Mapped[date]
    claimed_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16))  # claimed, sent, quiet, failed
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    answer: Mapped[str | None] = mapped_column(String(16))  # done, tonight, rest


class Plan(Base):
    """A workout written down ahead of time, for a day and optionally a time; several a day.

    A plan keeps its `uid` through every change (a calendar updates the same event), counts its
    changes in `sequence`, and is cancelled rather than deleted so a subscribed calendar hears of
    it. `remind_at` is when its reminder is due, cleared when the reminder is claimed."""

    __tablename__ = "plans"
    __table_args__ = (Index("ix_plans_user_day", "user_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date]
    activity: Mapped[str] = mapped_column(String(32))
    minutes: Mapped[int] = mapped_column(SmallInteger)
    details: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    # The coach who wrote it; None when the runner did (or the coach has since left).
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at_minute: Mapped[int | None] = mapped_column(SmallInteger)  # local clock time; None: all day
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    updated_at: Mapped[datetime]
    cancelled_at: Mapped[datetime | None]
    remind_at: Mapped[datetime | None] = mapped_column(index=True)
    reminded_at: Mapped[datetime | None]


class CalendarFeed(Base):
    """A secret calendar link: the runner's own plans, or (a coach's) their athletes'."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))  # own, athletes
    with_sessions: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]


class BuddyInvite(Base):
    """A single-use invite link code; it expires after a week."""

    __tablename__ = "buddy_invites"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    inviter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class Buddy(Base):
    """One side of a buddy pair: what `user_id` hears about `buddy_id`."""

    __tablename__ = "buddies"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    buddy_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    hears: Mapped[str] = mapped_column(String(16))  # every, risk_met, weekly, nothing
    created_at: Mapped[datetime]


class Group(Base):
    """A group chat the bot is in, and when its weekly leaderboard is next due."""

    __tablename__ = "groups"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(128))
    active: Mapped[bool]
    board_due_at: Mapped[datetime] = mapped_column(index=True)
    language: Mapped[str | None] = mapped_column(String(8))  # None: not chosen, English


class GroupMember(Base):
    """A runner who has used the bot in a group."""

    __tablename__ = "group_members"

    chat_id: Mapped[int] = mapped_column(
        ForeignKey("groups.chat_id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    joined_at: Mapped[datetime]


class CoachInvite(Base):
    """A coach's single-use invite link code; it expires after a week."""

    __tablename__ = "coach_invites"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class Coaching(Base):
    """An athlete's one coach, and what the athlete lets the coach see."""

    __tablename__ = "coaches"

    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    sees: Mapped[str] = mapped_column(String(8))  # all, notes or week
    created_at: Mapped[datetime]


class CoachDigest(Base):
    """When a coach's Monday digest of their athletes is next due."""

    __tablename__ = "coach_digests"

    coach_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    due_at: Mapped[datetime] = mapped_column(index=True)


class Milestone(Base):
    """A comeback or "it's a habit now" the runner was told of: each one once, ever."""

    __tablename__ = "milestones"

    habit_id: Mapped[int] = mapped_column(
        ForeignKey("habits.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # comeback or habit
    # The comeback's day; for the habit, its first day (told once, whatever the day).
    day: Mapped[date] = mapped_column(primary_key=True)
    told_at: Mapped[datetime]
