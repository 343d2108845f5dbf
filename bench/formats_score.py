#!/usr/bin/env python3
"""Score the parser on the layout dumps in tests/data/formats (anchor-style sidecars):
per file, how many expected entries were found as their own entry, how many times are
right, and how many are WRONG (a time where none can be known, or a different one).

    python bench/formats_score.py [--dir tests/data/formats] [-v]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from reconcile.pipeline import read_sources
from reconcile.rules import load_rules
from reconcile.times import ClockOptions

QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", (s or "").translate(QUOTES)).strip()


def score(dump: Path, rules, verbose: bool) -> dict[str, int]:
    want = json.loads(dump.with_suffix(".expected.json").read_text())
    _, entries, _, _ = read_sources([dump], rules, ClockOptions())
    texts = [norm(" ".join([e.headline, e.body, *e.embeds])) for e in entries]
    out = dict(expected=len(want["entries"]), own=0, got=len(entries), timed=0, right=0, wrong=0, missing=0)
    used: set[int] = set()
    for w in want["entries"]:
        a = norm(w["anchor"])
        hits = [i for i, t in enumerate(texts) if a in t]
        if not hits:
            if verbose:
                print(f"   not found: {w['anchor'][:60]}")
            continue
        i = min(hits, key=lambda i: len(texts[i]))
        if i not in used:
            out["own"] += 1
            used.add(i)
        e = entries[i]
        got = e.time.strftime("%Y-%m-%dT%H:%M:%SZ") if e.time else None
        if "utc" in w:
            out["timed"] += 1
            if got == w["utc"]:
                out["right"] += 1
            elif got is None:
                out["missing"] += 1
                if verbose:
                    print(f"   no time: {w['anchor'][:50]} want {w['utc']} printed {e.printed_time}")
            else:
                out["wrong"] += 1
                if verbose:
                    print(f"   WRONG: {w['anchor'][:50]} want {w['utc']} got {got} printed {e.printed_time}")
        elif got is not None:
            out["wrong"] += 1
            if verbose:
                print(f"   WRONG (no time knowable): {w['anchor'][:50]} got {got} printed {e.printed_time}")
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default=str(Path(__file__).resolve().parent.parent / "tests" / "data" / "formats"))
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("only", nargs="*")
    args = ap.parse_args(argv)
    rules = load_rules()
    total: dict[str, int] = {}
    for dump in sorted(Path(args.dir).iterdir()):
        if dump.suffix == ".json" or (args.only and not any(o in dump.name for o in args.only)):
            continue
        sidecar = json.loads(dump.with_suffix(".expected.json").read_text())
        if not sidecar["entries"] or "anchor" not in sidecar["entries"][0]:
            continue
        r = score(dump, rules, args.verbose)
        for k, v in r.items():
            total[k] = total.get(k, 0) + v
        flag = "" if r["own"] == r["expected"] == r["got"] and r["right"] == r["timed"] and not r["wrong"] else "  <--"
        print(f"{dump.name:40s} entries {r['own']}/{r['expected']} (got {r['got']})  times {r['right']}/{r['timed']}"
              f"  wrong {r['wrong']}{flag}")
    t = total
    print(f"TOTAL entries own {t['own']}/{t['expected']} (got {t['got']}), times right {t['right']}/{t['timed']}, "
          f"wrong {t['wrong']}, missing {t['missing']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
