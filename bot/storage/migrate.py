"""Applying Alembic migrations from code, so `python -m bot` migrates before it starts.

On PostgreSQL, several processes may start together on one database (replicas behind a
webhook, a rolling deploy): each migrates inside a transaction that first takes an advisory
lock of its own (`take_turn`, called from migrations/env.py), so they migrate one after
another and the later ones find the schema at head. SQLite serves one process.
"""

from __future__ import annotations

import asyncio
import logging
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection

log = logging.getLogger(__name__)

# Any 64-bit number no other part of the database uses: "strongstreak migrations" (the
# dispatcher's lock in `leader.py` is another).
MIGRATION_LOCK_KEY = 0x5354_5245_414B_4D31


def alembic_root() -> Path:
    """The folder holding alembic.ini and migrations/: inside an installed wheel (setup.py
    copies them there as `bot/_alembic`), or the checkout itself for an editable install."""
    packaged = resources.files("bot") / "_alembic"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2]


def alembic_config(database_url: str) -> Config:
    # alembic.ini finds migrations/ beside itself (`%(here)s/migrations`).
    config = Config(str(alembic_root() / "alembic.ini"))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logger"] = False
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the schema up to `revision`; call outside a running event loop."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


async def upgrade_async(database_url: str, revision: str = "head") -> None:
    """The same from async code: Alembic's env runs its own loop, so it gets a thread."""
    await asyncio.to_thread(upgrade, database_url, revision)


def take_turn(connection: Connection) -> None:
    """Wait until no other process migrates this database, then keep it so until this
    transaction ends (a transaction-level lock: a commit, a rollback or a lost connection
    frees it). Called inside the migrations' transaction, before Alembic reads the revision."""
    if connection.dialect.name != "postgresql":
        return
    key = {"key": MIGRATION_LOCK_KEY}
    if not connection.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), key):
        log.info("another process is migrating the database; waiting for it to finish")
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), key)
