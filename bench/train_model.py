#!/usr/bin/env python3
"""Learn the comparison model's m probabilities (and the expected number of same-event
partners per unit) from labelled days, and write rules/model.toml.

    python bench/train_model.py tests/corpus/dev [--out rules/model.toml]

m = P(level | same event) is counted over every gold `must` pair (each item mapped to its
entry by anchor, as the reference scorer does; for a multi-claim entry, the claim that
matches its partner best). u written here is only a fallback: every run measures its own
u on random pairs of that run. Only the dev set is read; the test set is never used.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np

from reconcile import fsmodel
from reconcile.blocking import Units
from reconcile.link import Comparer, Linker
from reconcile.pipeline import read_sources, split_claims
from reconcile.errors import RulesError
from reconcile.rules import load_rules
from reconcile.text import Analyzer
from reconcile.times import ClockOptions

QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", (s or "").translate(QUOTES)).strip()


def day_levels(day: Path, rules, analyzer):
    gold = json.loads((day / "gold.json").read_text())
    paths = sorted(p for p in day.iterdir() if p.suffix in (".txt", ".html", ".jsonl"))
    sources, entries, _, _ = read_sources(paths, rules, ClockOptions())
    entries.sort(key=lambda e: (e.source, e.file, e.line_numbers[0]))
    entries = split_claims(entries, rules, analyzer)
    linker = Linker(rules, analyzer)
    smap = {s.id: s for s in sources}
    units = Units.build([linker.profile(i, e, smap) for i, e in enumerate(entries)], analyzer)
    by_entry: dict[int, list[int]] = {}
    for u, e in enumerate(units.entry):
        by_entry.setdefault(e, []).append(u)
    texts = [norm(" ".join([e.headline, e.body])) for e in entries]
    item_entry = {}
    for it in gold["items"]:
        hits = [i for i, e in enumerate(entries) if e.file == it["source"] and norm(it["anchor"]) in texts[i]]
        if hits:
            item_entry[it["id"]] = min(hits, key=lambda i: len(texts[i]))
    comparer = Comparer(units, rules)
    pa, pb = [], []
    for m in gold["must"]:
        x, y = (item_entry.get(i) for i in m["pair"])
        if x is None or y is None:
            continue
        ux, uy = by_entry[x], by_entry[y]
        cand_a = np.asarray([a for a in ux for _ in uy]); cand_b = np.asarray([b for _ in ux for b in uy])
        cos = units.cosine(cand_a, cand_b)
        k = int(np.argmax(cos))
        pa.append(int(cand_a[k])); pb.append(int(cand_b[k]))
    levels = comparer.compare(np.asarray(pa, dtype=np.int64), np.asarray(pb, dtype=np.int64)).levels
    ra, rb = units.random_pairs(200000, seed=1)
    randoms = comparer.compare(ra, rb).levels
    return levels, randoms, len(units), len(pa)


def _write_uniform(path: Path) -> None:
    lines = ['made_by = "uniform bootstrap"', "matches_per_unit = 1.0", "prior = 0.01", "[m]"]
    lines += [f"{c} = [" + ", ".join("1" for _ in l) + "]" for c, l in fsmodel.COMPARISONS.items()]
    lines += ["[u]"] + [f"{c} = [" + ", ".join("1" for _ in l) + "]" for c, l in fsmodel.COMPARISONS.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "rules" / "model.toml"))
    args = ap.parse_args(argv)
    try:
        rules = load_rules()
    except RulesError:
        # A comparison was added or changed: start from uniform levels, then learn.
        _write_uniform(Path(args.out))
        rules = load_rules()
    analyzer = Analyzer(rules)
    counts = {c: np.zeros(len(l)) for c, l in fsmodel.COMPARISONS.items()}
    ucounts = {c: np.zeros(len(l)) for c, l in fsmodel.COMPARISONS.items()}
    n_units = n_pairs = 0
    days = sorted(p for p in Path(args.corpus).iterdir() if (p / "gold.json").exists())
    for day in days:
        lv, rv, nu, npairs = day_levels(day, rules, analyzer)
        for c in counts:
            counts[c] += np.bincount(lv[c], minlength=len(counts[c]))
            # Each day weighs the same in u, whatever its size.
            ucounts[c] += np.bincount(rv[c], minlength=len(ucounts[c])) / max(len(rv[c]), 1)
        n_units += nu
        n_pairs += npairs
        print(f"{day.name}: {nu} units, {npairs} must pairs", file=sys.stderr)
    lines = [
        "# The comparison model's m = P(level | same event), learnt by bench/train_model.py on the",
        f"# labelled dev days ({', '.join(d.name for d in days)}): every gold `must` pair,",
        "# mapped to its entries by anchor, counted per level (+1 smoothing). u here is only a",
        "# fallback: each run measures u on its own random pairs. matches_per_unit (same-event",
        "# partners per unit) sets each run's prior odds. Regenerate; do not edit by hand.",
        f'made_by = "bench/train_model.py on {len(days)} dev days, {n_pairs} must pairs"',
        f"matches_per_unit = {2 * n_pairs / max(n_units, 1):.4f}",
        "prior = 0.01",
        "[m]",
    ]
    for c in fsmodel.COMPARISONS:
        v = counts[c] + 1.0
        lines.append(f"{c} = [" + ", ".join(f"{x:.4f}" for x in v / v.sum()) + "]")
    lines.append("[u]")
    for c in fsmodel.COMPARISONS:
        v = ucounts[c] + 1e-3
        lines.append(f"{c} = [" + ", ".join(f"{x:.5f}" for x in v / v.sum()) + "]")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
