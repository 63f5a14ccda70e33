"""The unit of work: one SQLAlchemy session, one transaction the caller owns, and a repository
per aggregate on it. Nothing here commits; the caller's `sessionmaker.begin()` block does."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import calendars
from bot.storage.buddies import BuddyRepository
from bot.storage.calendars import CalendarCache
from bot.storage.checkins import CheckinRepository
from bot.storage.coaching import CoachingRepository
from bot.storage.groups import GroupRepository
from bot.storage.invites import InviteRepository
from bot.storage.milestones import MilestoneRepository
from bot.storage.plans import PlanRepository
from bot.storage.rewards import RewardRepository
from bot.storage.runners import RunnerRepository
from bot.storage.sessions import SessionRepository
from bot.storage.updates import UpdateRepository
from bot.storage.versions import watch

watch()  # what a season is drawn from is kept until a commit changes it (`versions`)
calendars.watch()  # what a unit of work read of a calendar is kept until it writes (`calendars`)


class Store:
    """Every repository, sharing one session (so one transaction) and what it has read."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        # A calendar read with a profile (sessions, rules, pauses, rewards) or on first use
        # serves what follows, until this unit of work writes to it (`calendars`).
        self.calendars = CalendarCache(session)
        self.updates = UpdateRepository(session)
        self.runners = RunnerRepository(session, self.calendars)
        self.sessions = SessionRepository(session, self.calendars)
        self.rewards = RewardRepository(session, self.calendars)
        self.checkins = CheckinRepository(session)
        self.plans = PlanRepository(session)
        self.invites = InviteRepository(session)
        self.buddies = BuddyRepository(session)
        self.groups = GroupRepository(session)
        self.coaching = CoachingRepository(session)
        self.milestones = MilestoneRepository(session)
