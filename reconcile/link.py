"""Stage 5: candidate pairs by blocking, then a scored, self-explaining link per pair.

Blocking: only entries of different sources, within a time window, that share one of
their rarest terms are compared (never all pairs). Scoring: rarity-weighted overlap of
the best-matching statements and of whole entries, shared named entities, a rapidfuzz
ratio, all multiplied by a time factor. A statement keeps only links close to its best
one per other source, so a summary sentence finds its post and not its post's cousins.
"""
from __future__ import annotations

import bisect
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from rapidfuzz import fuzz

from .claims import MULTI_EVENT_KINDS
from .model import Entry, Link, Signal, Source
from .rules import Rules, zone_from_value
from .text import Analyzer

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
    outcomes: tuple[tuple[bool, bool], ...]   # per lexicon: claims an outcome, rebuts one
    speakers: frozenset[str]                  # names in "X said", "according to X"
    numbers: frozenset[str]                   # quantities with their unit: "26 drone"
    start: datetime | None           # UTC interval the entry speaks for
    end: datetime | None

    @property
    def timed(self) -> bool:
        return self.entry.time is not None


@dataclass(frozen=True)
class Scored:
    """Every compared pair with its score, kept for clustering (complete linkage)."""

    unit_a: int
    unit_b: int
    score: float
    parts: tuple[tuple[str, float, float], ...]   # (signal, value, weight)
    time_factor: float
    hours: float | None
    shared: tuple[str, ...]          # stems, rarest first
    text_a: str
    text_b: str


