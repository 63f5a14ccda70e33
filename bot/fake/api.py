"""The shapes every part of the fake shares: a recorded call, an error answer, the bot's id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BOT_ID = 7_000_000_001
SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})


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
