"""Copies of the migrated template databases the fixtures in `conftest.py` build once per run."""

from __future__ import annotations

import shutil
from pathlib import Path


def migrated_sqlite_url(template: Path, path: Path) -> str:
    """A SQLite URL for a fresh copy of the migrated template at `path`."""
    shutil.copyfile(template, path)
    return f"sqlite+aiosqlite:///{path}"
