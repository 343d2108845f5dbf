"""Stage 5: candidate pairs by blocking, compared by a Fellegi-Sunter model, kept as
self-explaining links.

Units are posts, or single claims of multi-event entries (summaries, leads). Blocking
(blocking.py) unions several rules, each within a time window, never all pairs. Each
candidate gets one level per comparison (tf-idf cosine, headline ratio, time gap, names,
quantities, speaker); the model (fsmodel.py) turns levels into a match weight whose
waterfall is the link's `why`. A summary statement keeps its best post per outlet; a post
keeps links near its best per outlet. Conflicts are not evidence for a link: they are
checked on linked pairs only (verdict.py).
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

from .claims import MULTI_EVENT_KINDS
from .model import Entry, Link, Signal, Source
from .rules import Rules, zone_from_value
from .text import Analyzer
from . import fsmodel
from .blocking import Units, candidate_pairs

# The rarest terms of an entry that open candidate pairs (blocking keys).
_BLOCK_KEYS = 24


@dataclass(frozen=True)
class Unit:
    """What is compared: a whole post, or one claim of a multi-event entry."""

    entry: int
    claim: int
    terms: frozenset[str]
    text: str


@dataclass(frozen=True)
class Profile:
    entry: Entry
    units: tuple[Unit, ...]
    terms: frozenset[str]
    entities: frozenset[str]
    speakers: frozenset[str]                  # names in "X said", "according to X"
    numbers: frozenset[str]                   # quantities with their unit: "26 drone"
    start: datetime | None           # UTC interval the entry speaks for
    end: datetime | None
    claim_terms: tuple[frozenset[str], ...] = ()   # terms of each claim (sentence)

    @property
    def timed(self) -> bool:
        return self.entry.time is not None


class Linker:
    def __init__(self, rules: Rules, analyzer: Analyzer) -> None:
        self.rules = rules
        self.an = analyzer

    # -- profiles -------------------------------------------------------------------
    def surface(self, entry: Entry) -> dict[str, str]:
        """Stem -> the word as first written, to show matched terms; only for linked entries."""
        words: dict[str, str] = {}
        for c in entry.claims:
            for stem, word in self.an.terms(c.text).items():
                words.setdefault(stem, word)
        return words

    def profile(self, i: int, entry: Entry, sources: dict[str, Source]) -> Profile:
        claim_terms = [frozenset(self.an.terms(c.text)) for c in entry.claims]
        all_terms = frozenset().union(*claim_terms) if claim_terms else frozenset()
        # A round-up post ("Summary of the day", "What we know") reports several events:
        # each of its claims is compared on its own, like a summary's.
        roundup = entry.kind == "post" and bool(self.rules.summary_heading.match(entry.headline or ""))
        if (entry.kind in MULTI_EVENT_KINDS or roundup) and len(entry.claims) > 1:
            units = tuple(Unit(i, c.index, claim_terms[c.index], c.text) for c in entry.claims)
        else:
            units = (Unit(i, 0, all_terms, entry.headline or (entry.claims[0].text if entry.claims else "")),)
        text = "\n".join(c.text for c in entry.claims)
        start = end = entry.time
        if entry.time is None and entry.date is not None:
            src = sources.get(entry.source)
            zone = zone_from_value(src.timezone) if src and src.timezone and _is_zone(src.timezone) else UTC
            day = datetime(entry.date.year, entry.date.month, entry.date.day, tzinfo=zone)
            start, end = day.astimezone(UTC), (day + timedelta(days=1)).astimezone(UTC)
        full = entry.headline + "\n" + entry.body
        # (Outcome words are not read here: a conflict is a property of a link, checked on
        # linked pairs by the verdict stage, never evidence for one.)
        speakers = frozenset(n for c in entry.claims if c.speaker for n in self.an.entities(c.speaker))
        numbers = frozenset(f"{q.value:g} {q.noun}" for q in self.an.quantities(full))
        return Profile(entry, units, all_terms, frozenset(self.an.entities(text)), speakers,
                       numbers, start, end, tuple(claim_terms))



def _is_zone(value: str) -> bool:
    try:
        zone_from_value(value)
        return True
    except Exception:
        return False


@dataclass(frozen=True)
class Compared:
    """Candidate pairs (unit indexes) with their comparison levels and weights."""

    a: np.ndarray
    b: np.ndarray
    levels: dict[str, np.ndarray]
    cosine: np.ndarray
    ratio: np.ndarray
    hours: np.ndarray            # NaN: date-only or unknown


def _incidence(sets: list[frozenset[str]], weight: dict[str, float] | None = None,
               keep: float | None = None) -> sparse.csr_matrix:
    """Rows of 0/1 (one column per distinct item); with `keep`, only items whose weight is at
    least it. Set algebra for many pairs at once becomes row-wise products."""
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for r, items in enumerate(sets):
        for x in items:
            if keep is not None and (weight or {}).get(x, 0.0) < keep:
                continue
            rows.append(r)
            cols.append(vocab.setdefault(x, len(vocab)))
    data = np.ones(len(rows), dtype=np.float32)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(sets), max(len(vocab), 1)))


def _shared(m: sparse.csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How many items each pair (a[k], b[k]) has in common."""
    if len(a) == 0:
        return np.zeros(0)
    return np.asarray(m[a].multiply(m[b]).sum(axis=1)).ravel()


