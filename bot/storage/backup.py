"""A consistent online copy of the SQLite database, taken while the bot keeps running."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from bot.config import sqlite_path


def backup(database_url: str, target: Path) -> int:
    """Copy the live database to `target` with SQLite's backup API; returns the size in bytes."""
    source = sqlite_path(database_url)
    if source is None:
        raise ValueError("backup copies SQLite files; for PostgreSQL use pg_dump")
    if not source.exists():
        raise FileNotFoundError(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with (
        closing(sqlite3.connect(source, timeout=30)) as live,
        closing(sqlite3.connect(partial)) as copy,
    ):
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    partial.replace(target)
    return target.stat().st_size
