"""`make bench`: run every benchmark, print one table, write bench/results.json."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

from bench import fanout, network, parse, scale, stats, throughput, webapp, worst

RESULTS = Path(__file__).with_name("results.json")
MODULES = {
    "throughput": throughput,
    "network": network,
    "fanout": fanout,
    "scale": scale,
    "stats": stats,
    "worst": worst,
    "webapp": webapp,
    "parse": parse,
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="a tiny workload (harness check)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--only", action="append", choices=sorted(MODULES), help="run only these benchmarks"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    rows = []
    for name, module in MODULES.items():
        if args.only is None or name in args.only:
            began = time.perf_counter()
            rows += asyncio.run(module.run_bench(quick=args.quick))
            print(f"{name}: {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    rows.append(("bench_seconds", time.perf_counter() - started, "< 300 for the whole run"))
    width = max(len(key) for key, _, _ in rows)
    print(f"{'key':<{width}}  {'value':>10}  goal")
    for key, value, goal in rows:
        print(f"{key:<{width}}  {value:>10.3f}  {goal}")
    args.output.write_text(json.dumps({key: round(value, 3) for key, value, _ in rows}, indent=2))


if __name__ == "__main__":
    main()
