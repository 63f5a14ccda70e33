"""Changes made by tapping: sessions added, changed or deleted, plans written, moved or cleared.

Each goes through the use case the chat uses, in one transaction that also claims the
request's key (made by the page once per form shown), so a repeated request changes nothing
twice; the answer says what happened in the chat's own words.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime, time
from functools import partial
from typing import Any

from aiohttp import web

from bot import services, texts
from bot.domain import parsing, plans
from bot.domain.errors import ErrorCode, ParseError, UserError
from bot.domain.model import Profile
from bot.domain.plans import PlanSpec
from bot.storage.store import Store
from bot.telegram.handlers import telling
from bot.texts import i18n
from bot.web.app import Forbidden, application, mark_saved, signed, user_of
from bot.web.season import reach, runner_id

MAX_KEY = 100


class Repeat(Exception):
    """The request's key was claimed before: its change is already made."""


def claim_id(user_id: int, key: str) -> int:
    """The request's key as a handled-update id: negative, so never one of Telegram's."""
    digest = hashlib.sha256(f"web:{user_id}:{key}".encode()).digest()
    return -1 - (int.from_bytes(digest[:8], "big") >> 1)


async def body_of(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="the body is not JSON") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="the body is not a JSON object")
    key = body.get("key")
    if not isinstance(key, str) or not 1 <= len(key) <= MAX_KEY:
        raise web.HTTPBadRequest(text="a request key (1 to 100 characters) is needed")
    return body


@asynccontextmanager
async def writing(request: web.Request, key: str) -> AsyncIterator[tuple[Store, Profile]]:
    """The change's one transaction: it claims the key first, so a repeat is a no-op."""
    deps = application(request).bot_data.deps
    user = user_of(request)
    async with deps.sessionmaker.begin() as session:
        store = Store(session)
        viewer = await services.season.viewer(store, user.user_id)
        i18n.use(viewer.language)
        if not await store.updates.claim(claim_id(user.user_id, key), deps.clock()):
            raise Repeat
        yield store, viewer
    mark_saved()


def answered(message: str) -> web.Response:
    return web.json_response({"message": message, "repeat": False})


def repeated() -> web.Response:
    return web.json_response({"message": texts.web.already_done(), "repeat": True})


def now(request: web.Request) -> datetime:
    return application(request).bot_data.deps.clock()


def _int(body: dict[str, Any], name: str) -> int | None:
    value = body.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise web.HTTPBadRequest(text=f"{name} is not a whole number")
    return int(value)


def _day(body: dict[str, Any], name: str) -> date | None:
    value = body.get(name)
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise web.HTTPBadRequest(text=f"{name} is not a date") from None


def _text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > parsing.MAX_INPUT_CHARS:
        raise web.HTTPBadRequest(text=f"{name} is not a short text")
    return value


def _own(request: web.Request) -> int:
    """Sessions are changed only in the runner's own season."""
    wanted = runner_id(request)
    if wanted != user_of(request).user_id:
        raise Forbidden
    return wanted


# -- sessions -----------------------------------------------------------------------------------


@signed
async def add_session(request: web.Request) -> web.StreamResponse:
    """Log a session on a day, as /done does."""
    _own(request)
    body = await body_of(request)
    minutes, day, activity = _int(body, "minutes"), _day(body, "day"), _text(body, "activity")
    moment = now(request)
    try:
        async with writing(request, body["key"]) as (store, profile):
            if not (activity or "").strip():
                raise ParseError(ErrorCode.NO_ACTIVITY, minutes=minutes or 0)
            shared = await services.buddies.log_shared(
                store,
                profile,
                activity=parsing.named_activity(activity or ""),
                minutes=parsing.check_minutes(minutes or 0),
                day=day or services.base.today_for(profile, moment),
                note=None,
                now=moment,
                source=None,
            )
    except Repeat:
        return repeated()
    telling.buddies_hear(application(request), profile, shared.logged, shared.news)
    return answered(texts.sessions.logged(shared.logged))


@signed
async def change_session(request: web.Request) -> web.StreamResponse:
    """Change a session's minutes, activity or day, or delete it, as /edit does."""
    _own(request)
    raw = request.match_info.get("session_id", "")
    if not raw.isdecimal() or len(raw) > 19:
        raise web.HTTPNotFound()
    body = await body_of(request)
    minutes, day, activity = _int(body, "minutes"), _day(body, "day"), _text(body, "activity")
    try:
        async with writing(request, body["key"]) as (store, profile):
            change = await services.editing.edit(
                store,
                profile,
                int(raw),
                now(request),
                minutes=minutes,
                day=day,
                activity=parsing.named_activity(activity)
                if activity and activity.strip()
                else None,
                delete=body.get("delete") is True,
            )
    except Repeat:
        return repeated()
    return answered(texts.sessions.edited(change))


# -- plans --------------------------------------------------------------------------------------


def _clock(body: dict[str, Any], name: str) -> time | None:
    """A plan's clock time ("18:30"), as /plan reads one; None when the form leaves it empty."""
    value = _text(body, name)
    if value is None or not value.strip():
        return None
    at = plans.clock_time(value.strip()[:8])
    if at is None:
        raise UserError(ErrorCode.PLAN_TIME_INVALID, text=value.strip()[:8])
    return at


def _activity(body: dict[str, Any], name: str) -> str | None:
    text = _text(body, name)
    if text is None or not text.strip():
        return None
    return parsing.named_activity(text)


Parts = tuple[str, int, str | None, time | None]
Was = tuple[date, str]  # the plan a form changes: its day and activity
Tell = tuple[int, telling.Render] | None


