"""Logging set-up: one format, quiet HTTP clients, and the bot token redacted everywhere."""

from __future__ import annotations

import logging
import re

_TOKEN_PATTERN = re.compile(r"\d{5,12}:[A-Za-z0-9_-]{20,}")


class RedactToken(logging.Filter):
    """Replaces the bot token (and anything shaped like one) in every record."""

    def __init__(self, token: str | None) -> None:
        super().__init__()
        self.token = token

    def _clean(self, text: str) -> str:
        if self.token:
            text = text.replace(self.token, "<token>")
        return _TOKEN_PATTERN.sub("<token>", text)

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


def setup_logging(level: str, token: str | None) -> None:
    root = logging.getLogger()
    root.setLevel(level.upper())
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactToken(token))
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    # httpx logs every request URL, which carries the token, at INFO.
    for noisy in ("httpx", "httpcore", "apscheduler", "tornado.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
