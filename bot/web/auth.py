"""Who a Mini App request comes from: the initData Telegram signed with the bot's token.

The check is the one the Bot API documents: the data-check-string is every field but `hash`,
sorted by key, as `key=value` lines; the secret is HMAC-SHA256(key="WebAppData", msg=token);
the data is Telegram's when HMAC-SHA256(key=secret, msg=data-check-string) in hex is `hash`.
The user is taken only from data that passed, and data older than the allowed age is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

MAX_INIT_DATA = 4096  # Telegram's initData is well under this; anything longer is not its
FUTURE_SLACK = timedelta(minutes=5)  # clocks differ a little


class Unauthorized(Exception):
    """The request carries no initData Telegram signed, or only stale data (HTTP 401).

    `reason` is a short code for the log: never the data itself."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class WebUser:
    """The Telegram user a valid initData names."""

    user_id: int
    first_name: str
    language_code: str | None
    signed_at: datetime


def secret_key(token: str) -> bytes:
    return hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()


def _check_string(fields: dict[str, str]) -> str:
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")


def sign(fields: dict[str, str], token: str) -> str:
    """initData as Telegram would send it for these fields (tests, the sandbox, benchmarks)."""
    digest = hmac.new(secret_key(token), _check_string(fields).encode(), hashlib.sha256)
    return urlencode({**fields, "hash": digest.hexdigest()})


def signed_for(
    user_id: int, first_name: str, token: str, now: datetime, language_code: str = "en"
) -> str:
    """initData for one user, signed now: what Telegram puts in a Mini App's URL hash."""
    user = {"id": user_id, "first_name": first_name, "language_code": language_code}
    fields = {
        "query_id": f"AA{user_id:x}",
        "user": json.dumps(user, separators=(",", ":"), ensure_ascii=False),
        "auth_date": str(int(now.timestamp())),
    }
    return sign(fields, token)


def verify(init_data: str | None, token: str, now: datetime, max_age: timedelta) -> WebUser:
    """The user who opened the Mini App, or Unauthorized when the data is missing, not signed
    with this token, or older than `max_age`."""
    if not init_data:
        raise Unauthorized("missing")
    if len(init_data) > MAX_INIT_DATA:
        raise Unauthorized("too long")
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise Unauthorized("unreadable") from None
    fields = dict(pairs)
    given = fields.get("hash", "")
    if len(fields) != len(pairs) or not given:
        raise Unauthorized("unreadable")
    expected = hmac.new(secret_key(token), _check_string(fields).encode(), hashlib.sha256)
    if not hmac.compare_digest(expected.hexdigest(), given.lower()):
        raise Unauthorized("bad signature")
    try:
        signed_at = datetime.fromtimestamp(int(fields.get("auth_date", "")), UTC)
        user = json.loads(fields["user"])
        user_id = int(user["id"])
    except (KeyError, ValueError, TypeError, OverflowError, OSError):
        raise Unauthorized("no user") from None
    if not isinstance(user, dict) or user_id <= 0:
        raise Unauthorized("no user")
    if now - signed_at > max_age:
        raise Unauthorized("expired")
    if signed_at - now > FUTURE_SLACK:
        raise Unauthorized("from the future")
    language = user.get("language_code")
    return WebUser(
        user_id,
        str(user.get("first_name") or "")[:64],
        language if isinstance(language, str) else None,
        signed_at,
    )