class Linker:
    def __init__(self, rules: Rules, analyzer: Analyzer) -> None:
        self.rules = rules
        self.an = analyzer
        self.w = rules.thresholds["weights"]
        self.floor = min(rules.t("cluster", "min_pair_score"), rules.t("link", "min_score"))
        self._weights: dict[frozenset[str], float] = {}

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
        if entry.kind in MULTI_EVENT_KINDS and len(entry.claims) > 1:
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
        outcomes = tuple((bool(o.claims_re.search(full)), bool(o.rebuts_re.search(full))) for o in self.rules.outcomes)
        speakers = frozenset(n for c in entry.claims if c.speaker for n in self.an.entities(c.speaker))
        numbers = frozenset(f"{q.value:g} {q.noun}" for q in self.an.quantities(full))
        return Profile(entry, units, all_terms, frozenset(self.an.entities(text)), outcomes, speakers,
                       numbers, start, end)

    # -- blocking ----------------------------------------------------------------------
    def candidates(self, profiles: list[Profile], idf: dict[str, float]) -> list[tuple[int, int]]:
        """Pairs of different sources, near in time, sharing at least `min_shared_keys` of
        their rarest terms (blocking keys). Never all pairs."""
        n = len(profiles)
        window = timedelta(hours=self.rules.t("blocking", "window_hours"))
        slack = timedelta(hours=self.rules.t("blocking", "date_only_slack_hours"))
        b = self.rules.thresholds["blocking"]
        # A key must be rare: in at most a share of the entries, and at most a few times the
        # square root of their number (so keys stay rare as runs grow), but never fewer
        # than a small floor (tiny runs).
        max_df = max(b["min_key_df"], min(b["max_block_df"] * n, b["key_df_sqrt"] * math.sqrt(n)))
        need = int(self.rules.t("blocking", "min_shared_keys"))
        df: dict[str, int] = defaultdict(int)
        for p in profiles:
            for t in p.terms:
                df[t] += 1
        # Postings by start time, apart for timed entries and for date-only ones (a day long).
        timed: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
        daylong: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
        keys: list[frozenset[str]] = []
        undated: list[int] = []
        for i, p in enumerate(profiles):
            # Terms seen once can pair nothing; terms seen everywhere pair everything.
            rare = sorted((t for t in p.terms if 2 <= df[t] <= max_df), key=lambda t: (-idf[t], t))
            keys.append(frozenset(rare[:_BLOCK_KEYS]))
            if p.start is None:
                undated.append(i)
                continue
            for t in keys[-1]:
                (timed if p.timed else daylong)[t].append((p.start, i))
        for index in (timed, daylong):
            for plist in index.values():
                plist.sort()

        def near(i: int) -> list[int]:
            p = profiles[i]
            found: list[int] = []
            for t in keys[i]:
                if p.start is None or p.end is None:
                    found.extend(j for _, j in timed.get(t, []) + daylong.get(t, []))
                    continue
                reach = window if p.timed else slack
                for index, extra in ((timed, timedelta(0)), (daylong, timedelta(days=1))):
                    plist = index.get(t, [])
                    lo = bisect.bisect_left(plist, (p.start - reach - extra, -1))
                    hi = bisect.bisect_right(plist, (p.end + reach, n))
                    found.extend(j for _, j in plist[lo:hi])
            return found

        pairs: set[tuple[int, int]] = set()
        for i in range(n):
            for j in set(near(i)):
                if j != i and profiles[j].entry.source != profiles[i].entry.source \
                        and len(keys[i] & keys[j]) >= need:
                    pairs.add((min(i, j), max(i, j)))
        for i in undated:   # entries with no date at all: compare on terms alone
            for t in keys[i]:
                for _, j in timed.get(t, []) + daylong.get(t, []):
                    if profiles[j].entry.source != profiles[i].entry.source and len(keys[i] & keys[j]) >= need:
                        pairs.add((min(i, j), max(i, j)))
        return sorted(pairs)

    @staticmethod
    def opposed(a: Profile, b: Profile) -> bool:
        """One entry claims an outcome (advanced) that the other rebuts (repelled)."""
        return any((ca and rb) or (cb and ra) for (ca, ra), (cb, rb) in zip(a.outcomes, b.outcomes))

    # -- scoring -----------------------------------------------------------------------
    def hours_apart(self, a: Profile, b: Profile) -> float | None:
        if a.start is None or b.start is None or a.end is None or b.end is None:
            return None
        if a.end < b.start:
            gap = b.start - a.end
        elif b.end < a.start:
            gap = a.start - b.end
        else:
            return 0.0
        return gap.total_seconds() / 3600.0

    def time_factor(self, hours: float | None) -> float:
        if hours is None:
            return 0.5
        h0 = self.rules.t("time", "half_hours")
        k = self.rules.t("time", "steepness")
        return 1.0 / (1.0 + (hours / h0) ** k)

    def _weight(self, terms: frozenset[str], idf: dict[str, float]) -> float:
        w = self._weights.get(terms)
        if w is None:
            w = self._weights[terms] = sum(idf.get(t, 0.0) for t in terms)
        return w

    def overlap(self, a: frozenset[str], b: frozenset[str], idf: dict[str, float]) -> float:
        """Rarity-weighted overlap: shared weight over the geometric mean of both weights,
        lifted towards containment when one side is a short statement."""
        both = a & b
        if not both:
            return 0.0
        shared = sum(idf.get(t, 0.0) for t in both)
        if shared == 0.0:
            return 0.0
        wa, wb = self._weight(a, idf), self._weight(b, idf)
        cosine = shared / math.sqrt(wa * wb)
        containment = shared / min(wa, wb)
        return 0.5 * cosine + 0.5 * containment

    def score(self, a: Profile, b: Profile, idf: dict[str, float], ent_idf: dict[str, float]) -> list[Scored]:
        hours = self.hours_apart(a, b)
        tf = self.time_factor(hours)
        entry_ov = self.overlap(a.terms, b.terms, idf)
        ent = self.overlap(a.entities, b.entities, ent_idf)
        opposed = 1.0 if self.opposed(a, b) else 0.0
        speaker = self.overlap(a.speakers, b.speakers, ent_idf)
        small = min(len(a.numbers), len(b.numbers))
        numbers = len(a.numbers & b.numbers) / small if small else 0.0
        w = self.w
        fixed = (entry_ov * w["entry_overlap"] + ent * w["entities"] + opposed * w["opposed_outcomes"]
                 + speaker * w["speaker"] + numbers * w["numbers"])
        out = []
        for ua in a.units:
            for ub in b.units:
                stmt = self.overlap(ua.terms, ub.terms, idf)
                if stmt == 0.0:
                    continue
                base = stmt * w["statement_overlap"] + fixed
                fz = 0.0
                # The fuzzy ratio is the costliest signal and the lightest: skip it when even
                # a perfect ratio could not lift the pair to a score that matters.
                if (base + w["fuzzy"]) * tf >= self.floor:
                    ta = ua.text if len(a.units) > 1 else a.entry.headline or ua.text
                    tb = ub.text if len(b.units) > 1 else b.entry.headline or ub.text
                    fz = fuzz.token_sort_ratio(self.an.canonical(ta), self.an.canonical(tb)) / 100.0
                total = (base + fz * w["fuzzy"]) * tf
                parts = (("statement_overlap", stmt, w["statement_overlap"]),
                         ("entry_overlap", entry_ov, w["entry_overlap"]),
                         ("fuzzy", fz, w["fuzzy"]),
                         ("entities", ent, w["entities"]),
                         ("opposed_outcomes", opposed, w["opposed_outcomes"]),
                         ("speaker", speaker, w["speaker"]),
                         ("numbers", numbers, w["numbers"]))
                # Only pairs that may become links need their shared terms spelled out.
                shared = tuple(sorted(ua.terms & ub.terms, key=lambda t: (-idf.get(t, 0.0), t))) \
                    if total >= self.floor else ()
                out.append(Scored(ua.claim, ub.claim, round(total, 4), parts, tf, hours, shared, ua.text, ub.text))
        return out

    def explain(self, s: Scored, a: Profile, b: Profile, words: dict[str, str]) -> tuple[Signal, ...]:
        """Each signal's share of the score, for the report's `why` (`words`: a's surface forms)."""
        tf = s.time_factor
        shared_words = ", ".join(words.get(t, t) for t in s.shared[:8])
        details = {"statement_overlap": shared_words,
                   "entities": ", ".join(sorted(a.entities & b.entities)[:8]),
                   "opposed_outcomes": "one side claims an outcome the other rebuts" if s.parts[4][1] else "",
                   "speaker": ", ".join(sorted(a.speakers & b.speakers)[:4]),
                   "numbers": ", ".join(sorted(a.numbers & b.numbers)[:4])}
        # Each signal adds value x weight; the time row takes away what the time factor
        # removed, so the contributions add up to the score.
        signals = [Signal(name, round(v, 4), wt, round(v * wt, 4), details.get(name, ""))
                   for name, v, wt in s.parts]
        base = sum(v * wt for _, v, wt in s.parts)
        signals.append(Signal("time", round(tf, 4), 1.0, round(base * tf - base, 4),
                              "date-only entry" if s.hours is None else f"{s.hours:.1f} h apart"))
        return tuple(signals)


