"""Score a reconcile report against a synthetic corpus's truth (bench/generate.py).

usage: python bench/score_synthetic.py TRUTH_DIR REPORT.json [--json]

Each truth post (truth.csv: file, line, utc, event) is matched to the report entry whose
`file` (basename) is the post's file and whose `lines` [first, last] contain the post's first
line. Then:
- entries found: truth posts inside some entry (and how many entries start exactly on the
  post's first line, hold several posts, or hold none);
- times right: the entry's `time` equals the post's UTC time (unmatched posts count as wrong);
- pairwise precision / recall / F1 over CROSS-OUTLET pairs of truth posts: a truth pair is two
  posts of one event from different outlets; a predicted pair is two posts whose entries sit
  in one report event, from different outlets. An outlet is the file-name stem before
  `_YYYY-MM-DD`. An entry listed in several events counts in the first one only.
Pairs are counted per cluster (C(n,2) minus the same-outlet pairs), never enumerated, so a
1M-post corpus scores in seconds.
"""
from __future__ import annotations

import argparse
import bisect
import csv
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Hashable, Sequence
from pathlib import Path

_DATED = re.compile(r"^(.*)_\d{4}-\d{2}-\d{2}$")


def outlet_of(file: str) -> str:
    """'trtworld_2023-07-11.txt' -> 'trtworld' (the whole stem when there is no date)."""
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    m = _DATED.match(stem)
    return m.group(1) if m else stem


