"""The sandbox as a newcomer starts it: a subprocess fed lines on standard input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_sandbox_answers_done_kettlebell_15(tmp_path: Path) -> None:
    operator_db = tmp_path / "production.db"
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "sandbox"],
        input="/done kettlebell 15\n1\n/history\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite+aiosqlite:///{operator_db}"},
        timeout=90,
        check=True,
    )
    out = result.stdout
    assert "sandbox" in out
    assert "✅ Logged kettlebell 15 min" in out
    assert "[1] ↩️ Undo" in out
    assert "Removed kettlebell 15 min" in out, "typing 1 pressed the Undo button"
    assert "No sessions yet" in out
    assert (tmp_path / "data" / "sandbox.db").exists()
    assert not operator_db.exists(), "the sandbox never opens DATABASE_URL's database"
