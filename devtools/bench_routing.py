"""`make bench-routing`: how well topic suggestions match a labelled set, and how fast they are.

Reads ``tests/data/routing_eval/tuning.jsonl`` (the part the vocabulary was tuned on) and
``held_out.jsonl`` (never looked at while tuning); prints, for each part and both together:
top-1 and top-3 accuracy at top level (a subtopic suggestion counts for its parent) and at
subtopic level (items with a subtopic label only), and a table of confidence thresholds: the
share of items whose best score reaches it and the top-1 top-level accuracy among them, which
decides the auto-routing threshold. Then latency: importing the module, the first call (which
loads the vocabulary), a warm call's median and p99, a 5,000-character description, and the
vocabulary file's size. Prints aggregate figures only, never single items (the held-out part
must not steer tuning). Asserts nothing.

    python -m devtools.bench_routing [--data tests/data/routing_eval]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "routing_eval"
PARTS = ("tuning", "held_out")
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _evaluate(items: list[dict]) -> dict:
    from chalicelib.domain.suggestion import suggest_topics

    rows = []
    for item in items:
        matches = suggest_topics(item.get("title") or "", item.get("description") or "", limit=5)
        ids = [m.topic_id for m in matches]
        tops = [topic_id.split(".", 1)[0] for topic_id in ids]
        rows.append({
            "best": matches[0].score if matches else 0.0,
            "top1": bool(tops) and tops[0] == item["topic"],
            "top3": item["topic"] in tops[:3],
            "sub": item.get("subtopic"),
            "sub1": bool(ids) and ids[0] == item.get("subtopic"),
            "sub3": item.get("subtopic") in ids[:3],
        })
    return {"rows": rows}


def _pct(numerator: int, denominator: int) -> str:
    return f"{100 * numerator / denominator:5.1f}%" if denominator else "    -"


def _report(name: str, rows: list[dict]) -> None:
    n = len(rows)
    with_sub = [r for r in rows if r["sub"]]
    print(f"\n{name}: {n} items ({len(with_sub)} with a subtopic label)")
    print(f"  top level: top-1 {_pct(sum(r['top1'] for r in rows), n)}   "
          f"top-3 {_pct(sum(r['top3'] for r in rows), n)}")
    print(f"  subtopic:  top-1 {_pct(sum(r['sub1'] for r in with_sub), len(with_sub))}   "
          f"top-3 {_pct(sum(r['sub3'] for r in with_sub), len(with_sub))}")
    print(f"  no suggestion at all: {_pct(sum(1 for r in rows if r['best'] == 0.0), n)}")
    print("  best score >= t | share of items | top-1 top-level accuracy among them")
    for threshold in THRESHOLDS:
        kept = [r for r in rows if r["best"] >= threshold]
        print(f"  {threshold:15.1f} | {_pct(len(kept), n):>14} | "
              f"{_pct(sum(r['top1'] for r in kept), len(kept)):>6} ({len(kept)})")


def _cold_start() -> tuple[float, float]:
    """Seconds to import the module, then to make the first call (which loads and indexes the
    vocabulary), in a fresh interpreter: what a cold Lambda pays."""
    # The standard library modules it uses are loaded first: any handler has loaded them already.
    code = ("import json, re, math, threading, unicodedata, dataclasses, functools, pathlib, collections; "
            "import time; t = time.perf_counter(); import chalicelib.domain.suggestion as s; "
            "u = time.perf_counter(); s.suggest_topics('Jalan berlubang', 'Jalan berlubang di depan SD'); "
            "print(u - t, time.perf_counter() - u)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    imported, first = out.stdout.split()
    return float(imported), float(first)


def _latency(items: list[dict]) -> None:
    from chalicelib.domain import suggestion

    cold = [_cold_start() for _ in range(5)]
    imported = statistics.median(i for i, _ in cold)
    first = statistics.median(f for _, f in cold)
    texts = [(i.get("title") or "", i.get("description") or "") for i in items] or [("jalan", "rusak")]
    # A long description: the set's texts one after another up to 5,000 characters.
    long_text = " ".join(d for _, d in texts)
    while len(long_text) < 5000:
        long_text += " " + long_text
    long_text = long_text[:5000]
    timings = []
    for _ in range(3):
        for title, description in texts:
            started = time.perf_counter()
            suggestion.suggest_topics(title, description)
            timings.append(time.perf_counter() - started)
    timings.sort()
    long_timings = []
    for n in range(50):
        text = long_text[n:] + long_text[:n]  # not the same text twice: no help from caches of whole texts
        started = time.perf_counter()
        suggestion.suggest_topics("", text)
        long_timings.append(time.perf_counter() - started)
    long_timings.sort()
    size = suggestion.VOCABULARY_PATH.stat().st_size
    print("\nlatency")
    print(f"  import, fresh interpreter with the standard library loaded (median of 5): "
          f"{imported * 1000:7.2f} ms")
    print(f"  first call, fresh interpreter (loads and indexes the vocabulary): {first * 1000:7.2f} ms")
    print(f"  warm call, the set's texts: median {statistics.median(timings) * 1000:.3f} ms, "
          f"p99 {timings[int(0.99 * (len(timings) - 1))] * 1000:.3f} ms ({len(timings)} calls)")
    print(f"  warm call, 5,000-character description: "
          f"median {statistics.median(long_timings) * 1000:.2f} ms, "
          f"p99 {long_timings[int(0.99 * (len(long_timings) - 1))] * 1000:.2f} ms")
    print(f"  vocabulary file: {size:,} bytes ({suggestion.VOCABULARY_PATH.name})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--rows", action="store_true", help="also print the figures for `make bench`")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    all_rows: list[dict] = []
    all_items: list[dict] = []
    for part in PARTS:
        path = args.data / f"{part}.jsonl"
        if not path.exists():
            print(f"\n{part}: {path} not found")
            continue
        items = _load(path)
        rows = _evaluate(items)["rows"]
        _report(part, rows)
        if args.rows:
            from devtools.bench import row

            row(f"topic suggestion top-3 accuracy, {part} set", _pct(sum(r["top3"] for r in rows), len(rows)).strip())
        all_rows += rows
        all_items += items
    if all_rows:
        _report("together", all_rows)
    _latency(all_items)
    return 0


if __name__ == "__main__":
    sys.exit(main())
