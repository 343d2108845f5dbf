"""Time `reconcile run` on generated dumps: entries per second, peak memory and accuracy.

usage: python bench/run.py [--entries 10000 100000] [--outlets 12]

Generates each folder with bench/generate.py (kept under bench/out/), runs the CLI in a
child process (JSON report only, so rendering does not dominate), reads the child's peak
resident memory from getrusage and scores the report with bench/score_synthetic.py
(cross-outlet pairwise precision and recall against the generator's truth).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from score_synthetic import score

HERE = Path(__file__).resolve().parent


def measure(n: int, outlets: int) -> dict[str, float]:
    folder = HERE / "out" / f"n{n}-o{outlets}"
    if not (folder / "meta.json").exists():  # written last: the corpus is complete
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(folder), "--entries", str(n),
                        "--outlets", str(outlets), "--overwrite"], check=True)
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
    scores = score(folder, report)
    return {"entries": entries, "seconds": round(float(secs), 2), "wall_seconds": round(wall, 2),
            "entries_per_second": round(entries / float(secs)), "peak_mb": round(int(rss_kb) / 1024),
            "events": len(report["events"]), "precision": scores["precision"], "recall": scores["recall"]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--outlets", type=int, default=12)
    a = ap.parse_args()
    print(f"{'entries':>8} {'seconds':>8} {'entries/s':>10} {'peak MB':>8} {'events':>8} {'pair P':>7} {'pair R':>7}")
    for n in a.entries:
        m = measure(n, a.outlets)
        print(f"{m['entries']:>8} {m['seconds']:>8} {m['entries_per_second']:>10} {m['peak_mb']:>8} {m['events']:>8}"
              f" {m['precision']:>7} {m['recall']:>7}")


if __name__ == "__main__":
    main()
