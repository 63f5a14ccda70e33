"""Build hook: the wheel carries the top-level alembic.ini and migrations/ as `bot/_alembic/`.

The top-level copies stay the ones people edit and the `alembic` command reads; an installed
wheel finds its copies through importlib.resources (see bot/storage/migrate.py), so
`python -m bot migrate` works from any working directory. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithMigrations(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads them from the checkout itself
            return
        target = Path(self.build_lib, "bot", "_alembic")
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "alembic.ini", target / "alembic.ini")
        shutil.copytree(
            ROOT / "migrations",
            target / "migrations",
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            dirs_exist_ok=True,
        )


setup(cmdclass={"build_py": BuildPyWithMigrations})
