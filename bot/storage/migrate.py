"""Applying Alembic migrations from code, so `python -m bot` migrates before it starts."""

from __future__ import annotations

import asyncio
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config


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
