"""The benchmark harness runs end to end on a tiny workload (no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow(seconds=50)  # mostly waiting on a Bot API that takes 100-300 ms to answer
def test_the_benchmarks_run_and_write_their_figures(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=240, check=True,
    )  # fmt: skip
    figures = json.loads(output.read_text())
    expected = {
        "done_vs_echo_ratio", "done_p99_ms", "fanout_rate_ratio", "fanout_429s",
        "interactive_p95_ms_during_fanout", "stats_p95_ms", "chart_ms",
        "dispatch_tick_ms_100k", "rss_mb_100k", "startup_s", "done_year_vs_echo_ratio",
        "done_worst_runner_p99_ms", "rewards_worst_runner_p99_ms", "stats_worst_runner_p99_ms",
        "worst_runner_loop_block_ms",
    }  # fmt: skip
    assert expected <= set(figures)
    assert all(key in result.stdout for key in expected)
    assert figures["history_sessions"] > 50 and figures["fanout_sent_in_run"] > 0