def _levels(values: np.ndarray, thresholds: list[float]) -> np.ndarray:
    """First level whose threshold the value reaches (thresholds in decreasing order)."""
    t = -np.asarray(thresholds, dtype=float)
    return np.searchsorted(t, -values, side="right").astype(int)


class Comparer:
    """Turns unit pairs into comparison levels; one definition for candidates and for the
    random pairs that measure u. Every comparison is computed for all pairs at once (sparse
    row products, rapidfuzz's pairwise cpdist), never in a Python loop over pairs."""

    def __init__(self, units: Units, rules: Rules) -> None:
        self.units = units
        self.cfg = rules.linking["comparisons"]
        rare = self.cfg["rare_entity_idf"]
        u = units
        self.ent = _incidence(u.entities)
        self.rare_ent = _incidence(u.entities, u.entity_idf, rare)
        self.qty = _incidence(u.quantities)
        self.nouns = _incidence(u.nouns)
        self.spk = _incidence(u.speakers)
        self.heads = _incidence(u.head_names)
        self.figs = _incidence(u.figures)
        self.n_ent = np.diff(self.ent.indptr)
        self.n_rare = np.diff(self.rare_ent.indptr)
        self.n_spk = np.diff(self.spk.indptr)
        self.n_heads = np.diff(self.heads.indptr)
        self.n_figs = np.diff(self.figs.indptr)

    def compare(self, a: np.ndarray, b: np.ndarray) -> Compared:
        u = self.units
        cfg = self.cfg
        n = len(a)
        cos = u.cosine(a, b)
        if n:
            ratio = np.asarray(process.cpdist([u.heads[i] for i in a.tolist()], [u.heads[j] for j in b.tolist()],
                                              scorer=fuzz.token_sort_ratio, workers=-1), dtype=float)
        else:
            ratio = np.zeros(0)
        hours = u.hours_apart(a, b)
        lv: dict[str, np.ndarray] = {}
        lv["tfidf_cosine"] = _levels(cos, cfg["tfidf_cosine"])
        lv["best_sentence"] = _levels(u.best_sentence(a, b), cfg["best_sentence"])
        lv["headline_ratio"] = _levels(ratio, cfg["headline_ratio"])
        gaps = cfg["time_gap_hours"]
        # Time gap levels: increasing thresholds; a date-only unit on the other's day, and
        # an undated one, are their own (null) levels.
        t = np.searchsorted(np.asarray(gaps, dtype=float), np.nan_to_num(hours, nan=0.0), side="left").astype(int)
        dated = (u.dated_only[a] | u.dated_only[b]) if n else np.zeros(0, dtype=bool)
        t[dated & (hours == 0.0)] = len(gaps) + 1
        t[np.isnan(hours)] = len(gaps) + 2
        lv["time_gap"] = t
        shared_ent = _shared(self.ent, a, b)
        shared_rare = _shared(self.rare_ent, a, b)
        ent = np.where(shared_rare > 0, 0, np.where(shared_ent > 0, 1,
                       np.where((self.n_ent[a] > 0) & (self.n_ent[b] > 0), 2, 3)))
        num = np.where(_shared(self.qty, a, b) > 0, 0, np.where(_shared(self.nouns, a, b) > 0, 1, 2))
        spk = np.where(_shared(self.spk, a, b) > 0, 0, np.where((self.n_spk[a] > 0) & (self.n_spk[b] > 0), 1, 2))
        # A rare name only one side mentions (Houghton vs Central, Strasbourg vs Toulouse).
        only_a = self.n_rare[a] - shared_rare > 0
        only_b = self.n_rare[b] - shared_rare > 0
        apart = np.where(only_a & only_b, 2, np.where(only_a | only_b, 1, 0))
        lv["entities"], lv["numbers"], lv["speaker"], lv["names_apart"] = ent, num, spk, apart
        # Who or where the headline names: the same act in another place or by another actor
        # is another event. Figures: the same moment gives the same numbers.
        lv["headline_names"] = np.where(_shared(self.heads, a, b) > 0, 0,
                                        np.where((self.n_heads[a] > 0) & (self.n_heads[b] > 0), 1, 2))
        lv["figures"] = np.where(_shared(self.figs, a, b) > 0, 0,
                                 np.where((self.n_figs[a] > 0) & (self.n_figs[b] > 0), 1, 2))
        lv = {c: np.asarray(v, dtype=int) for c, v in lv.items()}
        return Compared(a, b, lv, cos, ratio, hours)


