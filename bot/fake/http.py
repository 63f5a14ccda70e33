"""The fake over real HTTP: the tornado server, its routes, each call's way in, long polling."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web

from bot.fake.api import SEND_METHODS, ApiError, Call
from bot.fake.methods import Methods

_INT_PARAMS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "reply_to_message_id",
        "cache_time",
        "max_connections",
    }
)
_JSON_PARAMS = frozenset(
    {"reply_markup", "commands", "allowed_updates", "entities", "reply_parameters",
     "link_preview_options", "scope", "menu_button"}
)  # fmt: skip


class Http(Methods):
    """Serves the methods on 127.0.0.1: records each call, delays or fails it, answers it."""

    _server: tornado.httpserver.HTTPServer | None
    port: int

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self, port: int = 0) -> str:
        """Listen on 127.0.0.1 and return the API root to give the bot."""
        app = tornado.web.Application(
            [
                (r"/bot(?P<token>[^/]+)/(?P<method>\w+)", _MethodHandler, {"fake": self}),
                (r"/file/bot(?P<token>[^/]+)/(?P<path>.+)", _FileHandler, {"fake": self}),
            ],
            log_function=lambda handler: None,  # request lines carry the token
        )
        sockets = tornado.netutil.bind_sockets(port, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        self._server = tornado.httpserver.HTTPServer(app, max_buffer_size=64 * 1024 * 1024)
        self._server.add_sockets(sockets)
        return self.url

    async def stop(self) -> None:
        self._closing = True
        await self._notify()
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- the HTTP side --------------------------------------------------------------------

    async def handle(self, method: str, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        call = Call(method, params, files, time.monotonic())
        self.calls.append(call)
        counted = method != "getUpdates"
        if counted:
            self.open_requests += 1
            self.most_open_requests = max(self.most_open_requests, self.open_requests)
        try:
            delay = self.delay_for(method)
            if delay:
                await asyncio.sleep(delay)
            fault = self._take_fault(method, call.chat_id)
            if fault is not None and fault.delay:
                await asyncio.sleep(fault.delay)
            if fault is not None and fault.code != 200:
                raise ApiError(fault.code, fault.description, fault.retry_after)
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            call.result = await handler(params, files)
            if method in SEND_METHODS:
                self.delivered += 1
            return call.result
        except ApiError as error:
            call.ok = False
            call.error = error.body()
            if error.code == 429:
                self.rate_limited += 1
            raise
        finally:
            call.answered, call.answered_at = True, time.monotonic()
            if counted:
                self.open_requests -= 1
            await self._notify()

    async def _api_getUpdates(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        # Waiters hear of a long poll when it begins, not when its time-out ends it: "the bot
        # is polling" is news a full poll_timeout before the request returns.
        self._schedule_notify()
        offset = params.get("offset")
        if isinstance(offset, int) and offset > self.confirmed_offset:
            self.confirmed_offset = offset
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        async with self._changed:
            while True:
                ready = self._unconfirmed()
                if ready or self._closing or time.monotonic() >= deadline:
                    return ready[:limit]
                try:
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
                except TimeoutError:
                    pass


def _decode(params: dict[str, str]) -> dict[str, Any]:
    decoded: dict[str, Any] = {}
    for key, value in params.items():
        if key in _INT_PARAMS:
            try:
                decoded[key] = int(value)
            except ValueError:
                decoded[key] = value
        elif key in _JSON_PARAMS:
            try:
                decoded[key] = json.loads(value)
            except ValueError:
                decoded[key] = value
        else:
            decoded[key] = value
    return decoded


class _MethodHandler(tornado.web.RequestHandler):
    def initialize(self, fake: Http) -> None:
        self.fake = fake

    async def get(self, token: str, method: str) -> None:
        await self.post(token, method)

    async def post(self, token: str, method: str) -> None:
        content_type = self.request.headers.get("Content-Type", "")
        if content_type.startswith("application/json") and self.request.body:
            raw = json.loads(self.request.body)
            params = {k: v if isinstance(v, str) else json.dumps(v) for k, v in raw.items()}
        else:
            params = {k: v[-1].decode() for k, v in self.request.body_arguments.items()}
            params.update({k: v[-1].decode() for k, v in self.request.query_arguments.items()})
        files = {name: parts[0].body for name, parts in self.request.files.items()}
        for name, parts in self.request.files.items():
            if parts[0].filename:
                params.setdefault("_file_name", parts[0].filename)
                params.setdefault(name, f"attach://{name}")
        self.set_header("Content-Type", "application/json")
        try:
            result = await self.fake.handle(method, _decode(params), files)
        except ApiError as error:
            self.set_status(error.code if error.code >= 400 else 400)
            self.finish(json.dumps(error.body()))
            return
        self.finish(json.dumps({"ok": True, "result": result}))

    def log_exception(self, *args: Any) -> None:  # the fake stays quiet
        pass


class _FileHandler(tornado.web.RequestHandler):
    def initialize(self, fake: Http) -> None:
        self.fake = fake

    async def get(self, token: str, path: str) -> None:
        file_id = path.rsplit("/", 1)[-1]
        if file_id not in self.fake.files:
            self.set_status(404)
            self.finish()
            return
        self.finish(self.fake.files[file_id])
