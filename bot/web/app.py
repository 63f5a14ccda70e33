"""The Mini App's web server: a second port of the bot's own process, on its event loop.

Every route it answers is in `routes()`, one list; a module adds its own there (a page, an
API call, a calendar feed). A route `signed` by `@signed` answers only requests carrying
initData Telegram signed (see `auth`), at most `WEBAPP_REQUESTS_PER_MINUTE` a minute per user;
an unsigned route (the page shell, its script, a feed behind its own secret) checks what it
needs itself. Every answer says `Cache-Control: no-store`; the access log names the route's
pattern (`/cal/{token}.ics`), never the path, the query or initData.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from aiohttp.typedefs import Handler

from bot.domain.errors import UserError
from bot.web.auth import Unauthorized, WebUser, verify

if TYPE_CHECKING:
    from bot.telegram.context import App

log = logging.getLogger(__name__)

BOT: web.AppKey[App] = web.AppKey("bot")  # the python-telegram-bot Application
# The user a signed route serves (each request is handled in a task of its own), and whether
# its change is committed (so a failure after it says so).
_user: ContextVar[WebUser] = ContextVar("web_user")
_saved: ContextVar[bool] = ContextVar("web_saved", default=False)


def mark_saved() -> None:
    """The request's change is committed: a failure from here on must not say otherwise."""
    _saved.set(True)


SIGNED_HEADER = "Authorization"  # "tma <initData>", as Telegram's own examples send it
NO_STORE = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class Forbidden(Exception):
    """A signed user asked for someone else's data they may not reach (HTTP 403)."""


class RateLimited(Exception):
    def __init__(self, retry_after: float) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    path: str
    handler: Handler
    name: str


def routes() -> list[Route]:
    """Every route the Mini App's server answers. Add new ones here."""
    from bot.web import calendar, changes, pages, season

    return [
        # The page and its files: no data in them, so no signature needed.
        Route("GET", "/", pages.page, "page"),
        Route("GET", "/static/{name}", pages.static, "static"),
        # The runner's season and its changes (signed).
        Route("GET", "/api/me", season.me, "me"),
        Route("GET", "/api/season/{runner_id}", season.season, "season"),
        Route("GET", "/api/day/{runner_id}/{day}", season.day, "day"),
        Route("POST", "/api/sessions/{runner_id}", changes.add_session, "add-session"),
        Route("POST", "/api/sessions/{runner_id}/{session_id}", changes.change_session, "session"),
        # Plans: the runner's own, or a coach's for an athlete.
        Route("POST", "/api/plans/{runner_id}", changes.write_plan, "plan"),
        Route("POST", "/api/plans/{runner_id}/clear", changes.clear_plan, "clear-plan"),
        # A runner's plans for calendar apps: the secret token in the path is the key.
        Route("GET", "/cal/{token}.ics", calendar.feed, "calendar"),
    ]


# -- signed requests ----------------------------------------------------------------------------


class Limiter:
    """A token bucket per user: `per_minute` requests a minute, as a burst or spread."""

    MAX_USERS = 100_000  # buckets kept; full buckets are dropped first when there are more

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._buckets: dict[int, tuple[float, float]] = {}  # user -> (tokens, when)

    def take(self, user_id: int) -> None:
        """Spend one request of the user's; RateLimited when none is left."""
        now = self.clock()
        rate = self.per_minute / 60.0
        tokens, when = self._buckets.get(user_id, (float(self.per_minute), now))
        tokens = min(float(self.per_minute), tokens + (now - when) * rate)
        if tokens < 1.0:
            self._buckets[user_id] = (tokens, now)
            raise RateLimited((1.0 - tokens) / rate)
        self._buckets[user_id] = (tokens - 1.0, now)
        if len(self._buckets) > self.MAX_USERS:
            self._forget_rested(now, rate)

    def _forget_rested(self, now: float, rate: float) -> None:
        full = float(self.per_minute)
        self._buckets = {
            user: (tokens, when)
            for user, (tokens, when) in self._buckets.items()
            if tokens + (now - when) * rate < full
        }


