"""Logging set-up: text or JSON lines, quiet HTTP clients, and the bot token redacted everywhere."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

_TOKEN_PATTERN = re.compile(r"\d{5,12}:[A-Za-z0-9_-]{20,}")
# Ids a record may carry (`extra=`), copied into JSON lines as fields of their own.
CONTEXT_FIELDS = ("update_id", "chat_id", "user_id")


def redact(text: str, token: str | None) -> str:
    """The text with the token, and anything shaped like a bot token, replaced."""
    if token:
        text = text.replace(token, "<token>")
    return _TOKEN_PATTERN.sub("<token>", text)


class RedactToken(logging.Filter):
    """Replaces the bot token (and anything shaped like one) in every record."""

    def __init__(self, token: str | None) -> None:
        super().__init__()
        self.token = token

    def _clean(self, text: str) -> str:
        return redact(text, self.token)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self._clean(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in CONTEXT_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


def setup_logging(level: str, token: str | None, log_format: str = "text") -> None:
    root = logging.getLogger()
    root.setLevel(level.upper())
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactToken(token))
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    # httpx logs every request URL, which carries the token, at INFO.
    for noisy in ("httpx", "httpcore", "apscheduler", "tornado.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
