"""Parsing throughput: ingest + parse + UTC times on one large generated dump (no linking).

usage: python bench/parse_throughput.py [--mb 100]

Writes bench/out/big.txt (a newest-first multi-day blog with boilerplate and embeds),
then reads it in a child process and prints MB/s and the child's peak memory.
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORDS = ("army drone talks summit grain port leaders minister troops border strike convoy aid sanctions "
         "bridge council ceasefire envoy harbour mayor officials said region capital statement").split()


def write_dump(path: Path, megabytes: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    t = datetime(2023, 7, 1, tzinfo=UTC) + timedelta(days=3000)
    day = None
    size = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("Live blog: the war, day by day\nAll times are GMT.\n")
        while size < megabytes * 1_000_000:
            t -= timedelta(minutes=rng.randint(3, 90))
            if t.date() != day:
                day = t.date()
                out.write(f"{day:%A} {day.day} {day:%B %Y}\n")
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60))).capitalize() + "."
            block = f"{t:%H%M} GMT — {' '.join(rng.sample(WORDS, 6)).capitalize()}\n{body}\n"
            if rng.random() < 0.05:
                block += "Advertising Read more\n"
            if rng.random() < 0.03:
                block += f"Posted pic.twitter.com/{rng.randint(1000, 9999)}\n— Someone (@someone) July 1, 2023\n"
            out.write(block)
            size += len(block)


CHILD = """
import resource, sys, time
from pathlib import Path
from reconcile.grammar import Grammar
from reconcile.ingest import read_document
from reconcile.parse import parse_document
from reconcile.rules import load_rules
from reconcile.times import normalise
rules = load_rules(); grammar = Grammar(rules)
path = Path(sys.argv[1])
t = time.perf_counter()
doc = read_document(path)
page = parse_document(doc, rules, grammar, None)
source, entries, notes = normalise(page, "big", "big", None, rules)
secs = time.perf_counter() - t
mb = path.stat().st_size / 1e6
print(f"{mb:.1f} MB, {len(entries)} entries, {len(page.skipped)} skipped lines, {secs:.1f} s, "
      f"{mb / secs:.2f} MB/s, peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=100)
    a = ap.parse_args()
    path = HERE / "out" / f"big{a.mb}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        write_dump(path, a.mb)
    subprocess.run([sys.executable, "-c", CHILD, str(path)], check=True)


if __name__ == "__main__":
    main()
