"""The benchmark harness runs end to end on a tiny workload (no timing is asserted). The
benchmarks run in two processes side by side, not one each: a process spends nearly two seconds
of CPU importing the bot before its first benchmark starts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FIGURES = {
    "throughput": {"done_vs_echo_ratio", "done_p99_ms", "done_year_vs_echo_ratio"},
    "network": {"done_rtt100_vs_budget", "done_rtt300_vs_budget", "rush_press_p95_ms",
                "hol_p95_ms", "longest_write_ms"},
    "fanout": {"fanout_rate_ratio", "fanout_429s", "interactive_p95_ms_during_fanout",
               "fanout_sent_in_run"},
    "scale": {"dispatch_tick_ms_100k", "rss_mb_100k", "startup_s"},
    "stats": {"history_sessions", "stats_p95_ms", "chart_ms"},
    "parse": {"parse_p99_ms", "parse_worst_line_p99_ms", "parse_en_read_as_meant"},
    "worst": {"done_worst_runner_p99_ms", "rewards_worst_runner_p99_ms",
              "stats_worst_runner_p99_ms", "worst_runner_loop_block_ms"},
    "webapp": {"webapp_season_p99_ms", "webapp_page_kb", "webapp_first_render_ms",
               "done_vs_echo_ratio_with_webapp", "done_vs_echo_ratio_beside_webapp"},
}  # fmt: skip


# The network benchmark mostly waits on a Bot API that takes 100-300 ms to answer: the
# benchmarks that mostly wait go together, and every other one in the second process.
WAITING = ("network", "fanout", "throughput", "stats")
GROUPS = {
    "waiting": WAITING,
    "computing": tuple(name for name in FIGURES if name not in WAITING),
}


@pytest.mark.parametrize(
    "group",
    [pytest.param(name, marks=pytest.mark.slow(seconds=25)) for name in GROUPS],
)
def test_each_benchmark_runs_and_writes_its_figures(group: str, tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    only = [argument for name in GROUPS[group] for argument in ("--only", name)]
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", *only, "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=240, check=True,
    )  # fmt: skip
    figures = json.loads(output.read_text())
    for benchmark in GROUPS[group]:
        missing = FIGURES[benchmark] - set(figures)
        assert not missing, f"{benchmark} wrote no {sorted(missing)}"
        printed = [key for key in FIGURES[benchmark] if key not in result.stdout]
        assert not printed, f"{benchmark} printed no {printed}"
    if "stats" in GROUPS[group]:
        assert figures["history_sessions"] > 50
    if "fanout" in GROUPS[group]:
        assert figures["fanout_sent_in_run"] > 0