def find_links(entries: list[Entry], sources: dict[str, Source], rules: Rules, analyzer: Analyzer,
               stats: dict[str, object] | None = None
               ) -> tuple[list[Link], dict[tuple[str, str], float], dict[str, float]]:
    """Links kept; the match probability of every compared pair (clustering's complete
    linkage reads it); each entry's best probability against another outlet."""
    linker = Linker(rules, analyzer)
    profiles = [linker.profile(i, e, sources) for i, e in enumerate(entries)]
    units = Units.build(profiles, analyzer)
    stats = stats if stats is not None else {}
    cfg = rules.linking["model"]
    if len(units) < 2:
        return [], {}, {}

    cand, per_rule, by_rule = candidate_pairs(units, rules, keep_pairs=True)
    stats["candidates"] = len(cand[0])
    stats["blocking_rules"] = per_rule
    if stats.get("want_candidate_pairs"):
        # Candidate pairs of entries, with the rules that proposed them (for blocking recall).
        pairs_rules: dict[tuple[str, str], set[str]] = defaultdict(set)
        for rule, found in by_rule.items():
            for i, j in found:
                x, y = entries[units.entry[i]].id, entries[units.entry[j]].id
                pairs_rules[(x, y) if x <= y else (y, x)].add(rule)
        stats["candidate_pairs"] = pairs_rules
    del by_rule
    comparer = Comparer(units, rules)
    compared = comparer.compare(*cand)

    # u from random cross-outlet pairs of this run; prior from the expected number of
    # matches per unit (learnt) over all cross-outlet pairs of this run.
    ra, rb = units.random_pairs(int(cfg["u_sample_pairs"]), seed=len(units))
    model = rules.model
    u = fsmodel.estimate_u(comparer.compare(ra, rb).levels, model.u, float(cfg["u_prior_pairs"]))
    total_pairs = units.cross_pairs()
    prior = min(0.5, max(1e-9, rules.model_matches_per_unit * len(units) / 2.0 / max(total_pairs, 1)))
    model = replace(model, u=u, prior=prior)
    if len(cand[0]) >= cfg["em_min_candidates"]:
        refined = fsmodel.em(model, compared.levels, int(cfg["em_iterations"]), float(cfg["em_prior_pairs"]))
        model = replace(model, m=refined.m, notes=refined.notes)
    stats["model"] = model
    weights = model.weights(compared.levels)
    prob = fsmodel.probability(weights)

    # Best weight per (unit, other outlet): a summary statement keeps its best post per
    # outlet, a post its links near its best.
    best: dict[tuple[int, str], float] = defaultdict(lambda: -1e9)
    usrc = units.source
    for k, (i, j) in enumerate(zip(compared.a.tolist(), compared.b.tolist())):
        w = float(weights[k])
        if w > best[(i, usrc[j])]:
            best[(i, usrc[j])] = w
        if w > best[(j, usrc[i])]:
            best[(j, usrc[i])] = w
    threshold = math.log2(cfg["link_probability"] / (1 - cfg["link_probability"]))
    summary_margin = cfg["summary_weight_margin"]
    post_margin = cfg["post_weight_margin"]

    pair_scores: dict[tuple[str, str], float] = {}
    nearest: dict[str, float] = defaultdict(float)
    links: list[Link] = []
    for k, (i, j) in enumerate(zip(compared.a.tolist(), compared.b.tolist())):
        w, p = float(weights[k]), float(prob[k])
        ea, eb = entries[units.entry[i]], entries[units.entry[j]]
        nearest[ea.id] = max(nearest[ea.id], p)
        nearest[eb.id] = max(nearest[eb.id], p)
        key = _node_pair(ea.id, units.claim[i], eb.id, units.claim[j])
        pair_scores[key] = max(pair_scores.get(key, 0.0), p)
        if w < threshold:
            continue
        ok = True
        for x, y in ((i, j), (j, i)):
            margin = summary_margin if units.statement[x] else post_margin
            if w < best[(x, usrc[y])] - margin:
                ok = False
        if not ok:
            continue
        levels = {c: int(compared.levels[c][k]) for c in fsmodel.COMPARISONS}
        words = linker.surface(ea)
        shared = sorted(units.terms[i] & units.terms[j], key=lambda t: (-units.idf.get(t, 0.0), t))
        links.append(Link(a=ea.id, b=eb.id, score=round(p, 4), claim_a=units.claim[i], claim_b=units.claim[j],
                          signals=_waterfall(model, levels, compared, k, units, i, j, words, shared),
                          matched=tuple(words.get(t, t) for t in shared[:12]),
                          text_a=units.texts[i], text_b=units.texts[j]))
    links.sort(key=lambda l: (-l.score, l.a, l.b))
    return links, pair_scores, dict(nearest)


