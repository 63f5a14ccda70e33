"""Calendar links: a secret address per runner (and one for a coach's athletes) that calendar
apps subscribe to, and what such a feed holds; the one-off file of the coming week."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot import services
from bot.domain.coaches import Sees
from bot.domain.model import Profile, Session
from bot.domain.plans import FeedLink, PlanRecord
from bot.services.ports import CalendarStore

OWN, ATHLETES = "own", "athletes"  # the two kinds of link
WEEKS_BACK = timedelta(weeks=4)
WEEKS_AHEAD = timedelta(weeks=8)
# A cleared plan stays in the feed, cancelled, this long: every subscribed app has seen it by then.
CANCELLED_KEPT = timedelta(weeks=4)
MAX_SESSIONS = 500


@dataclass(frozen=True, slots=True)
class Person:
    """One runner's part of a feed: their plans (and sessions, if they share them)."""

    user_id: int
    name: str
    time_zone: str
    plans: list[PlanRecord]
    sessions: list[Session]


@dataclass(frozen=True, slots=True)
class Feed:
    """What a calendar link shows, in the owner's language."""

    owner: str  # the owner's first name
    language: str
    time_zone: str  # the owner's
    coach: bool  # a coach's feed of their athletes (each event names its athlete)
    people: list[Person]


def new_token() -> str:
    return secrets.token_urlsafe(24)


async def link(
    store: CalendarStore, profile: Profile, now: datetime, kind: str = OWN, *, reset: bool = False
) -> FeedLink:
    """The runner's secret link token of this kind, made on first use (`reset`: a new one; the
    old one then leads nowhere), and whether it shows logged sessions."""
    found = await store.plans.feed_of(profile.user_id, kind)
    if found is not None and not reset:
        return found
    with_sessions = found.with_sessions if found else False
    token = new_token()
    await store.plans.set_feed(profile.user_id, kind, token, with_sessions, now)
    return FeedLink(token, with_sessions)


async def reset_links(
    store: CalendarStore, profile: Profile, now: datetime
) -> list[tuple[str, str]]:
    """New tokens for every link the runner has (at least their own): (kind, token)."""
    kinds = [k for k in (OWN, ATHLETES) if await store.plans.feed_of(profile.user_id, k)]
    made = []
    for kind in kinds or [OWN]:
        token, _ = await link(store, profile, now, kind, reset=True)
        made.append((kind, token))
    return made


async def show_sessions(store: CalendarStore, profile: Profile, on: bool, now: datetime) -> str:
    """Whether the runner's own feed shows their logged sessions; the (unchanged) token."""
    token, _ = await link(store, profile, now)
    await store.plans.set_feed(profile.user_id, OWN, token, on, now)
    return token


@dataclass(frozen=True, slots=True)
class Links:
    """What `/calendar` shows: the runner's own link, whether it shows their sessions, and a
    coach's link to their athletes' plans (None for a runner who coaches nobody)."""

    token: str
    with_sessions: bool
    athletes: str | None


async def links(
    store: CalendarStore, profile: Profile, now: datetime, *, reset: bool, sessions: bool | None
) -> Links:
    """`/calendar`: the runner's links, all made new first when `reset`, their own showing
    sessions or not first when `sessions` says."""
    if reset:
        await reset_links(store, profile, now)
    elif sessions is not None:
        await show_sessions(store, profile, sessions, now)
    token, with_sessions = await link(store, profile, now)
    athletes = None
    if await services.coaching.athletes(store, profile):
        athletes, _ = await link(store, profile, now, ATHLETES)
    return Links(token, with_sessions, athletes)


async def _person(
    store: CalendarStore, profile: Profile, now: datetime, with_sessions: bool, *, name: str = ""
) -> Person:
    today = services.base.today_for(profile, now)
    first, last = today - WEEKS_BACK, today + WEEKS_AHEAD
    found = await store.plans.records([profile.user_id], first, last, now - CANCELLED_KEPT)
    sessions: list[Session] = []
    if with_sessions:
        sessions = [
            s for s in await store.sessions.since(profile.user_id, first, MAX_SESSIONS)
            if s.day <= last
        ]  # fmt: skip
    return Person(profile.user_id, name or profile.first_name, profile.time_zone,
                  found[profile.user_id], sessions)  # fmt: skip


async def feed(store: CalendarStore, token: str, now: datetime) -> Feed | None:
    """What the link with this token shows now; None when no link has this token."""
    found = await store.plans.feed(token)
    if found is None:
        return None
    owner = await store.runners.get(found.user_id)
    if owner is None:
        return None
    if found.kind == OWN:
        people = [await _person(store, owner, now, found.with_sessions)]
        return Feed(owner.first_name, owner.language, owner.time_zone, False, people)
    people = []
    # Only athletes who let their coach see plans are in it, and only while they are athletes.
    for chosen in await services.coaching.athletes(store, owner):
        if chosen.sees == Sees.WEEK:
            continue
        profile = await store.runners.get(chosen.user_id)
        if profile is not None:
            people.append(await _person(store, profile, now, False, name=chosen.name))
    return Feed(owner.first_name, owner.language, owner.time_zone, True, people)


async def coming_plans(store: CalendarStore, profile: Profile, now: datetime) -> Feed:
    """The plans /plans lists (from today over the next `COMING_WEEKS` weeks), for a one-off
    calendar file."""
    today = services.base.today_for(profile, now)
    last = today + timedelta(weeks=services.plans.COMING_WEEKS, days=-1)
    found = await store.plans.records([profile.user_id], today, last, now)
    plans = [p for p in found[profile.user_id] if not p.cancelled]
    person = Person(profile.user_id, profile.first_name, profile.time_zone, plans, [])
    return Feed(profile.first_name, profile.language, profile.time_zone, False, [person])


def days_of(feed: Feed) -> list[date]:
    return sorted({p.spec.day for person in feed.people for p in person.plans})
