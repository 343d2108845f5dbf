"""Stage 7: a verdict per event, with its evidence.

- conflicting: sources report the event but disagree (outcome words that rebut each other,
  different numbers for the same quantity);
- corroborated: at least two independent origins agree. Two outlets running the same wire
  copy (same agency cited, near-identical text) are one origin;
- single_source: one origin only. `detail` says "same wire copy" when several outlets
  carry one origin.
"""
from __future__ import annotations

import hashlib
import re
from functools import cached_property
from itertools import combinations

from rapidfuzz import fuzz

from .model import Conflict, Entry, Event, Link, Verdict
from .rules import Rules
from .text import Analyzer


class Judge:
    def __init__(self, rules: Rules, analyzer: Analyzer) -> None:
        self.rules = rules
        self.an = analyzer
        self._wires: dict[str, frozenset[str]] = {}
        self._quantity_cache: dict[str, dict[str, list]] = {}
        self._issued: set[str] = set()     # event ids given out by this judge

    @cached_property
    def _wire_re(self) -> re.Pattern[str]:
        names = sorted(self.rules.wires, key=len, reverse=True)
        return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")

    def wires_cited(self, entry: Entry) -> frozenset[str]:
        cached = self._wires.get(entry.id)
        if cached is None:
            cached = self._wires[entry.id] = frozenset(self._wire_re.findall(entry.headline + "\n" + entry.body))
        return cached

    # -- conflicts -------------------------------------------------------------------
    def conflicts(self, a: Entry, b: Entry) -> list[Conflict]:
        found: list[Conflict] = []
        sa = [c.text for c in a.claims]
        sb = [c.text for c in b.claims]
        for outcome in self.rules.outcomes:
            claims, rebuts = outcome.claims_re, outcome.rebuts_re
            for x, xs, y, ys in ((a, sa, b, sb), (b, sb, a, sa)):
                said = next((s for s in xs if claims.search(s) and not rebuts.search(s)), None)
                denied = next((s for s in ys if rebuts.search(s)), None)
                if said and denied:
                    w1 = claims.search(said).group(0)          # type: ignore[union-attr]
                    w2 = rebuts.search(denied).group(0)        # type: ignore[union-attr]
                    found.append(Conflict("outcome", f"{outcome.name}: '{w1}' vs '{w2}'",
                                          x.id, said, y.id, denied))
                    break
            if found:
                break
        qa = self._quantities(a)
        qb = self._quantities(b)
        for noun in sorted(set(qa) & set(qb)):
            va, vb = {q.value for q in qa[noun]}, {q.value for q in qb[noun]}
            if va.isdisjoint(vb):
                x, y = qa[noun][0], qb[noun][0]
                found.append(Conflict("number", f"{noun}: {x.text!r} vs {y.text!r}",
                                      a.id, self._sentence_with(a, x.text), b.id, self._sentence_with(b, y.text)))
        return found

    def _quantities(self, e: Entry) -> dict[str, list]:
        out = self._quantity_cache.get(e.id)
        if out is None:
            out = self._quantity_cache[e.id] = {}
            for c in e.claims:
                for q in self.an.quantities(c.text):
                    out.setdefault(q.noun, []).append(q)
        return out

    @staticmethod
    def _sentence_with(e: Entry, fragment: str) -> str:
        return next((c.text for c in e.claims if fragment.split()[0] in c.text), fragment)

    # -- origins -----------------------------------------------------------------------
    def origins(self, entries: list[Entry]) -> tuple[list[str], str]:
        """Independent origins: sources, with outlets carrying the same wire copy merged."""
        parent = {e.source: e.source for e in entries}

        def find(x: str) -> str:
            while parent[x] != x:
                x = parent[x]
            return x

        shared_wires: set[str] = set()
        copy_ratio = self.rules.t("verdict", "same_copy_ratio")
        for a, b in combinations(entries, 2):
            if a.source == b.source:
                continue
            ratio = self.copy_ratio(a, b)
            common = self.wires_cited(a) & self.wires_cited(b)
            if ratio >= copy_ratio or (common and ratio >= copy_ratio - 20):
                parent[find(a.source)] = find(b.source)
                shared_wires |= common
        groups: dict[str, list[str]] = {}
        for s in sorted(parent):
            groups.setdefault(find(s), []).append(s)
        names = []
        for members in groups.values():
            names.append(" + ".join(members) + (f" (same copy: {', '.join(sorted(shared_wires))})"
                                                if len(members) > 1 and shared_wires else
                                                " (same copy)" if len(members) > 1 else ""))
        detail = ""
        if len(groups) == 1 and len(parent) > 1:
            detail = "same wire copy: " + (", ".join(sorted(shared_wires)) or "near-identical text") \
                     + "; not independent confirmation"
        return sorted(names), detail

    def copy_ratio(self, a: Entry, b: Entry) -> float:
        """How close the two entries' most similar sentences are (rapidfuzz ratio, 0-100);
        sentences under eight words are too short to tell copy from coincidence."""
        sa = [self.an.canonical(c.text) for c in a.claims if len(c.text.split()) >= 8]
        sb = [self.an.canonical(c.text) for c in b.claims if len(c.text.split()) >= 8]
        best = 0.0
        for x in sa:
            for y in sb:
                best = max(best, fuzz.ratio(x, y, score_cutoff=best))
        return best

    # -- verdict -----------------------------------------------------------------------
    def judge(self, entries: list[Entry], links: tuple[Link, ...], best_other: float | None) -> Event:
        ordered = sorted(entries, key=lambda e: (e.time is None, e.time or 0, e.source, e.id))  # type: ignore[arg-type]
        sources = tuple(sorted({e.source for e in entries}))
        conflicts: list[Conflict] = []
        for a, b in combinations(ordered, 2):
            if a.source != b.source:
                conflicts.extend(self.conflicts(a, b))
        origins, detail = self.origins(ordered)
        verdict: Verdict
        if conflicts:
            verdict = "conflicting"
        elif len(origins) >= 2:
            verdict = "corroborated"
        else:
            verdict = "single_source"
        nearest: float | None = None
        if links:
            # The event holds if its weakest kept link does: that link's match probability.
            confidence = min(l.score for l in links)
        elif best_other is not None and best_other > 0.0:
            # How sure that nothing else reports it: 1 - the nearest candidate's probability.
            # A compared pair always has a probability above 0 (1 / (1 + 2^-w), w finite),
            # so 0.0 (what the pipeline passes for an entry absent from find_links' `nearest`)
            # or None means the entry was never compared with another outlet's.
            nearest = round(best_other, 4)
            confidence = 1.0 - best_other
        else:
            confidence = 1.0
        times = [e.time for e in ordered if e.time is not None]
        head = ordered[0]
        summary = head.headline or (head.claims[0].text if head.claims else head.body[:200])
        if len(links) and any(e.kind != "post" for e in ordered):
            posts = [e for e in ordered if e.kind == "post" and e.headline]
            if posts:
                summary = posts[0].headline
        ids = tuple(sorted(e.id for e in entries))
        # Stable across runs whenever the entries are: a hash of the entry ids only. Two
        # events of one run with the same entries (two summaries matched claim by claim)
        # are told apart by their links.
        event_id = "ev-" + hashlib.sha1("|".join(ids).encode()).hexdigest()[:10]
        if event_id in self._issued:
            event_id = "ev-" + hashlib.sha1("|".join(ids).encode() + b"|" + "|".join(
                sorted(f"{l.a}#{l.claim_a}-{l.b}#{l.claim_b}" for l in links)).encode()).hexdigest()[:10]
        self._issued.add(event_id)
        return Event(
            id=event_id, verdict=verdict, confidence=round(confidence, 3), entries=ids, sources=sources,
            origins=tuple(origins), summary=summary,
            start=min(times) if times else None, end=max(times) if times else None,
            links=links, conflicts=tuple(conflicts), detail=detail, nearest=nearest,
        )
