"""The benchmark harness runs end to end on a tiny workload (no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_benchmarks_run_and_write_their_figures(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert "stats_p95_ms" in result.stdout
    figures = json.loads(output.read_text())
    assert set(figures) == {"history_sessions", "streaks_compute_p95_ms", "stats_p95_ms"}
    assert figures["history_sessions"] > 50
