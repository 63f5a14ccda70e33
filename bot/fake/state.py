"""What the fake holds: chats, messages, files, the updates queue, and what users do."""

from __future__ import annotations

import asyncio
import bisect
import itertools
import time
from typing import Any

from bot.fake.api import BOT_ID, Call


class State:
    """The fake's data, and the driver's side of it: users who write and press buttons."""

    def __init__(self, *, username: str, first_id: int) -> None:
        self.first_id = first_id
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
        self.calls: list[Call] = []
        self.rate_limited = 0
        self.confirmed_offset = first_id - 1
        self.last_update_id = first_id - 1
        self.delivered = 0  # messages, photos and documents sent successfully
        self.commands: list[dict[str, Any]] = []
        self.user_languages: dict[int, str] = {}  # the language a user's Telegram is in
        self.default_language = "en"  # ... for users not in `user_languages`
        self.usernames: dict[int, str] = {}  # a user's Telegram @username, for those who have one
        # (scope type, language code or "") -> commands
        self.menus: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.files: dict[str, bytes] = {}
        # chat id (None: every chat's default) -> the menu button setChatMenuButton set
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.blocked: set[int] = set()
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(first_id)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._callback_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._closing = False

    # -- what users do --------------------------------------------------------------------

    def user(self, user_id: int, first_name: str = "Runner") -> dict[str, Any]:
        language = self.user_languages.get(user_id, self.default_language)
        user = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language}
        if user_id in self.usernames:
            user["username"] = self.usernames[user_id]
        return user

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

    # -- for the other parts --------------------------------------------------------------

    def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        return self._messages[(chat_id, message_id)]

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def _schedule_notify(self) -> None:
        try:
            asyncio.get_running_loop().create_task(self._notify())
        except RuntimeError:
            pass

    def _store_file(self, content: bytes) -> str:
        file_id = f"file{next(self._file_ids)}"
        self.files[file_id] = content
        return file_id

    def _next_message_id(self, chat_id: int) -> int:
        counter = self._message_ids.setdefault(chat_id, itertools.count(self.first_id))
        return next(counter)


def _update_id(update: dict[str, Any]) -> int:
    return int(update["update_id"])
