"""The fake Bot API server: real HTTP, Telegram's JSON shapes, injectable users and faults.

It speaks the subset of the Bot API the bot uses, records every call, lets a driver (a test,
the sandbox, a benchmark) play users who type and press buttons, injects faults such as 429
with `retry_after`, 403 for a blocked bot, 500 and slow answers, takes as long as a real
network per method if asked (`latency`), and can enforce Telegram's
rate limits (about 30 messages a second overall, about 1 a second per chat, 20 a minute per
group) by answering 429 like the real server does.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import itertools
import json
import random
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web

BOT_ID = 7_000_000_001
SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
     "tg-spoiler", "span", "blockquote"}
)  # fmt: skip
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
     "link_preview_options", "scope"}
)  # fmt: skip
COMMAND_SCOPES = frozenset(
    {"default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat",
     "chat_administrators", "chat_member"}
)  # fmt: skip
_BARE_AMPERSAND = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


class ApiError(Exception):
    """An error answer in Telegram's shape."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass
class Call:
    """One request the bot made, with what the fake answered."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes]
    at: float
    ok: bool = True
    result: Any = None
    error: dict[str, Any] | None = None
    answered: bool = False  # False while the fake still takes its time (`latency`, `slow`)
    answered_at: float | None = None  # time.monotonic() when the answer went back

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return value if isinstance(value, int) else None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data) of every inline button, row by row."""
        markup = self.params.get("reply_markup") or {}
        return [
            (b.get("text", ""), b.get("callback_data", ""))
            for row in markup.get("inline_keyboard", [])
            for b in row
        ]


@dataclass
class Fault:
    method: str | None
    chat_id: int | None
    code: int
    description: str
    retry_after: int | None
    delay: float
    times: int


@dataclass
class _Limits:
    global_window: deque[float] = field(default_factory=deque)
    chat_tokens: dict[int, tuple[float, float]] = field(default_factory=dict)
    group_window: dict[int, deque[float]] = field(default_factory=dict)


