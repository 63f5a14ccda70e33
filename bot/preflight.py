"""What is checked before the bot starts: settings, the database, the Bot API.

Each problem becomes one line an operator can act on (a `Refusal`), printed instead of a
traceback and never with the token in it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from telegram import Bot
from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError

from bot.config import Refusal, Settings
from bot.logs import redact
from bot.storage.db import create_engine
from bot.storage.migrate import alembic_config

DATABASE_TIMEOUT_S = 10.0
__all__ = ["Refusal", "check_settings", "explain", "plan", "reach_bot_api", "reach_database"]


def check_settings(settings: Settings) -> None:
    """Settings that cannot work, whatever the network says."""
    if settings.bot_token is None:
        raise Refusal(
            "BOT_TOKEN is not set: get one from @BotFather and set BOT_TOKEN "
            "(or run `python -m bot sandbox` to try the bot locally)",
            code=2,
        )
    if settings.webhook_url is not None and not settings.webhook_url.startswith("https://"):
        raise Refusal(
            "WEBHOOK_URL must start with https:// (Telegram sends updates only over HTTPS)",
            code=2,
        )
    if settings.webapp_url is not None and not settings.webapp_url.startswith("https://"):
        raise Refusal(
            "WEBAPP_URL must start with https:// (Telegram opens Mini Apps only over HTTPS)",
            code=2,
        )
    if settings.webapp_url is not None and settings.webapp_port is None:
        raise Refusal(
            "WEBAPP_URL is set but WEBAPP_PORT is not: say which port serves the Mini App",
            code=2,
        )
    safe_database_url(settings.database_url)


def safe_database_url(url: str) -> str:
    """The URL with its password hidden; a Refusal if it is not a database URL we can use."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise Refusal(
            "DATABASE_URL is not a database URL: expected e.g. sqlite+aiosqlite:///data/bot.db "
            "or postgresql+asyncpg://user:password@host:5432/db",
            code=2,
        ) from None
    try:
        usable = getattr(parsed.get_dialect(), "is_async", False)
    except NoSuchModuleError:
        usable = False
    if not usable:
        raise Refusal(
            f"DATABASE_URL names a driver this bot cannot use ({parsed.drivername}): "
            "use sqlite+aiosqlite:// or postgresql+asyncpg://",
            code=2,
        )
    return parsed.render_as_string(hide_password=True)


@dataclass(frozen=True)
class DatabaseState:
    current: str | None
    head: str | None


async def reach_database(url: str, timeout: float = DATABASE_TIMEOUT_S) -> DatabaseState:
    """Connect, run a query and read the schema's revision; a Refusal if any of it fails."""
    shown = safe_database_url(url)
    try:
        engine = create_engine(url)
    except OSError as error:
        raise Refusal(f"cannot open the database {shown}: {_reason(error)}") from None
    try:
        async with asyncio.timeout(timeout), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            current = await connection.run_sync(_revision)
    except TimeoutError:
        raise Refusal(f"cannot reach the database {shown}: no answer in {timeout:.0f} s") from None
    except Exception as error:  # any driver's failure: refused, unknown host, bad password...
        raise Refusal(f"cannot reach the database {shown}: {_reason(error)}") from None
    finally:
        await engine.dispose()
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    return DatabaseState(current, head)


def _revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _reason(error: BaseException) -> str:
    """The driver's own words, on one line, without SQLAlchemy's background link."""
    original = getattr(error, "orig", None) or error
    words = str(original).strip().splitlines()
    return (words[0] if words else type(original).__name__)[:300]


async def reach_bot_api(settings: Settings) -> str:
    """getMe: the bot's @username, or a Refusal."""
    assert settings.bot_token is not None
    bot = Bot(
        settings.bot_token.get_secret_value(),
        base_url=f"{settings.api_root}/bot",
        base_file_url=f"{settings.api_root}/file/bot",
    )
    try:
        async with bot:
            return bot.username
    except TelegramError as error:
        raise Refusal(explain(error, settings) or "the Bot API refused getMe") from None


def explain(error: BaseException, settings: Settings) -> str | None:
    """One line for the errors that mean "this cannot run as configured"; None for others."""
    token = settings.bot_token.get_secret_value() if settings.bot_token else None
    if isinstance(error, InvalidToken):
        return (
            "Telegram rejected BOT_TOKEN (401 Unauthorized): copy the token from @BotFather "
            "again, or /revoke it there and use the new one"
        )
    if isinstance(error, Conflict):
        return redact(
            "another process is receiving updates for this bot (409 Conflict: "
            f"{error.message}); stop it, or give this one its own token",
            token,
        )
    if isinstance(error, NetworkError):
        return redact(f"cannot reach the Bot API at {settings.api_root}: {error.message}", token)
    return None


def plan(settings: Settings, state: DatabaseState, username: str) -> list[str]:
    """What `run` would do with these settings, one line each."""
    if state.current == state.head:
        schema = f"the database schema is up to date ({state.head})"
    else:
        schema = f"would migrate the database from {state.current or 'empty'} to {state.head}"
    if settings.webhook_url:
        receive = (
            f"would receive updates by webhook at {settings.webhook_url}, listening on "
            f"{settings.webhook_listen}:{settings.webhook_port}"
        )
    else:
        receive = "would receive updates by long polling"
    lines = [
        f"database: {safe_database_url(settings.database_url)}",
        schema,
        f"Bot API: {settings.api_root} answers as @{username}",
        receive,
    ]
    if settings.metrics_port is not None:
        lines.append(
            f"would serve /healthz and /metrics on {settings.metrics_host}:{settings.metrics_port}"
        )
    if settings.webapp_port is not None:
        lines.append(
            f"would serve the Mini App on {settings.webapp_host}:{settings.webapp_port}"
            + (f" (opened as {settings.webapp_url})" if settings.webapp_url else "")
        )
    return lines