def _is_zone(value: str) -> bool:
    try:
        zone_from_value(value)
        return True
    except Exception:
        return False


def build_idf(sets: list[frozenset[str]]) -> dict[str, float]:
    df: dict[str, int] = defaultdict(int)
    for s in sets:
        for t in s:
            df[t] += 1
    n = max(len(sets), 1)
    return {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}


def find_links(entries: list[Entry], sources: dict[str, Source], rules: Rules,
               analyzer: Analyzer) -> tuple[list[Link], dict[tuple[str, str], float], dict[str, float]]:
    """Links above threshold; the score of every pair that clustering can use; and each
    entry's best score against any other source (how near it came to a link)."""
    linker = Linker(rules, analyzer)
    profiles = [linker.profile(i, e, sources) for i, e in enumerate(entries)]
    idf = build_idf([p.terms for p in profiles])
    ent_idf = build_idf([p.entities for p in profiles])
    min_score = rules.t("link", "min_score")
    best_share = rules.t("link", "best_share")
    min_shared = int(rules.t("link", "min_shared_terms"))

    # Keep what later steps can use: pairs above the clustering floor (a pair never kept
    # counts as 0, below any floor) and, for links, pairs above the link threshold; and
    # each statement's best score against each other source.
    floor = linker.floor
    scored: list[tuple[int, int, Scored]] = []
    pair_scores: dict[tuple[str, str], float] = {}
    best: dict[tuple[int, int, str], float] = defaultdict(float)
    for i, j in linker.candidates(profiles, idf):
        for s in linker.score(profiles[i], profiles[j], idf, ent_idf):
            ka, kb = (i, s.unit_a, entries[j].source), (j, s.unit_b, entries[i].source)
            best[ka] = max(best[ka], s.score)
            best[kb] = max(best[kb], s.score)
            if s.score < floor:
                continue
            key = _node_pair(entries[i].id, s.unit_a, entries[j].id, s.unit_b)
            pair_scores[key] = max(pair_scores.get(key, 0.0), s.score)
            if s.score >= min_score:
                scored.append((i, j, s))

    # Which side's best decides: a summary statement reports one thing, so it keeps only
    # its best post per source (near-ties aside); a post may be summarised by several
    # statements. Between two posts (or two statements), both sides must agree.
    statement = [e.kind in MULTI_EVENT_KINDS for e in entries]
    summary_share = rules.t("link", "summary_best_share")
    links = []
    for i, j, s in scored:
        if s.score < min_score or len(s.shared) < min_shared:
            continue
        sides = [(i, s.unit_a, j), (j, s.unit_b, i)]
        if statement[i] != statement[j]:
            sides = [side for side in sides if statement[side[0]]]
        if any(s.score < (summary_share if statement[x] else best_share) * best[(x, u, entries[y].source)]
               for x, u, y in sides):
            continue
        a, b = entries[i], entries[j]
        words = linker.surface(a)
        matched = tuple(words.get(t, t) for t in s.shared[:12])
        links.append(Link(a=a.id, b=b.id, score=s.score, claim_a=s.unit_a, claim_b=s.unit_b,
                          signals=linker.explain(s, profiles[i], profiles[j], words), matched=matched,
                          text_a=s.text_a, text_b=s.text_b))
    links.sort(key=lambda l: (-l.score, l.a, l.b))
    nearest: dict[str, float] = defaultdict(float)
    for (i, _, _), score in best.items():
        nearest[entries[i].id] = max(nearest[entries[i].id], score)
    return links, pair_scores, dict(nearest)


def _node_pair(a: str, ua: int, b: str, ub: int) -> tuple[str, str]:
    x, y = f"{a}#{ua}", f"{b}#{ub}"
    return (x, y) if x <= y else (y, x)