class FakeTelegram:
    """A Bot API server on 127.0.0.1 that a real python-telegram-bot Application can talk to."""

    def __init__(
        self,
        *,
        username: str = "strongstreak_bot",
        enforce_limits: bool = False,
        global_per_second: int = 30,
        chat_burst: int = 3,
        group_per_minute: int = 20,
        check_html: bool = True,
        first_id: int = 1,
        latency: float = 0.0,
        jitter: float = 0.0,
        seed: int = 0,
    ) -> None:
        """`first_id` starts the update and message numbering, so that a fake started again
        over the same database (the sandbox) does not reuse ids the bot already saw."""
        self.check_html = check_html
        self.first_id = first_id
        # Seconds each request takes before it is answered, like a round trip to Telegram:
        # `latency` for every method unless `set_latency` gave the method its own, plus up to
        # `jitter` more, drawn at random (so concurrent answers can come back in any order).
        self.latency: dict[str | None, float] = {None: latency}
        self.jitter = jitter
        self._random = random.Random(seed)
        self.open_requests = 0
        self.webhook: dict[str, Any] = {}
        self.most_open_requests = 0  # the most requests (but getUpdates) answered at once
        self.bot_user = {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "strongstreak",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.enforce_limits = enforce_limits
        self.global_per_second = global_per_second
        self.chat_burst = chat_burst
        self.group_per_minute = group_per_minute
        self.calls: list[Call] = []
        self.rate_limited = 0
        self.confirmed_offset = first_id - 1
        self.last_update_id = first_id - 1
        self.delivered = 0  # messages, photos and documents sent successfully
        self.commands: list[dict[str, Any]] = []
        self.menus: dict[str, list[dict[str, Any]]] = {}  # scope type -> commands
        self.files: dict[str, bytes] = {}
        self.blocked: set[int] = set()
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(first_id)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._callback_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._faults: list[Fault] = []
        self._limits = _Limits()
        self._changed = asyncio.Condition()
        self._server: tornado.httpserver.HTTPServer | None = None
        self._closing = False
        self.port = 0

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

    # -- what users do --------------------------------------------------------------------

    def user(self, user_id: int, first_name: str = "Runner") -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "en"}

    def chat(self, chat_id: int, first_name: str = "Runner") -> dict[str, Any]:
        if chat_id < 0:
            return {"id": chat_id, "type": "group", "title": f"Group {chat_id}"}
        return {"id": chat_id, "type": "private", "first_name": first_name}

    def send_message(
        self,
        user_id: int,
        text: str = "",
        *,
        chat_id: int | None = None,
        first_name: str = "Runner",
        location: tuple[float, float] | None = None,
        document: tuple[str, bytes] | None = None,
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        """A user writes to the bot (a private chat unless `chat_id` names a group)."""
        chat_id = user_id if chat_id is None else chat_id
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat_id),
            "date": int(time.time()),
            "chat": self.chat(chat_id, first_name),
            "from": self.user(user_id, first_name),
        }
        if location is not None:
            message["location"] = {"latitude": location[0], "longitude": location[1]}
        if document is not None:
            name, content = document
            file_id = self._store_file(content)
            message["document"] = {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_name": name,
                "file_size": len(content),
            }
            if text:
                message["caption"] = text
        elif text:
            message["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if reply_to is not None and (chat_id, reply_to) in self._messages:
            message["reply_to_message"] = self._messages[(chat_id, reply_to)]
        self._messages[(chat_id, message["message_id"])] = message
        self.push_update({"message": message})
        return message

    def press_button(
        self, user_id: int, message_id: int, data: str, *, chat_id: int | None = None
    ) -> str:
        """A user presses an inline button under one of the bot's messages."""
        chat_id = user_id if chat_id is None else chat_id
        message = self._messages.get((chat_id, message_id))
        if message is None:
            raise KeyError(f"no message {message_id} in chat {chat_id}")
        query_id = str(next(self._callback_ids))
        self.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.user(user_id),
                    "message": message,
                    "chat_instance": str(chat_id),
                    "data": data,
                }
            }
        )
        return query_id

    def block(self, user_id: int) -> None:
        """The user blocks the bot: sends to them answer 403 from now on."""
        self.blocked.add(user_id)

    def push_update(self, payload: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        self.last_update_id = update_id
        self._updates.append({"update_id": update_id, **payload})
        self._schedule_notify()
        return update_id

    def redeliver(self, update_id: int) -> None:
        """Offer an update again, as Telegram does when its offset was never confirmed."""
        self.confirmed_offset = min(self.confirmed_offset, update_id)

    @property
    def pending_updates(self) -> int:
        return len(self._unconfirmed())

    def _unconfirmed(self) -> list[dict[str, Any]]:
        # Update ids only grow, so the first unconfirmed one is found by bisection.
        start = bisect.bisect_left(self._updates, self.confirmed_offset, key=_update_id)
        return self._updates[start:]

    # -- faults ---------------------------------------------------------------------------

    def fail(
        self,
        method: str | None = None,
        *,
        code: int = 500,
        description: str = "Internal Server Error",
        retry_after: int | None = None,
        chat_id: int | None = None,
        times: int = 1,
        delay: float = 0.0,
    ) -> None:
        """The next `times` matching calls answer with this error (after `delay` seconds)."""
        if code == 429 and description == "Internal Server Error":
            description = f"Too Many Requests: retry after {retry_after or 1}"
        self._faults.append(Fault(method, chat_id, code, description, retry_after, delay, times))

    def slow(
        self,
        method: str | None = None,
        *,
        delay: float,
        times: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """The next `times` matching calls succeed, but only after `delay` seconds."""
        self._faults.append(Fault(method, chat_id, 200, "", None, delay, times))

    def set_latency(self, seconds: float, *methods: str, jitter: float | None = None) -> None:
        """Answer these methods (every method, when none is named) after `seconds`."""
        if not methods:
            self.latency = {None: seconds}
        for method in methods:
            self.latency[method] = seconds
        if jitter is not None:
            self.jitter = jitter

    def delay_for(self, method: str) -> float:
        base = self.latency.get(method, self.latency[None])
        extra = self._random.uniform(0, self.jitter) if self.jitter and base else 0.0
        return base + extra

    # -- what the bot did -----------------------------------------------------------------

    def mark(self) -> int:
        return len(self.calls)

    def sent(self, chat_id: int | None = None, since: int = 0) -> list[Call]:
        """Messages, photos and documents the bot sent (answered successfully), oldest first."""
        return [
            c
            for c in self.calls[since:]
            if c.method in SEND_METHODS
            and c.ok
            and c.answered
            and (chat_id is None or c.chat_id == chat_id)
        ]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        return self._messages[(chat_id, message_id)]

    async def wait_for(
        self, predicate: Callable[[Call], bool], *, since: int = 0, timeout: float = 10.0
    ) -> Call:
        """The first call from index `since` on that matches, waiting for it to happen."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while True:
                for call in self.calls[since:]:
                    if predicate(call):
                        return call
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [f"{c.method}:{c.text[:60]!r}" for c in self.calls[since:]]
                    raise TimeoutError(f"no matching call within {timeout}s; saw {seen}")
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    pass

    async def reply(self, chat_id: int, *, since: int, timeout: float = 10.0) -> Call:
        """The next message (or picture, or file) sent to the chat after `since`."""
        return await self.wait_for(
            lambda c: c.method in SEND_METHODS and c.ok and c.answered and c.chat_id == chat_id,
            since=since,
            timeout=timeout,
        )

    async def wait_delivered(self, count: int, *, timeout: float = 60.0) -> None:
        """Wait until `count` messages in all have been delivered (a cheap check for bulk)."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while self.delivered < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{self.delivered} of {count} delivered in {timeout}s")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), remaining)

    async def wait_handled(self, update_id: int | None = None, *, timeout: float = 10.0) -> None:
        """Wait until the bot confirmed the update (by default the latest one pushed)."""
        target = self.last_update_id if update_id is None else update_id
        deadline = time.monotonic() + timeout
        async with self._changed:
            while self.confirmed_offset <= target:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"update {target} was not confirmed within {timeout}s")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), remaining)

    async def wait_idle(self, *, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Wait until every update is confirmed, every call answered and no call but polling
        came for `quiet` s."""
        deadline = time.monotonic() + timeout

        def activity() -> int:
            return sum(1 for c in self.calls if c.method != "getUpdates")

        while time.monotonic() < deadline:
            count = activity()
            await asyncio.sleep(quiet)
            if count == activity() and self.pending_updates == 0 and not self.open_requests:
                return
        raise TimeoutError("the bot did not go idle")

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

    def _take_fault(self, method: str, chat_id: int | None) -> Fault | None:
        for fault in self._faults:
            if (fault.method in (None, method)) and (fault.chat_id in (None, chat_id)):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def _schedule_notify(self) -> None:
        try:
            asyncio.get_running_loop().create_task(self._notify())
        except RuntimeError:
            pass

    # -- Bot API methods ------------------------------------------------------------------

    async def _api_getMe(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return self.bot_user

    async def _api_deleteWebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return True

    async def _api_setWebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        if not str(params.get("url") or "").startswith("https://"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided")
        if not 1 <= int(params.get("max_connections") or 40) <= 100:
            raise ApiError(400, "Bad Request: bad webhook: max_connections must be 1-100")
        self.webhook = params
        return True

    async def _api_setMyCommands(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        commands = params.get("commands") or []
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command.get("command", "")):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        # One menu per scope; a private chat sees its own scope's menu, else the default one.
        scope = (params.get("scope") or {}).get("type", "default")
        if scope not in COMMAND_SCOPES:
            raise ApiError(400, "Bad Request: BOT_COMMAND_SCOPE_INVALID")
        self.menus[scope] = commands
        self.commands = self.menus.get("all_private_chats") or self.menus.get("default", [])
        return True

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

    async def _api_sendMessage(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        text = str(params.get("text") or "")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        self._check_markup(params, text)
        return self._bot_message(params, text=text)

    async def _api_sendPhoto(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        content = self._upload(params, files, "photo")
        self._check_markup(params, str(params.get("caption") or ""))
        file_id = self._store_file(content)
        photo = [{"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 1080,
                  "height": 1080, "file_size": len(content)}]  # fmt: skip
        return self._bot_message(params, photo=photo, caption=params.get("caption"))

    async def _api_sendDocument(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        content = self._upload(params, files, "document")
        self._check_markup(params, str(params.get("caption") or ""))
        file_id = self._store_file(content)
        document = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": params.get("_file_name", "file"),
            "file_size": len(content),
        }
        return self._bot_message(params, document=document, caption=params.get("caption"))

    async def _api_sendChatAction(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        self._chat_of(params)
        return True

    async def _api_editMessageText(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        message = self._own_message(params)
        text = str(params.get("text") or "")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._check_markup(params, text)
        markup = params.get("reply_markup")
        if message.get("text") == text and message.get("reply_markup") == markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message["text"] = text
        message["edit_date"] = int(time.time())
        _set_markup(message, markup)
        return message

    async def _api_editMessageReplyMarkup(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> Any:
        message = self._own_message(params)
        markup = params.get("reply_markup")
        if message.get("reply_markup") == markup:
            raise ApiError(400, "Bad Request: message is not modified")
        self._check_markup(params, "")
        _set_markup(message, markup)
        return message

    async def _api_answerCallbackQuery(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> Any:
        if not params.get("callback_query_id"):
            raise ApiError(400, "Bad Request: query is too old and response timeout expired")
        return True

    async def _api_getFile(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        file_id = str(params.get("file_id") or "")
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(self.files[file_id]),
            "file_path": f"documents/{file_id}",
        }

    # -- helpers --------------------------------------------------------------------------

    def _chat_of(self, params: dict[str, Any]) -> int:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            raise ApiError(400, "Bad Request: chat not found")
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def _bot_message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = self._chat_of(params)
        self._rate_limit(chat_id)
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat_id),
            "date": int(time.time()),
            "chat": self.chat(chat_id),
            "from": self.bot_user,
            **{k: v for k, v in content.items() if v is not None},
        }
        _set_markup(message, params.get("reply_markup"))
        quoted = (params.get("reply_parameters") or {}).get("message_id")
        if quoted is None:
            quoted = params.get("reply_to_message_id")
        if quoted is not None and (chat_id, quoted) in self._messages:
            message["reply_to_message"] = self._messages[(chat_id, quoted)]
        self._messages[(chat_id, message["message_id"])] = message
        return message

    def _own_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_of(params)
        message = self._messages.get((chat_id, int(params.get("message_id") or 0)))
        if message is None or message.get("from", {}).get("id") != BOT_ID:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    def _check_markup(self, params: dict[str, Any], text: str) -> None:
        if self.check_html and params.get("parse_mode") == "HTML":
            problem = html_problem(text)
            if problem:
                raise ApiError(400, f"Bad Request: can't parse entities: {problem}")
        markup = params.get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if not button.get("text"):
                    raise ApiError(400, "Bad Request: text buttons are unallowed")

    def _rate_limit(self, chat_id: int) -> None:
        if not self.enforce_limits:
            return
        now = time.monotonic()
        window = self._limits.global_window
        while window and now - window[0] >= 1.0:
            window.popleft()
        if len(window) >= self.global_per_second:
            raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        if chat_id < 0:
            group = self._limits.group_window.setdefault(chat_id, deque())
            while group and now - group[0] >= 60.0:
                group.popleft()
            if len(group) >= self.group_per_minute:
                wait = int(60 - (now - group[0])) + 1
                raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
            group.append(now)
        else:
            tokens, last = self._limits.chat_tokens.get(chat_id, (float(self.chat_burst), now))
            tokens = min(float(self.chat_burst), tokens + (now - last))
            if tokens < 1.0:
                raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
            self._limits.chat_tokens[chat_id] = (tokens - 1.0, now)
        window.append(now)

    def _upload(self, params: dict[str, Any], files: dict[str, bytes], name: str) -> bytes:
        value = params.get(name)
        key = (
            value[len("attach://") :]
            if isinstance(value, str) and value.startswith("attach://")
            else name
        )
        if key in files:
            return files[key]
        if isinstance(value, str) and value in self.files:
            return self.files[value]
        raise ApiError(400, f"Bad Request: there is no {name} in the request")

    def _store_file(self, content: bytes) -> str:
        file_id = f"file{next(self._file_ids)}"
        self.files[file_id] = content
        return file_id

    def _next_message_id(self, chat_id: int) -> int:
        counter = self._message_ids.setdefault(chat_id, itertools.count(self.first_id))
        return next(counter)


def _update_id(update: dict[str, Any]) -> int:
    return int(update["update_id"])


def _set_markup(message: dict[str, Any], markup: Any) -> None:
    if markup and markup.get("inline_keyboard"):
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)


class _TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.problem: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problem = self.problem or f"unsupported start tag {tag!r}"
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problem = self.problem or f"unexpected end tag {tag!r}"
        else:
            self.stack.pop()


def html_problem(text: str) -> str | None:
    """Why Telegram would refuse this text with parse_mode HTML, or None."""
    if _BARE_AMPERSAND.search(text):
        return "unescaped '&'"
    if re.search(r"<(?![a-zA-Z/])", text):
        return "unescaped '<'"
    checker = _TagChecker()
    checker.feed(text)
    checker.close()
    if checker.problem:
        return checker.problem
    if checker.stack:
        return f"unclosed tag {checker.stack[-1]!r}"
    return None


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
    def initialize(self, fake: FakeTelegram) -> None:
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
    def initialize(self, fake: FakeTelegram) -> None:
        self.fake = fake

    async def get(self, token: str, path: str) -> None:
        file_id = path.rsplit("/", 1)[-1]
        if file_id not in self.fake.files:
            self.set_status(404)
            self.finish()
            return
        self.finish(self.fake.files[file_id])
