"""Accountability use cases: plans written ahead, buddies who hear about each other, groups."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot import services
from bot.domain import buddies, plans, schedule
from bot.domain.errors import UserError
from bot.domain.model import Profile
from bot.storage.repository import Store

WEEK = timedelta(days=7)


# -- plans ------------------------------------------------------------------------------------


async def plan(store: Store, profile: Profile, text: str, now: datetime) -> plans.PlanSpec:
    spec = plans.parse_plan(text, services.today_for(profile, now))
    await store.set_plan(profile.user_id, spec, now)
    return spec


async def clear_plan(store: Store, profile: Profile, text: str, now: datetime) -> date:
    day = plans.plan_day(text.strip() or "today", services.today_for(profile, now))
    if not await store.clear_plan(profile.user_id, day):
        raise UserError(f"There is no plan for {day:%a %d %b}. See them with /plans, e.g. /plans")
    return day


async def coming_week(store: Store, profile: Profile, now: datetime) -> list[plans.PlanSpec]:
    today = services.today_for(profile, now)
    return await store.plans(profile.user_id, today, today + timedelta(days=6))


async def plan_for(store: Store, profile: Profile, day: date) -> plans.PlanSpec | None:
    found = await store.plans(profile.user_id, day, day)
    return found[0] if found else None


async def what_works(store: Store, profile: Profile, now: datetime) -> list[plans.Fit]:
    """Per activity over the last 12 weeks, the one the runner sticks with most first."""
    today = services.today_for(profile, now)
    sessions = await store.session_facts(profile.habit_id, today - plans.STICK_WINDOW)
    planned = await store.plans(profile.user_id, today - plans.STICK_WINDOW, today)
    return plans.what_works(sessions, planned, today)


async def usual_choice(store: Store, profile: Profile, now: datetime) -> tuple[str, int] | None:
    """What one tap on Done logs without a plan: the activity the runner sticks with most, at
    its usual minutes; None when nothing in the last 12 weeks sticks."""
    for fit in await what_works(store, profile, now):
        if fit.sticks and fit.usual_minutes:
            return fit.activity, fit.usual_minutes
    return None


# -- buddies ----------------------------------------------------------------------------------


async def new_invite(store: Store, profile: Profile, now: datetime) -> str:
    code = secrets.token_urlsafe(12)
    await store.add_invite(code, profile.user_id, now)
    return code


async def inviter_of(store: Store, code: str, invitee_id: int, now: datetime) -> Profile:
    """Who invites with this code, if it can still be used."""
    inviter_id, created, used = await store.invite(code)
    inviter = buddies.check_invite(inviter_id, used, created, invitee_id, now)
    profile = await store.profile(inviter)
    if profile is None:
        raise UserError("That invite link is not valid any more. Ask for a new one: /buddy")
    return profile


async def accept(store: Store, code: str, invitee: Profile, now: datetime) -> Profile:
    inviter = await inviter_of(store, code, invitee.user_id, now)
    if not await store.use_invite(code, now):
        raise UserError("That invite link was used already. Ask your friend for a new one: /buddy")
    if not await store.pair(inviter.user_id, invitee.user_id, now):
        raise UserError("You two are buddies already. See /buddy settings, e.g. /buddy settings")
    return inviter


async def remove_buddies(store: Store, profile: Profile) -> list[int]:
    """End every buddy pair; the chats of the former buddies, to tell them."""
    former = await store.unpair_all(profile.user_id)
    chats = []
    for buddy_id in former:
        buddy = await store.profile(buddy_id)
        if buddy is not None and buddy.active:
            chats.append(buddy.chat_id)
    return chats


async def listeners(store: Store, profile: Profile, hears: buddies.Hears) -> list[int]:
    return await store.listeners(profile.user_id, hears.value)


# -- groups -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Standing:
    name: str
    days_done: int
    target: int
    minutes: int

    @property
    def met(self) -> bool:
        return self.days_done >= self.target


async def join_group(
    store: Store, chat_id: int, title: str, profile: Profile, now: datetime
) -> None:
    board = schedule.next_week_end(now, "UTC", 0)
    await store.join_group(chat_id, title, profile.user_id, now, board)


async def group_week(store: Store, chat_id: int, now: datetime) -> list[Standing]:
    """Every member's week (on their own calendar), best first."""
    standings = []
    for user_id in await store.group_members(chat_id):
        member = await store.profile(user_id)
        if member is None:
            continue
        stats = await services.stats(store, member, now)
        standings.append(
            Standing(member.first_name, stats.summary.week.days_done, stats.summary.week.target,
                     stats.this_week.minutes)
        )  # fmt: skip
    return sorted(standings, key=lambda s: (-s.met, -s.days_done, -s.minutes, s.name))


async def due_boards(store: Store, now: datetime) -> list[tuple[int, list[Standing]]]:
    """Claim the groups whose weekly leaderboard is due and move them on a week."""
    boards = []
    for chat_id in await store.due_boards(now, 50):
        boards.append((chat_id, await group_week(store, chat_id, now)))
        await store.move_board(chat_id, schedule.next_week_end(now, "UTC", 0))
    return boards


@dataclass(frozen=True, slots=True)
class BuddyNews:
    """Who hears about a new session: every session, or a week just met."""

    every: list[int]
    met: list[int]


async def news_for_buddies(store: Store, profile: Profile, logged: services.Logged) -> BuddyNews:
    if logged.duplicate or not profile.listeners:
        return BuddyNews([], [])
    every = await listeners(store, profile, buddies.Hears.EVERY)
    met = (
        await listeners(store, profile, buddies.Hears.RISK_MET)
        if logged.met_week == logged.summary.week.start
        else []
    )
    return BuddyNews(every, met)
