"""`python -m bot`: check, migrate, then run the bot (polling or webhook), or the local sandbox.

python -m bot            run; with no BOT_TOKEN, the sandbox on a terminal and a refusal elsewhere
python -m bot check      check the settings, the database and the Bot API; say what run would do
python -m bot sandbox    chat with the bot in this terminal against a local Bot API fake
python -m bot migrate    only apply database migrations
python -m bot backup F   a consistent copy of the SQLite database, taken while it runs
python -m bot health     ask the running bot's /healthz (METRICS_PORT), for container health checks
python -m bot copy-to U  copy the database (DATABASE_URL) into an empty PostgreSQL database at U
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import urllib.error
import urllib.request
from pathlib import Path

# Only light imports here: `health` runs every 30 s in a container and must start fast.
from bot.config import Refusal, Settings, load_settings

log = logging.getLogger("bot")
COMMANDS = ["run", "check", "sandbox", "migrate", "backup", "health", "copy-to"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", choices=COMMANDS, default="run")
    parser.add_argument(
        "target", nargs="?", help="the file `backup` writes, the database URL `copy-to` fills"
    )
    args = parser.parse_args(argv)
    if args.command == "backup" and args.target is None:
        parser.error("backup needs a file to write, e.g. python -m bot backup backup.db")
    if args.command == "copy-to" and args.target is None:
        parser.error("copy-to needs a URL, e.g. postgresql+asyncpg://user:password@host/db")
    try:
        _command(args.command, args.target)
    except Refusal as refusal:
        print(f"strongstreak: {refusal.line}", file=sys.stderr, flush=True)
        sys.exit(refusal.code)


def _command(command: str, target: str | None) -> None:
    settings = load_settings()
    if command == "run" and settings.bot_token is None and sys.stdin.isatty():
        command = "sandbox"  # someone trying the bot at a terminal
    if command == "health":
        print(_health(settings))
    elif command == "sandbox":
        _sandbox(settings)
    elif command == "backup":
        assert target is not None
        _backup(settings, Path(target))
    elif command == "copy-to":
        assert target is not None
        _copy_to(settings, target)
    elif command == "check":
        from bot.preflight import check_settings

        check_settings(settings)
        for line in asyncio.run(_check(settings)):
            print(line)
    else:
        _migrate_and_run(settings, run=command == "run")


def _migrate_and_run(settings: Settings, *, run: bool) -> None:
    from bot.logs import setup_logging
    from bot.preflight import check_settings

    if run:
        check_settings(settings)
    token = settings.bot_token.get_secret_value() if settings.bot_token else None
    setup_logging(settings.log_level, token, settings.log_format)
    asyncio.run(_reachable(settings, bot_api=run))
    _upgrade(settings.database_url)
    if run:
        _run(settings)


def _upgrade(database_url: str) -> None:
    """Bring the schema to head, or refuse in one line. On PostgreSQL, processes started
    together take turns (`bot.storage.migrate.take_turn`); the later ones find nothing to do."""
    from alembic.util import CommandError

    from bot.preflight import safe_database_url
    from bot.storage.migrate import upgrade

    shown = safe_database_url(database_url)
    try:
        upgrade(database_url)
    except CommandError as error:
        line = f"cannot migrate the database {shown}: {_first_line(error)}"
        if "Can't locate revision" in line:
            line += " (a newer version of strongstreak migrated it: run that one)"
        raise Refusal(line) from None
    except Exception as error:  # any driver's failure mid-migration: connection lost, denied...
        reason = _first_line(getattr(error, "orig", None) or error)
        raise Refusal(f"cannot migrate the database {shown}: {reason}") from None


def _first_line(error: BaseException) -> str:
    words = str(error).strip().splitlines()
    return (words[0] if words else type(error).__name__)[:300]


def _backup(settings: Settings, path: Path) -> None:
    from bot.storage.backup import backup

    try:
        size = backup(settings.database_url, path)
    except (ValueError, FileNotFoundError) as error:
        raise Refusal(f"backup failed: {error}") from None
    print(f"backed up {size} bytes to {path}")


async def _check(settings: Settings) -> list[str]:
    from bot.preflight import plan, reach_bot_api, reach_database

    state = await reach_database(settings.database_url)
    username = await reach_bot_api(settings)
    return [*plan(settings, state, username), "ok"]


async def _reachable(settings: Settings, *, bot_api: bool) -> None:
    """Refuse before migrating if the database, or the Bot API with this token, says no."""
    from bot.preflight import reach_bot_api, reach_database

    await reach_database(settings.database_url)
    if bot_api:
        await reach_bot_api(settings)


def _run(settings: Settings) -> None:
    from telegram.error import TelegramError

    from bot.preflight import explain
    from bot.telegram.app import build_application
    from bot.telegram.polling import run

    log.info("starting (%s)", "webhook" if settings.webhook_url else "long polling")
    try:
        asyncio.run(run(build_application(settings), settings))
    except TelegramError as error:
        line = explain(error, settings)
        if line is None:
            raise
        raise Refusal(line) from None
    log.info("stopped")


def _copy_to(settings: Settings, target: str) -> None:
    from bot.logs import setup_logging
    from bot.preflight import reach_database, safe_database_url
    from bot.storage.copy import CopyRefused, copy_database

    setup_logging("WARNING", None)
    shown = safe_database_url(target)
    for url in (settings.database_url, target):
        asyncio.run(reach_database(url))
        _upgrade(url)
    try:
        copied = asyncio.run(copy_database(settings.database_url, target))
    except CopyRefused as error:
        raise Refusal(f"copy-to refused: {error}") from None
    for table, rows in copied.rows.items():
        print(f"{table}: {rows} rows")
    for sequence, next_id in copied.sequences.items():
        print(f"{sequence}: next id {next_id}")
    print(f"copied {sum(copied.rows.values())} rows into {shown}; row counts match")


def _sandbox(settings: Settings) -> None:
    from bot.logs import setup_logging
    from bot.sandbox import SANDBOX_DATABASE_URL, chat

    # The terminal is the chat: only warnings and worse go to the log.
    level = "WARNING" if settings.log_level.upper() == "INFO" else settings.log_level
    setup_logging(level, None)
    # Never the operator's database: the sandbox's runners and updates are made up.
    settings = settings.model_copy(update={"database_url": SANDBOX_DATABASE_URL})
    asyncio.run(chat(settings))


def _health(settings: Settings) -> str:
    """The running bot's /healthz answer, or a Refusal (a non-zero exit) if it is not healthy."""
    if settings.metrics_port is None:
        raise Refusal("METRICS_PORT is not set, so there is no /healthz to ask", code=2)
    host = settings.metrics_host
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    url = f"http://{host}:{settings.metrics_port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return str(answer.read().decode()).strip()
    except urllib.error.HTTPError as error:
        raise Refusal(f"unhealthy: {error.read().decode().strip()}") from None
    except OSError as error:
        raise Refusal(f"no answer from {url}: {error}") from None


if __name__ == "__main__":
    main()