def _cross_pairs(labels: Sequence[Hashable], outlets: Sequence[str]) -> int:
    """Pairs of items with the same label and different outlets: per label C(n,2) minus the
    pairs inside one outlet. (Counter() of a sequence counts in C.)"""
    by_label = Counter(labels)
    by_label_outlet = Counter(zip(labels, outlets, strict=True))
    return (sum(n * (n - 1) // 2 for n in by_label.values())
            - sum(n * (n - 1) // 2 for n in by_label_outlet.values()))


def pair_scores(truth: Sequence[Hashable], predicted: Sequence[Hashable], outlets: Sequence[str]) -> dict:
    """Cross-outlet pairwise precision/recall/F1 of a predicted clustering against the truth.
    Items with a label of None in `predicted` are singletons (in no predicted pair)."""
    pred = [p if p is not None else ("single", i) for i, p in enumerate(predicted)]
    truth_pairs = _cross_pairs(truth, outlets)
    predicted_pairs = _cross_pairs(pred, outlets)
    hits = _cross_pairs(list(zip(truth, pred, strict=True)), outlets)
    precision = hits / predicted_pairs if predicted_pairs else 0.0
    recall = hits / truth_pairs if truth_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"truth_pairs": truth_pairs, "predicted_pairs": predicted_pairs, "true_positive_pairs": hits,
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def read_truth(folder: Path) -> tuple[list[str], list[int], list[str], list[int]]:
    files: list[str] = []
    lines: list[int] = []
    utcs: list[str] = []
    events: list[int] = []
    with (folder / "truth.csv").open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        header = next(rows)
        if header != ["file", "line", "utc", "event"]:
            raise SystemExit(f"{folder / 'truth.csv'}: unexpected header {header}")
        for file, line, utc, event in rows:
            files.append(file)
            lines.append(int(line))
            utcs.append(utc)
            events.append(int(event))
    return files, lines, utcs, events


def normalise_time(t: str | None) -> str | None:
    """'2023-07-11T15:57Z' / '...+00:00' / '...:00Z' -> '2023-07-11T15:57:00Z'."""
    if not t:
        return None
    t = t.strip()
    if t.endswith("+00:00"):
        t = t[:-6] + "Z"
    if len(t) == 17 and t.endswith("Z"):  # no seconds
        t = t[:-1] + ":00Z"
    return t


def score(folder: Path, report: dict, candidates: Path | None = None) -> dict:
    files, lines, utcs, events = read_truth(folder)
    outlet_cache: dict[str, str] = {}
    outlets = [outlet_cache.get(f) or outlet_cache.setdefault(f, outlet_of(f)) for f in files]
    entries = report.get("entries", [])

    # Entries per file, sorted by first line, for a bisect per truth post.
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for k, e in enumerate(entries):
        span = e.get("lines")
        if not span or e.get("file") is None:
            continue
        spans.setdefault(e["file"].rsplit("/", 1)[-1], []).append((span[0], span[-1], k))
    firsts: dict[str, list[int]] = {}
    for name, items in spans.items():
        items.sort()
        firsts[name] = [first for first, _, _ in items]

    entry_of: list[int | None] = []
    for file, line in zip(files, lines, strict=True):
        hit: int | None = None
        in_file = spans.get(file)
        if in_file:
            i = bisect.bisect_right(firsts[file], line) - 1
            # Entries do not overlap in practice; look back a little in case one is nested.
            for j in range(i, max(i - 3, -1), -1):
                first, last, k = in_file[j]
                if first <= line <= last:
                    hit = k
                    break
        entry_of.append(hit)

    # Each entry's report event: the first event listing it.
    index = {e.get("id"): k for k, e in enumerate(entries)}
    cluster_of: dict[int, int] = {}
    for c, ev in enumerate(report.get("events", [])):
        for eid in ev.get("entries", []):
            listed = index.get(eid)
            if listed is not None and listed not in cluster_of:
                cluster_of[listed] = c
    predicted = [None if k is None else cluster_of.get(k, -1 - k) for k in entry_of]

    found = sum(k is not None for k in entry_of)
    exact = sum(k is not None and spans_first(entries[k]) == line for k, line in zip(entry_of, lines, strict=True))
    posts_per_entry = Counter(k for k in entry_of if k is not None)
    times_right = sum(k is not None and normalise_time(entries[k].get("time")) == utc
                      for k, utc in zip(entry_of, utcs, strict=True))
    n = len(files)
    blocking: dict = {}
    if candidates is not None:
        # Blocking recall: truth cross-outlet pairs whose two entries were compared at all.
        import csv

        event_of_entry: dict[str, str] = {}
        outlet_of_entry: dict[str, str] = {}
        for k, ev, outlet in zip(entry_of, events, outlets, strict=True):
            if k is not None:
                event_of_entry.setdefault(entries[k]["id"], ev)
                outlet_of_entry.setdefault(entries[k]["id"], outlet)
        hit = 0
        rows = 0
        with candidates.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                rows += 1
                a, b = row["a"], row["b"]
                if a in event_of_entry and event_of_entry.get(a) == event_of_entry.get(b) \
                        and outlet_of_entry[a] != outlet_of_entry[b]:
                    hit += 1
        truth_pairs = _cross_pairs(events, outlets)
        blocking = {"candidates": rows, "blocking_recall": round(hit / truth_pairs, 4) if truth_pairs else 0.0}
    return {
        **blocking,
        "truth_posts": n, "truth_events": len(set(events)), "report_entries": len(entries),
        "report_events": len(report.get("events", [])),
        "entries_found": found, "entries_found_share": round(found / n, 4) if n else 0.0,
        "entries_starting_on_post": exact,
        "entries_with_several_posts": sum(1 for c in posts_per_entry.values() if c > 1),
        "entries_with_no_post": len(entries) - len(posts_per_entry),
        "times_right": times_right, "times_right_share": round(times_right / n, 4) if n else 0.0,
        **pair_scores(events, predicted, outlets),
    }


def spans_first(entry: dict) -> int | None:
    span = entry.get("lines")
    return span[0] if span else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("truth_dir", type=Path)
    ap.add_argument("report", type=Path)
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument("--candidates", type=Path, help="the run's --candidates file: also blocking recall")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    with a.report.open(encoding="utf-8") as fh:
        report = json.load(fh)
    result = score(a.truth_dir, report, a.candidates)
    result["seconds"] = round(time.perf_counter() - t0, 2)
    if a.json:
        print(json.dumps(result))
        return 0
    r = result
    print(f"posts {r['truth_posts']} ({r['truth_events']} events); report {r['report_entries']} entries, "
          f"{r['report_events']} events")
    print(f"entries found {r['entries_found']}/{r['truth_posts']} ({r['entries_found_share']:.1%}); "
          f"starting on the post's line {r['entries_starting_on_post']}; holding several posts "
          f"{r['entries_with_several_posts']}; holding none {r['entries_with_no_post']}")
    print(f"times right {r['times_right']}/{r['truth_posts']} ({r['times_right_share']:.1%})")
    print(f"cross-outlet pairs: truth {r['truth_pairs']}, predicted {r['predicted_pairs']}, "
          f"right {r['true_positive_pairs']}; precision {r['precision']:.3f} recall {r['recall']:.3f} "
          f"F1 {r['f1']:.3f}  ({r['seconds']} s)")
    if "blocking_recall" in r:
        print(f"blocking: {r['candidates']} candidate pairs, recall {r['blocking_recall']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
