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
from reconcile.blocking import Units, candidate_pairs
from reconcile.link import Comparer, Linker
from reconcile.pipeline import read_sources, split_claims
from reconcile.errors import RulesError
from reconcile.rules import load_rules
from reconcile.text import Analyzer
from reconcile.times import ClockOptions

# Pseudo-count per level when counting m: small, because a level no labelled match ever
# reached (two posts 20 hours apart) is strong evidence against a match.
M_SMOOTHING = 0.2
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
    # The run's own candidates, labelled: 1 same event, 0 different, -1 not scored
    # (optional pairs; other claims of a summary whose best claim is the match).
    (ca, cb), _ = candidate_pairs(units, rules)
    cand = comparer.compare(ca, cb)
    must = {frozenset((item_entry.get(a), item_entry.get(b))) for a, b in (m["pair"] for m in gold["must"])}
    optional = {frozenset((item_entry.get(a), item_entry.get(b))) for a, b in gold.get("optional", [])}
    mapped = set(item_entry.values())
    best_unit: dict[frozenset, tuple[float, int]] = {}
    labels = np.zeros(len(ca), dtype=int)
    for k, (a, b) in enumerate(zip(ca.tolist(), cb.tolist())):
        key = frozenset((units.entry[a], units.entry[b]))
        if key in must:
            labels[k] = 1
            if cand.cosine[k] > best_unit.get(key, (-1.0, -1))[0]:
                best_unit[key] = (float(cand.cosine[k]), k)
        elif key in optional or units.entry[a] not in mapped or units.entry[b] not in mapped:
            labels[k] = -1
    for k in np.flatnonzero(labels == 1):
        key = frozenset((units.entry[ca[k]], units.entry[cb[k]]))
        if best_unit[key][1] != k and (units.statement[ca[k]] or units.statement[cb[k]]):
            labels[k] = -1
    u = fsmodel.estimate_u(randoms, rules.model.u, float(rules.linking["model"]["u_prior_pairs"]))
    return levels, randoms, len(units), len(pa), (cand.levels, labels, u,
                                                  units.cross_pairs())


def fit_corrections(m: dict, mpu: float, training: list, l2: float = 4.0) -> dict[str, np.ndarray]:
    """Per-level corrections d so that prior + sum(log2 m/u + d) is a calibrated log2 odds
    on the labelled candidates (gradient descent on the log loss, L2 towards 0)."""
    base, rows, ys = [], [], []
    offsets = {}
    width = 0
    for c, labels in fsmodel.COMPARISONS.items():
        offsets[c] = width
        width += len(labels)
    for nu, (levels, labels, u, cross) in training:
        keep = labels >= 0
        prior = min(0.5, mpu * nu / 2.0 / max(cross, 1))
        w = np.full(int(keep.sum()), np.log2(prior / (1 - prior)))
        X = np.zeros((int(keep.sum()), width))
        for c in fsmodel.COMPARISONS:
            lv = levels[c][keep]
            bf = np.log2(np.asarray(m[c]) / np.asarray(u[c]))
            for k in fsmodel.NULL_LEVELS.get(c, ()):
                bf[k] = 0.0
            w += bf[lv]
            null = np.isin(lv, list(fsmodel.NULL_LEVELS.get(c, ())))
            X[np.arange(len(lv))[~null], offsets[c] + lv[~null]] = 1.0
        base.append(w)
        rows.append(X)
        ys.append(labels[keep])
    b = np.concatenate(base)
    X = np.vstack(rows)
    y = np.concatenate(ys).astype(float)
    from scipy.optimize import minimize

    ln2 = np.log(2.0)

    def loss(d: np.ndarray) -> tuple[float, np.ndarray]:
        z = ln2 * (b + X @ d)
        # log(1 + e^z) - y z, computed stably
        ll = np.logaddexp(0.0, z) - y * z
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))
        return float(ll.sum() + 0.5 * l2 * d @ d), ln2 * (X.T @ (p - y)) + l2 * d

    d = minimize(loss, np.zeros(width), jac=True, method="L-BFGS-B").x
    print(f"corrections fitted on {len(y)} labelled candidates ({int(y.sum())} matches)", file=sys.stderr)
    return {c: d[offsets[c]: offsets[c] + len(l)] for c, l in fsmodel.COMPARISONS.items()}


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
    training = []
    for day in days:
        lv, rv, nu, npairs, cand = day_levels(day, rules, analyzer)
        training.append((nu, cand))
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
        v = counts[c] + M_SMOOTHING
        lines.append(f"{c} = [" + ", ".join(f"{x:.4f}" for x in v / v.sum()) + "]")
    m = {c: tuple(((counts[c] + M_SMOOTHING) / (counts[c] + M_SMOOTHING).sum()).tolist()) for c in fsmodel.COMPARISONS}
    mpu = 2 * n_pairs / max(n_units, 1)
    corr = fit_corrections(m, mpu, training)
    lines.append("# Corrections (bits, added to each level's log2 m/u): comparisons are not independent")
    lines.append("# (similar texts share names and headline words), so naive Bayes counts one resemblance")
    lines.append("# several times. A logistic fit on the dev days' labelled candidates, pulled towards")
    lines.append("# zero (L2), learns how much to take back per level. Each run still measures its own u.")
    lines.append("[correction]")
    for c in fsmodel.COMPARISONS:
        lines.append(f"{c} = [" + ", ".join(f"{x:.3f}" for x in corr[c]) + "]")
    lines.append("[u]")
    for c in fsmodel.COMPARISONS:
        v = ucounts[c] + 1e-3
        lines.append(f"{c} = [" + ", ".join(f"{x:.5f}" for x in v / v.sum()) + "]")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