LIMITER = web.AppKey("limiter", Limiter)


def application(request: web.Request) -> App:
    """The bot this server belongs to: its database, settings, clock and Bot API."""
    return request.app[BOT]


def user_of(request: web.Request) -> WebUser:
    """The user a signed route serves: taken from initData that passed the check."""
    return _user.get()


def signed(handler: Handler) -> Handler:
    """The route answers only requests with valid initData, within the user's rate."""

    @functools.wraps(handler)
    async def checked(request: web.Request) -> web.StreamResponse:
        deps = application(request).bot_data.deps
        token = deps.settings.bot_token
        header = request.headers.get(SIGNED_HEADER, "")
        scheme, _, init_data = header.partition(" ")
        user = verify(
            init_data if scheme.lower() == "tma" else None,
            token.get_secret_value() if token is not None else _fake_token(),
            deps.clock(),
            timedelta(hours=deps.settings.webapp_max_age_hours),
        )
        request.app[LIMITER].take(user.user_id)
        _user.set(user)
        return await handler(request)

    return checked


def _fake_token() -> str:
    from bot.telegram.app import FAKE_TOKEN

    return FAKE_TOKEN


# -- every answer -------------------------------------------------------------------------------


@web.middleware
async def answers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Errors as JSON with the right status; no answer is ever cached."""
    from bot import texts

    try:
        response = await handler(request)
    except Unauthorized as refused:
        log.info("refused a request to %s: %s", _pattern(request), refused.reason)
        response = _error(401, "unauthorized", texts.web.unauthorized())
    except Forbidden:
        response = _error(403, "forbidden", texts.web.forbidden())
    except RateLimited as limited:
        response = _error(429, "slow down", texts.web.slow_down())
        response.headers["Retry-After"] = str(max(1, round(limited.retry_after)))
    except UserError as error:
        response = _error(400, str(error.code), texts.errors.user_error(error))
    except web.HTTPException as http:
        http.headers.update(NO_STORE)
        raise
    except Exception as error:  # logged with the route, never the request's data
        from bot.storage.faults import classify

        fault = classify(error)
        saved = _saved.get()
        if fault is not None and fault.passing and not saved:
            # The page keeps the request's key: trying again cannot make the change twice.
            log.warning("a Mini App request to %s met a database fault: %s", _pattern(request),
                        fault.value)  # fmt: skip
            response = _error(503, "try again", texts.errors.unexpected_error(saved=False))
            response.headers["Retry-After"] = "2"
        else:
            log.exception("a Mini App request to %s failed", _pattern(request))
            response = _error(500, "unexpected", texts.errors.unexpected_error(saved=saved))
    response.headers.update(NO_STORE)
    return response


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": code, "message": message}, status=status)


def _pattern(request: web.Request) -> str:
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "(no route)"


class AccessLogger(AbstractAccessLogger):
    """One line per request: method, route pattern, status, time; never a path or a header."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        pattern = _pattern(request) if isinstance(request, web.Request) else "(no route)"
        self.logger.info("%s %s %s %.1f ms", request.method, pattern, response.status, time * 1000)


# -- starting and stopping ----------------------------------------------------------------------


def build(bot: App, *, per_minute: int | None = None) -> web.Application:
    """The Mini App's aiohttp application for this bot (not started)."""
    app = web.Application(middlewares=[answers], client_max_size=64 * 1024)
    app[BOT] = bot
    limit = per_minute or bot.bot_data.deps.settings.webapp_requests_per_minute
    app[LIMITER] = Limiter(limit)
    for route in routes():
        app.router.add_route(route.method, route.path, route.handler, name=route.name)
    return app


async def serve(bot: App, host: str, port: int) -> web.AppRunner:
    """Start answering on host:port; `stop` the runner it returns."""
    runner = web.AppRunner(
        build(bot),
        access_log_class=AccessLogger,
        access_log=logging.getLogger("bot.web.access"),
        shutdown_timeout=2.0,
    )
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    log.info("Mini App served on %s:%s", host, port)
    return runner


async def stop(runner: web.AppRunner) -> None:
    await runner.cleanup()
