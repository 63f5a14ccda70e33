"""`python -m bot`: migrate, then run the bot (polling or webhook), or the local sandbox.

python -m bot            run; with no BOT_TOKEN set, the sandbox
python -m bot sandbox    chat with the bot in this terminal against a local Bot API fake
python -m bot migrate    only apply database migrations
python -m bot backup F   a consistent copy of the SQLite database, taken while it runs
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
from pathlib import Path

from bot.app import build_application
from bot.config import get_settings
from bot.logs import setup_logging
from bot.runner import run
from bot.storage.backup import backup
from bot.storage.migrate import upgrade

log = logging.getLogger("bot")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__.splitlines()[0])
    parser.add_argument(
        "command", nargs="?", choices=["run", "sandbox", "migrate", "backup"], default="run"
    )
    parser.add_argument("path", nargs="?", type=Path, help="where `backup` writes the copy")
    args = parser.parse_args(argv)
    settings = get_settings()
    if args.command == "backup":
        if args.path is None:
            parser.error("backup needs a file to write, e.g. python -m bot backup backup.db")
        try:
            size = backup(settings.database_url, args.path)
        except (ValueError, FileNotFoundError) as error:
            parser.exit(2, f"backup failed: {error}\n")
        print(f"backed up {size} bytes to {args.path}")
        return
    token = settings.bot_token.get_secret_value() if settings.bot_token else None
    if args.command == "sandbox" or (args.command == "run" and token is None):
        from bot.sandbox import SANDBOX_DATABASE_URL, chat

        # The terminal is the chat: only warnings and worse go to the log.
        level = "WARNING" if settings.log_level.upper() == "INFO" else settings.log_level
        setup_logging(level, None)
        if "DATABASE_URL" not in os.environ:
            settings = settings.model_copy(update={"database_url": SANDBOX_DATABASE_URL})
        asyncio.run(chat(settings))
        return
    setup_logging(settings.log_level, token)
    upgrade(settings.database_url)
    if args.command == "migrate":
        return
    log.info("starting (%s)", "webhook" if settings.webhook_url else "long polling")
    asyncio.run(run(build_application(settings), settings))
    log.info("stopped")


if __name__ == "__main__":
    main()