@signed
async def write_plan(request: web.Request) -> web.StreamResponse:
    """Plan a day, or change or move one plan (named by `from` and `from_activity`): the
    runner's own, or a coach's for an athlete, who is told in the chat."""
    wanted = runner_id(request)
    body = await body_of(request)
    day, moved_from = _day(body, "day"), _day(body, "from")
    if day is None:
        raise web.HTTPBadRequest(text="day is needed")
    minutes, details, at = _int(body, "minutes"), _text(body, "details"), _clock(body, "at")
    moment = now(request)
    bot = application(request)
    try:
        async with writing(request, body["key"]) as (store, viewer):
            found = await reach(store, viewer, wanted)
            activity = _activity(body, "activity")
            if activity is None:
                raise UserError(ErrorCode.PLAN_INCOMPLETE)
            if minutes is None:
                raise ParseError(ErrorCode.PLAN_NO_MINUTES)
            was_activity = _activity(body, "from_activity") or activity
            was = (moved_from, was_activity) if moved_from is not None else None
            parts = (activity, minutes, details, at)
            if found.own:
                text, tell = await _own_plan(store, viewer, day, was, parts, moment)
            else:
                text, tell = await _coach_plan(store, found, day, was, parts, moment)
    except Repeat:
        return repeated()
    if tell is not None:
        telling.tell_from(bot, [tell[0]], tell[1])
    return answered(text)


def _replaced(was: Was | None, spec: PlanSpec) -> Was | None:
    """The plan the form changed, when writing `spec` did not change it in place."""
    if was is None or was == (spec.day, spec.activity):
        return None
    return was


async def _own_plan(
    store: Store, profile: Profile, day: date, was: Was | None, parts: Parts, at: datetime
) -> tuple[str, Tell]:
    today = services.base.today_for(profile, at)
    activity, minutes, details, clock = parts
    spec, old = await services.plans.write_plan(
        store, profile, day, activity, minutes, details, at, clock
    )
    dropped = [old] if old is not None else []
    remind = await services.plans.remind_setting(store, profile)
    text = texts.plans.plan_set(spec, today, changed=old is not None, remind=remind)
    replaced = _replaced(was, spec)
    if replaced is not None:
        words = f"{replaced[0].isoformat()} {replaced[1]}"
        _, moved = await services.plans.clear_plan(store, profile, words, at)
        dropped += moved
        text += "\n" + texts.plans.plan_cleared(replaced[0], today, len(moved))
    coach = await services.coaching.coach_to_tell(store, profile, dropped)
    changed_day = replaced[0] if replaced is not None else day
    news = partial(
        texts.coaching.coach_plan_dropped,
        profile.first_name,
        changed_day,
        spec if changed_day == day else None,
    )
    return text, (coach.chat_id, news) if coach else None


async def _coach_plan(
    store: Store,
    found: services.season.Reach,
    day: date,
    was: Was | None,
    parts: Parts,
    at: datetime,
) -> tuple[str, Tell]:
    coach, athlete = found.viewer, found.runner
    chosen = await services.coaching.athlete(store, coach, athlete.user_id)
    activity, minutes, details, clock = parts
    spec = await services.coaching.write_for_athlete(
        store, coach, chosen, day, activity, minutes, details, at, clock
    )
    athlete_today = services.base.today_for(athlete, at)
    specs: list[PlanSpec] = [spec]
    text = texts.coaching.coach_planned(chosen.name, specs, services.base.today_for(coach, at))
    replaced = _replaced(was, spec)
    if replaced is not None:
        words = f"{replaced[0].isoformat()} {replaced[1]}"
        await services.coaching.clear_for_athlete(store, coach, chosen, words, at)

    def news() -> str:
        told = texts.coaching.plans_from_coach(coach.first_name, specs, athlete_today)
        if replaced is not None:
            told += "\n" + texts.web.plan_cleared_by_coach(
                coach.first_name, replaced[0], athlete_today
            )
        return told

    return text, (chosen.chat_id, news)


@signed
async def clear_plan(request: web.Request) -> web.StreamResponse:
    """Take a plan off a coming day (the one of `activity`, or every plan of the day): the
    runner's own, or a coach's for an athlete."""
    wanted = runner_id(request)
    body = await body_of(request)
    day = _day(body, "day")
    if day is None:
        raise web.HTTPBadRequest(text="day is needed")
    moment = now(request)
    tell: Tell = None
    try:
        async with writing(request, body["key"]) as (store, viewer):
            found = await reach(store, viewer, wanted)
            activity = _activity(body, "activity")
            words = day.isoformat() if activity is None else f"{day.isoformat()} {activity}"
            if found.own:
                today = services.base.today_for(viewer, moment)
                _, dropped = await services.plans.clear_plan(store, viewer, words, moment)
                coach = await services.coaching.coach_to_tell(store, viewer, dropped)
                text = texts.plans.plan_cleared(day, today, len(dropped))
                if coach is not None:
                    render = partial(
                        texts.coaching.coach_plan_dropped, viewer.first_name, day, None
                    )
                    tell = (coach.chat_id, render)
            else:
                chosen = await services.coaching.athlete(store, viewer, wanted)
                _, dropped = await services.coaching.clear_for_athlete(
                    store, viewer, chosen, words, moment
                )
                today = services.base.today_for(viewer, moment)
                text = texts.plans.plan_cleared(day, today, len(dropped))
                athlete_today = services.base.today_for(found.runner, moment)
                render = partial(
                    texts.web.plan_cleared_by_coach, viewer.first_name, day, athlete_today
                )
                tell = (chosen.chat_id, render)
    except Repeat:
        return repeated()
    if tell is not None:
        telling.tell_from(application(request), [tell[0]], tell[1])
    return answered(text)
