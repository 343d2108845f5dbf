"""Blocking: which pairs of units are compared at all. Never all pairs.

Units (a post, or one claim of a multi-event entry) are held as columns: a sparse,
L2-normalised tf-idf matrix over stems (idf within the run), time intervals, names,
quantities. Several rules each propose pairs of units from different outlets near in
time; the candidates are their union, and each rule's count is reported:

- ``tfidf_neighbours``: each unit's k nearest units by cosine among other outlets within
  the time window (so candidates grow linearly with units, however dense the vocabulary);
- ``rare_in_window``: units sharing a term that is rare within their few hours (a rare
  word over the whole run may be everywhere on one day, and a common one rare on it);
- ``same_quantity``: the same number with the same noun within hours.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .claims import MULTI_EVENT_KINDS
from .rules import Rules
from .text import Analyzer

_HOUR = 3600.0


@dataclass
class Units:
    entry: list[int]
    claim: list[int]
    source: list[str]
    statement: list[bool]          # a claim of a multi-event entry (summary, lead)
    texts: list[str]
    heads: list[str]               # canonical headline or first sentence, for the ratio
    terms: list[frozenset[str]]
    entities: list[frozenset[str]]
    quantities: list[frozenset[str]]
    nouns: list[frozenset[str]]
    speakers: list[frozenset[str]]
    start: np.ndarray              # hours since the epoch, NaN when undated
    end: np.ndarray
    dated_only: np.ndarray         # True: a date-only unit (its interval is a day)
    idf: dict[str, float]
    entity_idf: dict[str, float]
    matrix: sparse.csr_matrix
    source_code: np.ndarray
    head_names: list[frozenset[str]]   # names in the headline (or the statement itself)
    figures: list[frozenset[str]]
    sentences: sparse.csr_matrix   # one row per sentence of every unit, same columns as matrix
    sentence_rows: list[tuple[int, int]]   # unit -> its rows [lo, hi) in `sentences`

    def __len__(self) -> int:
        return len(self.entry)

    @classmethod
    def build(cls, profiles: list, analyzer: Analyzer) -> "Units":
        entry, claim, source, statement, texts, heads = [], [], [], [], [], []
        terms, ents, qty, nouns, spk, start, end, dated = [], [], [], [], [], [], [], []
        sent_terms: list[frozenset[str]] = []
        head_names: list[frozenset[str]] = []
        figures: list[frozenset[str]] = []
        sent_rows: list[tuple[int, int]] = []
        for p in profiles:
            e = p.entry
            qs = frozenset(p.numbers)
            ns = frozenset(q.split(" ", 1)[1] for q in qs if " " in q)
            s0 = p.start.timestamp() / _HOUR if p.start is not None else math.nan
            s1 = p.end.timestamp() / _HOUR if p.end is not None else math.nan
            multi = len(p.units) > 1
            roundup = multi and e.kind not in MULTI_EVENT_KINDS
            for u in p.units:
                entry.append(u.entry)
                claim.append(u.claim)
                source.append(e.source)
                statement.append(e.kind in MULTI_EVENT_KINDS or roundup)
                texts.append(u.text)
                head = u.text if multi else (e.headline or (e.claims[0].text if e.claims else ""))
                heads.append(analyzer.canonical(head)[:300])
                head_names.append(frozenset(analyzer.entities(head)))
                figures.append(analyzer.figures(u.text if multi else e.headline + "\n" + e.body))
                lo = len(sent_terms)
                if multi:
                    sent_terms.append(u.terms)
                else:
                    for c in e.claims[:40]:
                        sent_terms.append(p.claim_terms[c.index] if c.index < len(p.claim_terms)
                                          else frozenset(analyzer.terms(c.text)))
                    if not e.claims:
                        sent_terms.append(u.terms)
                sent_rows.append((lo, len(sent_terms)))
                terms.append(u.terms)
                ents.append(frozenset(analyzer.entities(u.text)) if multi else p.entities)
                if multi:
                    uq = frozenset(f"{q.value:g} {q.noun}" for q in analyzer.quantities(u.text))
                    qty.append(uq)
                    nouns.append(frozenset(q.split(" ", 1)[1] for q in uq))
                else:
                    qty.append(qs)
                    nouns.append(ns)
                spk.append(p.speakers)
                start.append(s0)
                end.append(s1)
                dated.append(e.time is None and e.date is not None)
        idf = _idf(terms)
        entity_idf = _idf(ents)
        vocab: dict[str, int] = {}
        m = _tfidf(terms, idf, vocab)
        sm = _tfidf(sent_terms, idf, vocab)
        width = max(len(vocab), 1)
        m = sparse.csr_matrix((m.data, m.indices, m.indptr), shape=(m.shape[0], width))
        sm = sparse.csr_matrix((sm.data, sm.indices, sm.indptr), shape=(sm.shape[0], width))
        codes = {s: k for k, s in enumerate(sorted(set(source)))}
        return cls(entry, claim, source, statement, texts, heads, terms, ents, qty, nouns, spk,
                   np.asarray(start, dtype=float), np.asarray(end, dtype=float), np.asarray(dated, dtype=bool),
                   idf, entity_idf, m, np.asarray([codes[s] for s in source], dtype=np.int32), head_names,
                   figures, sm, sent_rows)

    # -- pair measures -------------------------------------------------------------------
    def best_sentence(self, a: np.ndarray, b: np.ndarray, chunk: int = 200_000) -> np.ndarray:
        """Cosine of the best-matching pair of sentences of the two units, for every pair at
        once: each pair is expanded into its sentence pairs, whose dot products are one
        row-wise sparse product, then the maximum is taken per pair."""
        out = np.zeros(len(a))
        if len(a) == 0:
            return out
        lo = np.asarray([r[0] for r in self.sentence_rows], dtype=np.int64)
        cnt = np.asarray([r[1] - r[0] for r in self.sentence_rows], dtype=np.int64)
        na, nb = cnt[a], cnt[b]
        sizes = na * nb
        owner = np.repeat(np.arange(len(a)), sizes)
        # Position of each expanded row inside its pair's na x nb block.
        starts = np.cumsum(sizes) - sizes
        local = np.arange(int(sizes.sum())) - np.repeat(starts, sizes)
        rows_a = lo[a][owner] + local // np.maximum(nb[owner], 1)
        rows_b = lo[b][owner] + local % np.maximum(nb[owner], 1)
        sm = self.sentences
        for start in range(0, len(owner), chunk):
            sl = slice(start, start + chunk)
            dots = np.asarray(sm[rows_a[sl]].multiply(sm[rows_b[sl]]).sum(axis=1)).ravel()
            np.maximum.at(out, owner[sl], dots)
        return out

    def cosine(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if len(a) == 0:
            return np.zeros(0)
        return np.asarray(self.matrix[a].multiply(self.matrix[b]).sum(axis=1)).ravel()

    def hours_apart(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Gap between the two intervals in hours (0 when they overlap), NaN when undated."""
        if len(a) == 0:
            return np.zeros(0)
        gap = np.maximum(self.start[b] - self.end[a], self.start[a] - self.end[b])
        return np.maximum(gap, 0.0)

    def cross_pairs(self) -> int:
        counts = np.bincount(self.source_code)
        n = len(self)
        return int((n * n - int((counts.astype(np.int64) ** 2).sum())) // 2)

    def random_pairs(self, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
        """Up to k random pairs of units of different outlets (all of them in a small run)."""
        n = len(self)
        if self.cross_pairs() <= k:
            i, j = np.triu_indices(n, 1)
        else:
            rng = np.random.default_rng(seed)
            i = rng.integers(0, n, size=k)
            j = rng.integers(0, n, size=k)
        keep = self.source_code[i] != self.source_code[j]
        return i[keep], j[keep]


def _tfidf(sets: list[frozenset[str]], idf: dict[str, float], vocab: dict[str, int]) -> sparse.csr_matrix:
    """Rows of idf weights, L2-normalised (a cosine is then a dot product)."""
    rows, cols, vals = [], [], []
    for r, ts in enumerate(sets):
        for t in ts:
            rows.append(r)
            cols.append(vocab.setdefault(t, len(vocab)))
            vals.append(idf.get(t, 0.0))
    m = sparse.csr_matrix((np.asarray(vals, dtype=np.float32), (rows, cols)), shape=(len(sets), max(len(vocab), 1)))
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms).dot(m).tocsr().astype(np.float32)


def _idf(sets: list[frozenset[str]]) -> dict[str, float]:
    df: dict[str, int] = defaultdict(int)
    for s in sets:
        for t in s:
            df[t] += 1
    n = max(len(sets), 1)
    return {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}


def candidate_pairs(units: Units, rules: Rules, keep_pairs: bool = False):
    """The union of every blocking rule's pairs (a < b), how many each rule proposed, and
    (keep_pairs) each rule's own pairs."""
    cfg = rules.linking["blocking"]
    found: dict[str, set[tuple[int, int]]] = {
        "tfidf_neighbours": _neighbours(units, cfg["window_hours"], int(cfg["neighbours_k"]),
                                        cfg["neighbours_min_cosine"]),
        "rare_in_window": _rare_in_window(units, cfg["rare_window_hours"], int(cfg["max_window_df"])),
        "same_quantity": _same_quantity(units, cfg["quantity_window_hours"], int(cfg["max_quantity_df"])),
    }
    window = float(cfg["window_hours"])
    for name in ("rare_in_window", "same_quantity"):
        found[name] = {(i, j) for i, j in found[name] if not _apart(units, i, j, window)}
    union: set[tuple[int, int]] = set().union(*found.values())
    pairs = sorted(union)
    a = np.asarray([p[0] for p in pairs], dtype=np.int64)
    b = np.asarray([p[1] for p in pairs], dtype=np.int64)
    counts = {k: len(v) for k, v in found.items()}
    if keep_pairs:
        return (a, b), counts, found
    return (a, b), counts


def _apart(units: Units, i: int, j: int, window: float) -> bool:
    gap = max(units.start[j] - units.end[i], units.start[i] - units.end[j])
    return bool(gap > window)          # NaN (undated) compares False: kept


def _windows(units: Units, hours: float) -> tuple[dict[int, list[int]], list[int]]:
    """Units by time bucket of `hours` (a date-only unit in every bucket its day touches),
    and the undated ones."""
    buckets: dict[int, list[int]] = defaultdict(list)
    undated: list[int] = []
    for i in range(len(units)):
        s, e = units.start[i], units.end[i]
        if math.isnan(s):
            undated.append(i)
            continue
        for b in range(int(s // hours), int(e // hours) + 1):
            buckets[b].append(i)
    return buckets, undated


def _neighbours(units: Units, window: float, k: int, min_cos: float) -> set[tuple[int, int]]:
    """Top-k cosine neighbours among other outlets within the window, bucket by bucket."""
    out: set[tuple[int, int]] = set()
    buckets, undated = _windows(units, window)
    m = units.matrix
    src = units.source_code
    for b in sorted(buckets):
        rows = np.asarray(sorted(set(buckets[b])), dtype=np.int64)
        near = sorted(set(buckets[b]) | set(buckets.get(b - 1, ())) | set(buckets.get(b + 1, ())) | set(undated))
        cols = np.asarray(near, dtype=np.int64)
        _top_k(m, rows, cols, src, k, min_cos, out, units, window)
    if undated:
        rows = np.asarray(undated, dtype=np.int64)
        _top_k(m, rows, np.arange(len(units)), src, k, min_cos, out, units, math.inf)
    return out


def _top_k(m: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray, src: np.ndarray, k: int, min_cos: float,
           out: set[tuple[int, int]], units: Units, window: float) -> None:
    # Chunks keep the dense block small (at most 512 rows x the window's columns).
    sub = m[cols].T.tocsc()
    for lo in range(0, len(rows), 512):
        r = rows[lo: lo + 512]
        sims = (m[r] @ sub).toarray()
        sims[src[r][:, None] == src[cols][None, :]] = 0.0
        if math.isfinite(window):
            gap = np.maximum(units.start[cols][None, :] - units.end[r][:, None],
                             units.start[r][:, None] - units.end[cols][None, :])
            sims[np.nan_to_num(gap, nan=0.0) > window] = 0.0
        kk = min(k, sims.shape[1])
        if kk == 0:
            continue
        top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        for x, i in enumerate(r.tolist()):
            for y in top[x].tolist():
                if sims[x, y] >= min_cos:
                    j = int(cols[y])
                    if i != j:
                        out.add((i, j) if i < j else (j, i))


def _rare_in_window(units: Units, hours: float, max_df: int) -> set[tuple[int, int]]:
    return _shared_key_pairs(units, units.terms, hours, max_df)


def _same_quantity(units: Units, hours: float, max_df: int) -> set[tuple[int, int]]:
    return _shared_key_pairs(units, units.quantities, hours, max_df)


def _shared_key_pairs(units: Units, keys: list[frozenset[str]], hours: float,
                      max_df: int) -> set[tuple[int, int]]:
    """Pairs of units of different outlets sharing a key held, within its time bucket and
    the next, by at most max_df units (a common key would pair everything)."""
    out: set[tuple[int, int]] = set()
    buckets, _ = _windows(units, hours)
    src = units.source_code
    for b in sorted(buckets):
        postings: dict[str, list[int]] = defaultdict(list)
        for i in sorted(set(buckets[b]) | set(buckets.get(b + 1, ()))):
            for key in keys[i]:
                postings[key].append(i)
        for ids in postings.values():
            if not 2 <= len(ids) <= max_df:
                continue
            for x in range(len(ids)):
                for y in range(x + 1, len(ids)):
                    i, j = ids[x], ids[y]
                    if src[i] != src[j]:
                        out.add((i, j) if i < j else (j, i))
    return out
