"""The Bot API methods the bot uses, answered with Telegram's JSON shapes and refusals."""

from __future__ import annotations

import re
import time
from typing import Any

from bot.fake.api import BOT_ID, ApiError
from bot.fake.html import html_problem
from bot.fake.limits import Limits
from bot.fake.state import State

COMMAND_SCOPES = frozenset(
    {"default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat",
     "chat_administrators", "chat_member"}
)  # fmt: skip


class Methods(State, Limits):
    """`_api_NAME` answers the Bot API method NAME (getUpdates is in `http`, with polling)."""

    check_html: bool
    local_web_apps: bool

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
        # One menu per scope and language; a private chat in English sees the private (or
        # default) menu in `commands`.
        scope = (params.get("scope") or {}).get("type", "default")
        if scope not in COMMAND_SCOPES:
            raise ApiError(400, "Bad Request: BOT_COMMAND_SCOPE_INVALID")
        language = str(params.get("language_code") or "")
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise ApiError(400, "Bad Request: LANG_CODE_INVALID")
        self.menus[(scope, language)] = commands
        private = self.menus.get(("all_private_chats", ""))
        self.commands = private if private is not None else self.menus.get(("default", ""), [])
        return True

    async def _api_setChatMenuButton(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        """The menu button of one private chat, or (no chat_id) every chat's default."""
        button = params.get("menu_button") or {"type": "default"}
        kind = button.get("type")
        if kind not in ("commands", "web_app", "default"):
            raise ApiError(400, "Bad Request: unsupported menu button type")
        if kind == "web_app":
            if not button.get("text"):
                raise ApiError(400, "Bad Request: menu button text is empty")
            _check_web_app(button.get("web_app"), local=self.local_web_apps)
        chat_id = params.get("chat_id")
        if chat_id is not None:
            self._chat_of(params)
        self.menu_buttons[chat_id] = button
        return True

    async def _api_getChatMenuButton(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        chat_id = params.get("chat_id")
        return self.menu_buttons.get(chat_id) or self.menu_buttons.get(None) or {"type": "commands"}

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
                if "web_app" in button:
                    if int(params.get("chat_id") or 0) < 0:
                        raise ApiError(400, "Bad Request: BUTTON_TYPE_INVALID")
                    _check_web_app(button["web_app"], local=self.local_web_apps)

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


LOCAL_ADDRESSES = ("http://127.0.0.1:", "http://localhost:")


def _check_web_app(web_app: Any, *, local: bool) -> None:
    """Telegram opens Mini Apps only over HTTPS (`local`: or on this machine, the sandbox)."""
    url = str((web_app or {}).get("url") or "")
    if not url.startswith("https://") and not (local and url.startswith(LOCAL_ADDRESSES)):
        raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")


def _set_markup(message: dict[str, Any], markup: Any) -> None:
    if markup and markup.get("inline_keyboard"):
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)
