"""`reconcile eval`: score a report.json against a hand-written gold file.

Gold format (same as tests/gold/seeds.gold.json): items located by an anchor substring
of an entry of a given source file, with their true UTC time ("utc") or date ("date");
"must" pairs (with the expected verdict), "optional" pairs (not scored) and
"hard_negatives" (pairs that must never be linked). Every cross-source pair not listed
as must or optional is a negative.
"""
from __future__ import annotations

import itertools
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import InputError

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", (s or "").translate(_QUOTES)).strip()


def _load(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"not valid JSON ({exc.msg})", exc.lineno) from None


def _utc(s: str | None) -> datetime | None:
    if not s:
        return None
    t = datetime.fromisoformat(s.replace("Z", "+00:00"))
    return (t if t.tzinfo else t.replace(tzinfo=UTC)).astimezone(UTC)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def blocking_recall(must: list[tuple[str, str]], candidates_path: Path) -> dict[str, Any]:
    """Share of the gold's same-event pairs (as entry-id pairs) that blocking proposed at all,
    overall and per rule."""
    import csv

    by_pair: dict[frozenset[str], set[str]] = {}
    with candidates_path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            by_pair[frozenset((row["a"], row["b"]))] = set(row["rules"].split())
    rules = sorted({r for found in by_pair.values() for r in found})
    pairs = [frozenset(p) for p in must if p[0] != p[1]]
    n = len(pairs) or 1
    return {"candidates": len(by_pair),
            "recall": round(sum(1 for p in pairs if p in by_pair) / n, 4),
            "by_rule": {r: round(sum(1 for p in pairs if r in by_pair.get(p, ())) / n, 4) for r in rules},
            "missed": sorted(sorted(p) for p in pairs if p not in by_pair)}


def evaluate(gold_path: Path, report_path: Path, candidates: Path | None = None) -> dict[str, Any]:
    gold, rep = _load(gold_path), _load(report_path)
    entries = {e["id"]: e for e in rep.get("entries", [])}
    file_of = {e["id"]: Path(e.get("file", "")).name for e in entries.values()}
    text_of = {i: _norm((e.get("headline") or "") + " " + (e.get("text") or "")) for i, e in entries.items()}
    item_entry: dict[str, str] = {}
    unmapped = []
    for it in gold["items"]:
        anchor = _norm(it["anchor"])
        hits = sorted((i for i in entries if file_of[i] == it["source"] and anchor in text_of[i]),
                      key=lambda i: (len(text_of[i]), i))
        if hits:
            item_entry[it["id"]] = hits[0]
        else:
            unmapped.append(it["id"])
    items_of: dict[str, list[str]] = {}
    for iid, eid in item_entry.items():
        items_of.setdefault(eid, []).append(iid)
    texts = {it["id"]: text_of.get(item_entry.get(it["id"], ""), "") for it in gold["items"]}

    must = {frozenset(m["pair"]): m for m in gold.get("must", [])}
    optional = {frozenset(p) for p in gold.get("optional", [])}
    hard = {frozenset(h["pair"]) for h in gold.get("hard_negatives", [])}

    predicted: dict[frozenset[str], dict[str, Any]] = {}
    unlabelled = 0
    for ev in rep.get("events", []):
        for a, b in itertools.combinations(sorted(set(ev.get("entries", []))), 2):
            if a not in entries or b not in entries or file_of[a] == file_of[b]:
                continue
            if a not in items_of or b not in items_of:
                unlabelled += 1
                continue
            for x in items_of[a]:
                for y in items_of[b]:
                    predicted[frozenset((x, y))] = ev
    scored = {p: ev for p, ev in predicted.items() if p not in optional}
    tp = sorted(sorted(p) for p in scored if p in must)
    fp = sorted(sorted(p) for p in scored if p not in must)
    fn = sorted(sorted(p) for p in must if p not in scored)
    precision = len(tp) / (len(tp) + len(fp) + unlabelled) if (tp or fp or unlabelled) else 0.0
    recall = len(tp) / len(must) if must else 1.0
    verdict_errors = [
        {"pair": p, "want": must[frozenset(p)]["verdict"], "got": scored[frozenset(p)].get("verdict")}
        for p in tp if scored[frozenset(p)].get("verdict") != must[frozenset(p)]["verdict"]]

    # Cluster metrics over gold items: gold clusters are the connected groups of must pairs.
    gold_cluster = _components([it["id"] for it in gold["items"]], [tuple(p) for p in must])
    pred_cluster = _predicted_clusters(item_entry, rep.get("events", []))
    b3p, b3r = _bcubed(gold_cluster, pred_cluster)
    muc_p, muc_r = _muc(gold_cluster, pred_cluster), _muc(pred_cluster, gold_cluster)
    ceaf = _ceaf_e(gold_cluster, pred_cluster)
    conll = (_f1(muc_r, muc_p) + _f1(b3p, b3r) + ceaf) / 3

    t_ok, t_n, t_bad = 0, 0, []
    for it in gold["items"]:
        e = entries.get(item_entry.get(it["id"], ""))
        if e is None:
            continue
        if "utc" in it:
            t_n += 1
            got, want = _utc(e.get("time")), _utc(it["utc"])
            t_ok += got == want
            if got != want:
                t_bad.append({"item": it["id"], "want": it["utc"], "got": e.get("time")})
        elif "date" in it:
            t_n += 1
            got_d = e.get("date") or (e.get("time") or "")[:10]
            t_ok += got_d == it["date"]
            if got_d != it["date"]:
                t_bad.append({"item": it["id"], "want": it["date"], "got": got_d})

    result: dict[str, Any] = {
        "items_found": f"{len(item_entry)}/{len(gold['items'])}", "unmapped": unmapped,
        "pairwise": {"precision": round(precision, 3), "recall": round(recall, 3),
                     "f1": round(_f1(precision, recall), 3), "true": len(tp), "false": len(fp),
                     "missed": len(fn), "unlabelled_links": unlabelled},
        "clusters": {"bcubed_precision": round(b3p, 3), "bcubed_recall": round(b3r, 3),
                     "bcubed_f1": round(_f1(b3p, b3r), 3), "muc_f1": round(_f1(muc_p, muc_r), 3),
                     "ceaf_e_f1": round(ceaf, 3), "conll_f1": round(conll, 3)},
        "hard_negatives_linked": sorted(sorted(p) for p in hard if p in predicted),
        "verdicts_right": f"{len(tp) - len(verdict_errors)}/{len(tp)}", "verdict_errors": verdict_errors,
        "times_right": f"{t_ok}/{t_n}", "time_errors": t_bad,
        "false_links": [{"pair": p, "a": texts[p[0]][:200], "b": texts[p[1]][:200]} for p in fp],
        "missed_links": [{"pair": p, "a": texts[p[0]][:200], "b": texts[p[1]][:200]} for p in fn],
    }
    if candidates is not None:
        # Blocking recall: the gold's same-event pairs (between mapped entries) that were compared.
        entry_pairs = [(item_entry[a], item_entry[b]) for a, b in (tuple(p) for p in must)
                       if a in item_entry and b in item_entry]
        result["blocking"] = blocking_recall(entry_pairs, candidates)
    return result


