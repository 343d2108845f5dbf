"""Time `reconcile run` on generated dumps: entries per second and peak memory.

usage: python bench/run.py [--entries 10000 100000] [--sources 10]

Generates each folder with bench/generate.py (kept under bench/out/), runs the CLI in a
child process (JSON report only, so rendering does not dominate) and reads the child's
peak resident memory from getrusage.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(n: int, sources: int) -> dict[str, float]:
    folder = HERE / "out" / f"n{n}"
    if not (folder / "truth.json").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(folder), "--entries", str(n),
                        "--sources", str(sources)], check=True)
    report_dir = HERE / "out" / f"report{n}"
    code = ("import resource, sys, time\nfrom reconcile.cli import main\n"
            "t = time.perf_counter()\nrc = main(sys.argv[1:])\n"
            "print('BENCH', time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, "run", str(folder), "--out", str(report_dir),
                          "--format", "json", "--quiet"], capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t0
    secs, rss_kb = next(l for l in out.stdout.splitlines() if l.startswith("BENCH")).split()[1:]
    report = json.loads((report_dir / "report.json").read_text())
    entries = len(report["entries"])
    precision, recall = _pairwise(report, json.loads((folder / "truth.json").read_text()))
    return {"entries": entries, "seconds": round(float(secs), 2), "wall_seconds": round(wall, 2),
            "entries_per_second": round(entries / float(secs)), "peak_mb": round(int(rss_kb) / 1024),
            "events": len(report["events"]), "precision": precision, "recall": recall}


def _pairwise(report: dict, truth: dict) -> tuple[float, float]:
    """Cross-source same-event pairs against the generator's truth (entries matched by file,
    headline and UTC time)."""
    import itertools

    event_of = {(f, headline, t): ev for f, rows in truth.items() for t, headline, ev in rows}
    entry_event = {e["id"]: event_of.get((e["file"], e["headline"], e["time"])) for e in report["entries"]}
    file_of = {e["id"]: e["file"] for e in report["entries"]}
    predicted = set()
    for ev in report["events"]:
        for a, b in itertools.combinations(sorted(ev["entries"]), 2):
            if file_of[a] != file_of[b]:
                predicted.add((a, b))
    by_event: dict[int, list[str]] = {}
    for eid, ev in entry_event.items():
        if ev is not None:
            by_event.setdefault(ev, []).append(eid)
    truth_pairs = {(a, b) for ids in by_event.values() for a, b in itertools.combinations(sorted(ids), 2)
                   if file_of[a] != file_of[b]}
    hits = len(predicted & truth_pairs)
    return (round(hits / len(predicted), 3) if predicted else 0.0,
            round(hits / len(truth_pairs), 3) if truth_pairs else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--sources", type=int, default=10)
    a = ap.parse_args()
    print(f"{'entries':>8} {'seconds':>8} {'entries/s':>10} {'peak MB':>8} {'events':>8} {'pair P':>7} {'pair R':>7}")
    for n in a.entries:
        m = measure(n, a.sources)
        print(f"{m['entries']:>8} {m['seconds']:>8} {m['entries_per_second']:>10} {m['peak_mb']:>8} {m['events']:>8}"
              f" {m['precision']:>7} {m['recall']:>7}")


if __name__ == "__main__":
    main()
