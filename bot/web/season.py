"""The season as JSON for the page: who is asking, a runner's weeks, one day's sessions and plan.

Handlers here translate, as the chat's do: read the request, call one use case in one
transaction, render with `bot.texts` in the viewer's language, answer.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any

from aiohttp import web

from bot import services, texts
from bot.domain import streaks
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import Profile, Session
from bot.domain.plans import PlanSpec
from bot.storage.store import Store
from bot.texts import i18n
from bot.web import svg
from bot.web.app import Forbidden, application, signed, user_of


@asynccontextmanager
async def reading(
    request: web.Request, *, with_calendar: bool = False
) -> AsyncIterator[tuple[Store, Profile]]:
    """A read transaction, and the signed-in runner's profile; their language is spoken.
    `with_calendar` reads their whole calendar with it (for their own season)."""
    deps = application(request).bot_data.deps
    async with deps.sessionmaker.begin() as session:
        store = Store(session)
        user_id = user_of(request).user_id
        viewer = await services.season.viewer(store, user_id, with_calendar=with_calendar)
        i18n.use(viewer.language)
        yield store, viewer


def now(request: web.Request) -> datetime:
    return application(request).bot_data.deps.clock()


async def reach(store: Store, viewer: Profile, runner_id: int) -> services.season.Reach:
    """The runner the viewer opens; 403 for anyone who is neither them nor their athlete."""
    try:
        return await services.season.reach(store, viewer, runner_id)
    except UserError as error:
        if error.code is ErrorCode.NOT_YOUR_ATHLETE:
            raise Forbidden from None
        raise


def runner_id(request: web.Request) -> int:
    raw = request.match_info.get("runner_id", "")
    if not raw.isdecimal() or len(raw) > 19:
        raise web.HTTPNotFound()
    return int(raw)


@signed
async def me(request: web.Request) -> web.StreamResponse:
    """Who the page is for: the runner, their words, and their athletes if they coach."""
    async with reading(request) as (store, viewer):
        lines = await services.coaching.table(store, viewer, now(request))
        today = services.base.today_for(viewer, now(request))
    return web.json_response(
        {
            "user_id": viewer.user_id,
            "name": viewer.first_name,
            "language": viewer.language,
            "today": today.isoformat(),
            "labels": texts.web.labels(),
            "athletes": [_athlete(line) for line in lines],
        }
    )


def _athlete(line: Any) -> dict[str, Any]:
    return {
        "id": line.athlete.user_id,
        "name": line.athlete.name,
        "sees": str(line.athlete.sees),
        "at_risk": line.at_risk,
        "line": texts.coaching.athlete_line(line),
    }


@signed
async def season(request: web.Request) -> web.StreamResponse:
    """A runner's weeks, newest first, with what the viewer may see of them."""
    wanted = runner_id(request)
    own = wanted == user_of(request).user_id
    async with reading(request, with_calendar=own) as (store, viewer):
        found = await reach(store, viewer, wanted)
        body = season_json(await services.season.season(store, found, now(request)))
    return web.json_response(body)


def season_json(found: services.season.Season) -> dict[str, Any]:
    """The season as the page draws it; every sentence already in the viewer's language (the
    page writes dates itself, in that language). A week's days are lists by position from its
    first day: minutes (null: no session), and which are paused or planned."""
    reach_, today = found.reach, found.today
    planned = {spec.day for spec in found.plans}
    minutes_of, paused_days = found.minutes, found.paused
    weeks = []
    for week in reversed(found.weeks):
        days = _days(week.start, week.end)
        minutes = [minutes_of.get(day) for day in days]
        weeks.append(
            {
                "start": week.start.isoformat(),
                "done": week.days_done,
                "target": week.target,
                "status": str(week.status),
                "minutes": minutes,
                "paused": [i for i, day in enumerate(days) if day in paused_days],
                "planned": [i for i, day in enumerate(days) if day in planned],
            }
        )
    return {
        "runner": {
            "id": reach_.runner.user_id,
            "name": reach_.runner.first_name,
            "own": reach_.own,
            "sees": str(reach_.sees) if reach_.sees is not None else None,
            "week_start": reach_.runner.week_start,
        },
        "today": today.isoformat(),
        "weekdays": [texts.common.weekday_letters(d) for d in _first_week(found)],
        "week_line": texts.common.week_line(found.summary.week),
        "streak_line": texts.common.streak_line(found.summary).strip(),
        "done": found.summary.week.days_done,
        "target": found.summary.week.target,
        "streak": found.summary.current,
        "strength": texts.stats.percent(found.strength[-1][1]) if found.strength else "",
        "strength_svg": svg.strength_line(found.strength),
        "weeks": weeks,
        "rewards": [
            {
                "name": reward.name,
                "value": progress.value,
                "target": progress.target,
                "times": progress.times,
                "words": texts.rewards.progress_count(progress),
            }
            for reward, progress in found.rewards
        ],
        "plans": [plan_json(spec, today) for spec in found.plans],
    }


def _days(first: date, end: date) -> list[date]:
    return [first + i * streaks.DAY for i in range((end - first).days)]


def _first_week(found: services.season.Season) -> list[date]:
    start = streaks.week_start(found.today, found.reach.runner.week_start)
    return _days(start, start + 7 * streaks.DAY)


def plan_json(spec: PlanSpec, today: date) -> dict[str, Any]:
    return {
        "day": spec.day.isoformat(),
        "label": texts.common.day_label_ahead(spec.day, today),
        "activity": spec.activity,
        "minutes": spec.minutes,
        "details": spec.details,
        "coach": spec.coach,
        "at": None if spec.at is None else f"{spec.at:%H:%M}",
        "line": texts.plans.plan_line(spec),
    }


def session_json(session: Session, today: date) -> dict[str, Any]:
    return {
        "id": session.id,
        "activity": session.activity,
        "minutes": session.minutes,
        "day": session.day.isoformat(),
        "note": session.note,
        "line": texts.common.session_line(session, today),
    }


def day_of(request: web.Request) -> date:
    try:
        return date.fromisoformat(request.match_info.get("day", ""))
    except ValueError:
        raise web.HTTPNotFound() from None


@signed
async def day(request: web.Request) -> web.StreamResponse:
    """One day: its sessions and its plan, as the viewer may see them."""
    wanted, chosen = runner_id(request), day_of(request)
    async with reading(request) as (store, viewer):
        found = await reach(store, viewer, wanted)
        if not found.sessions_shown:
            raise Forbidden
        result = await services.season.day(store, found, chosen, now(request))
    return web.json_response(day_json(result))


def day_json(result: services.season.Day) -> dict[str, Any]:
    return {
        "day": result.day.isoformat(),
        "label": texts.common.day_label(result.day, result.today)
        if result.day <= result.today
        else texts.common.day_label_ahead(result.day, result.today),
        "sessions": [session_json(s, result.today) for s in result.sessions],
        "plan": plan_json(result.plan, result.today) if result.plan else None,
        "own": result.reach.own,
    }