def _components(nodes: list[str], pairs: list[tuple[str, ...]]) -> dict[str, int]:
    parent = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    roots = sorted({find(n) for n in nodes})
    return {n: roots.index(find(n)) for n in nodes}


def _predicted_clusters(item_entry: dict[str, str], events: list[dict[str, Any]]) -> dict[str, int]:
    """Each gold item's predicted cluster: items sharing an event are joined (overlaps merge)."""
    nodes = sorted(item_entry)
    pairs = []
    for ev in events:
        members = [i for i in nodes if item_entry[i] in set(ev.get("entries", []))]
        pairs.extend(zip(members, members[1:]))
    return _components(nodes, pairs)


def _groups(assign: dict[str, int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for n, c in assign.items():
        out.setdefault(c, set()).add(n)
    return out


def _bcubed(gold: dict[str, int], pred: dict[str, int]) -> tuple[float, float]:
    items = [i for i in gold if i in pred]
    if not items:
        return 0.0, 0.0
    g, p = _groups({i: gold[i] for i in items}), _groups({i: pred[i] for i in items})
    prec = sum(len(g[gold[i]] & p[pred[i]]) / len(p[pred[i]]) for i in items) / len(items)
    rec = sum(len(g[gold[i]] & p[pred[i]]) / len(g[gold[i]]) for i in items) / len(items)
    return prec, rec


def _muc(key: dict[str, int], response: dict[str, int]) -> float:
    """MUC recall of `response` against `key` (swap arguments for precision)."""
    num = den = 0
    for members in _groups(key).values():
        parts = {response.get(m, f"missing-{m}") for m in members}
        num += len(members) - len(parts)
        den += len(members) - 1
    return num / den if den else 1.0


def _ceaf_e(gold: dict[str, int], pred: dict[str, int]) -> float:
    """Entity-based CEAF with a greedy alignment (exact for the near-disjoint clusters here)."""
    g, p = list(_groups(gold).values()), list(_groups(pred).values())
    if not g or not p:
        return 0.0
    sims = sorted(((2 * len(a & b) / (len(a) + len(b)), i, j) for i, a in enumerate(g) for j, b in enumerate(p)
                   if a & b), reverse=True)
    used_g, used_p, total = set(), set(), 0.0
    for s, i, j in sims:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            total += s
    return _f1(total / len(p), total / len(g))


def format_scores(scores: dict[str, Any], as_json: bool = False) -> str:
    if as_json:
        return json.dumps(scores, indent=1, ensure_ascii=False)
    lines = []
    for key, value in scores.items():
        if isinstance(value, dict):
            lines.append(f"{key}: " + ", ".join(f"{k} {v}" for k, v in value.items()))
        elif isinstance(value, list) and value and isinstance(value[0], dict) and "a" in value[0]:
            lines.append(f"{key}: {len(value)}")
            for v in value:
                lines.append(f"  {v['pair'][0]} <-> {v['pair'][1]}\n    a: {v['a']}\n    b: {v['b']}")
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines)
