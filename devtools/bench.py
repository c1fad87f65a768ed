"""`make bench`: every benchmark, one table.

Each benchmark module runs in its own interpreter (``python -m devtools.<module> --rows``, so a cold
start is cold and one module's moto world does not leak into the next); besides its own tables it
prints one ``ROW {json}`` line per figure: what was measured, the value, the goal of issue 17 it is
held to, and whether the goal is met. This collects those lines and prints them as one table, with
the machine it ran on. The modules' full output goes to build/bench/<module>.log. Asserts nothing.

    python -m devtools.bench [--only coldstart,calls] [--quick] [--from-logs]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROW_PREFIX = "ROW "
# In the order the table shows them, with their arguments; `--quick` passes smaller sizes to the slow ones.
BENCHMARKS = {
    "coldstart": ["--package"],  # builds the dev stage's package to weigh it (a few minutes)
    "calls": [],
    "jobs": [],
    "cost": [],
    "sweep": [],
    "compliance": [],
    "routing": [],
}
QUICK_ARGUMENTS = {"sweep": ["--sizes", "1000,10000"], "compliance": ["--sizes", "1000,10000"],
                   "cost": ["--lifecycles", "10"]}
LOG_DIRECTORY = Path("build") / "bench"


def row(figure: str, value, goal: str = "", met: bool | None = None) -> None:
    """Print one figure for the combined table (benchmark modules call this under ``--rows``)."""
    print(ROW_PREFIX + json.dumps({"figure": figure, "value": str(value), "goal": goal, "met": met},
                                  ensure_ascii=False), flush=True)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def run(name: str, quick: bool) -> tuple[list[dict], float, int]:
    arguments = [sys.executable, "-m", f"devtools.bench_{name}", "--rows", *BENCHMARKS[name]]
    if quick:
        arguments += QUICK_ARGUMENTS.get(name, [])
    LOG_DIRECTORY.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    rows = []
    with (LOG_DIRECTORY / f"{name}.log").open("w") as log:
        process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in process.stdout:
            log.write(line)
            if line.startswith(ROW_PREFIX):
                rows.append(json.loads(line[len(ROW_PREFIX):]))
        status = process.wait()
    return rows, time.perf_counter() - started, status


def from_log(name: str) -> tuple[list[dict], float, int]:
    """The figures of the last run of ``name``, read back from its log (status 1 if it has none)."""
    path = LOG_DIRECTORY / f"{name}.log"
    if not path.exists():
        return [], 0.0, 1
    rows = [json.loads(line[len(ROW_PREFIX):]) for line in path.read_text().splitlines()
            if line.startswith(ROW_PREFIX)]
    return rows, 0.0, 0


def verdict(met) -> str:
    return {True: "met", False: "MISSED", None: ""}[met]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated benchmarks: " + ",".join(BENCHMARKS))
    parser.add_argument("--quick", action="store_true", help="smaller worlds for the slow benchmarks")
    parser.add_argument("--from-logs", action="store_true", help="print the table of the last runs' logs, run nothing")
    arguments = parser.parse_args()
    chosen = [name.strip() for name in arguments.only.split(",") if name.strip()] or list(BENCHMARKS)
    unknown = [name for name in chosen if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    results = []
    for name in chosen:
        if arguments.from_logs:
            results.append((name, *from_log(name)[::2]))
            continue
        print(f"running bench_{name}…", flush=True)
        rows, seconds, status = run(name, arguments.quick)
        note = "" if status == 0 else f" (exit {status}; see {LOG_DIRECTORY / name}.log)"
        print(f"  {len(rows)} figures in {seconds:.0f} s{note}", flush=True)
        results.append((name, rows, status))
    print(f"\nAduan benchmarks, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, on {machine()}; "
          "AWS is moto in-process, so calls and units are exact and times are stand-ins.\n")
    widths = (11, 58, 22, 26)
    print(f"{'benchmark':<{widths[0]}} {'figure':<{widths[1]}} {'value':>{widths[2]}}  {'goal':<{widths[3]}} verdict")
    print("-" * (sum(widths) + 12))
    for name, rows, status in results:
        if status != 0 and not rows:
            print(f"{name:<{widths[0]}} {'(failed: see ' + str(LOG_DIRECTORY / name) + '.log)':<{widths[1]}}")
        for figure in rows:
            print(f"{name:<{widths[0]}} {figure['figure']:<{widths[1]}} {figure['value']:>{widths[2]}}  "
                  f"{figure['goal']:<{widths[3]}} {verdict(figure['met'])}")
    missed = sum(1 for _, rows, _ in results for figure in rows if figure["met"] is False)
    failed = [name for name, _, status in results if status != 0]
    print(f"\n{missed} goal(s) missed" + (f"; failed: {', '.join(failed)}" if failed else ""))


if __name__ == "__main__":
    main()