def _waterfall(model: fsmodel.Model, levels: dict[str, int], compared: Compared, k: int, units: Units,
               i: int, j: int, words: dict[str, str], shared: list[str]) -> tuple[Signal, ...]:
    """The link's `why`: the prior, then each comparison's log2 Bayes factor; they add up to
    the match weight (value: the measured feature; weight: the Bayes factor m/u)."""
    details = {
        "tfidf_cosine": ", ".join(words.get(t, t) for t in shared[:8]),
        "headline_ratio": f"{compared.ratio[k]:.0f}",
        "names_apart": ", ".join(sorted(units.entities[i] ^ units.entities[j])[:6]),
        "headline_names": ", ".join(sorted(units.head_names[i] | units.head_names[j])[:6]),
        "figures": " / ".join(", ".join(sorted(f)[:4]) for f in (units.figures[i], units.figures[j])),
        "time_gap": "" if math.isnan(compared.hours[k]) else f"{compared.hours[k]:.1f} h apart",
        "entities": ", ".join(sorted(units.entities[i] & units.entities[j])[:6]),
        "numbers": ", ".join(sorted(units.quantities[i] & units.quantities[j])[:4]),
        "speaker": ", ".join(sorted(units.speakers[i] & units.speakers[j])[:3]),
    }
    values = {"tfidf_cosine": float(compared.cosine[k]), "headline_ratio": float(compared.ratio[k]) / 100.0}
    out = [Signal("prior", round(model.prior, 6), 1.0, round(model.prior_weight, 3),
                  "prior odds of a match between two entries of different outlets in this run")]
    for c, label, m, u, bf in model.waterfall(levels):
        out.append(Signal(c, round(values.get(c, float(levels[c])), 4), round(m / u, 4), round(bf, 3),
                          f"{label}" + (f": {details[c]}" if details.get(c) else "")))
    return tuple(out)


def _node_pair(a: str, ua: int, b: str, ub: int) -> tuple[str, str]:
    x, y = f"{a}#{ua}", f"{b}#{ub}"
    return (x, y) if x <= y else (y, x)
