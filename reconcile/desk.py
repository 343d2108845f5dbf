"""Live desk mode: a run compared with the previous one.

- `reattach`: an entry edited a little since the previous run keeps its id. Entry ids are
  source + time + text fingerprint (times.entry_id), so any edit makes a new one; when a
  new id is unknown but the previous report has an entry of the same source and time
  whose headline or text is close (rapidfuzz ratio >= 85), the previous id is reused, so
  editors' review decisions keep applying.
- `compare`: what is new or changed since the previous report.json in the output folder:
  new, edited and removed entries; new sources; new events, events that gained a source,
  verdicts that changed, events regrouped or gone. Written to changes.json and marked in
  every report (render.py).
- `prepare`: the one hook pipeline.run calls before reviews are checked and applied:
  re-attaches ids and adds the store's review decisions to reviews.toml's.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from .model import Entry, Report
from .reviews import Reviews
from .store import read_decisions, store_path

SCHEMA = "reconcile/changes@1"
SIMILAR = 85.0           # rapidfuzz ratio: an edited post, not another post at the same minute


# -- the previous report ---------------------------------------------------------------

_KEEP = {"schema", "sources", "entries", "events"}
_DROP = ("claims", "links", "conflicts", "embeds", "body")


def _lean(obj: dict[str, Any]) -> dict[str, Any]:
    """json object_hook: drop what comparing runs does not read, as the file is parsed."""
    for k in _DROP:
        obj.pop(k, None)
    return obj


def load_previous(path: Path) -> tuple[dict[str, Any] | None, str]:
    """The previous report.json, lean, or None with the reason it cannot be compared."""
    if not path.exists():
        return None, ""
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh, object_hook=_lean)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return None, f"previous report {path} unreadable ({exc}); nothing compared"
    if not isinstance(data, dict) or data.get("schema") != "reconcile/report@1" \
            or not isinstance(data.get("entries"), list) or not isinstance(data.get("events"), list):
        return None, f"previous report {path} is not a reconcile report; nothing compared"
    return {k: v for k, v in data.items() if k in _KEEP}, ""


# -- re-attaching edited entries -----------------------------------------------------------

def _when(e: Entry) -> str:
    if e.time is not None:
        return e.time.strftime("%Y-%m-%dT%H:%M:%SZ")
    return "date " + e.date.isoformat() if e.date is not None else "undated"


def _prev_when(p: dict[str, Any]) -> str:
    if p.get("time"):
        return str(p["time"])
    return "date " + str(p["date"]) if p.get("date") else "undated"


def similarity(headline_a: str, text_a: str, headline_b: str, text_b: str) -> float:
    """How alike two versions of a post are: their headlines when both have one, else
    (or if higher) their texts."""
    best = fuzz.ratio(text_a, text_b)
    if headline_a and headline_b:
        best = max(best, fuzz.ratio(headline_a, headline_b))
    return best


def reattach(entries: list[Entry], previous: dict[str, Any]) -> list[Entry]:
    """Entries whose id the previous report does not know take the id of the previous
    run's entry of the same source and time, when their headline or text is similar and
    that id is not taken in this run. One to one, most similar first."""
    prev = [p for p in previous.get("entries", []) if isinstance(p, dict) and "id" in p]
    prev_ids = {p["id"] for p in prev}
    current_ids = {e.id for e in entries}
    orphans: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for p in prev:
        if p["id"] not in current_ids:
            orphans.setdefault((str(p.get("source")), _prev_when(p)), []).append(p)
    if not orphans:
        return entries
    scored: list[tuple[float, str, int, str]] = []
    for k, e in enumerate(entries):
        if e.id in prev_ids:
            continue
        text = "\n".join((e.body, *e.embeds)).strip("\n")
        for p in orphans.get((e.source, _when(e)), ()):
            score = similarity(e.headline, text, str(p.get("headline") or ""), str(p.get("text") or ""))
            if score >= SIMILAR:
                scored.append((-score, e.id, k, p["id"]))
    taken: set[str] = set()
    done: set[int] = set()
    out = list(entries)
    for _, _, k, old in sorted(scored):
        if k in done or old in taken:
            continue
        out[k] = replace(out[k], id=old)
        done.add(k)
        taken.add(old)
    return out


def prepare(folder: Path | str, options: Any, entries: list[Entry], reviews: Reviews
            ) -> tuple[list[Entry], Reviews]:
    """pipeline.run's hook, before reviews are checked and applied. `options` is a
    RunOptions; a live.DeskOptions also carries the previous report and the store."""
    previous = getattr(options, "previous", None)
    if previous:
        entries = reattach(entries, previous)
    path = getattr(options, "store", None) or store_path(folder)
    return entries, reviews.merged(read_decisions(path))


# -- what changed ------------------------------------------------------------------------

@dataclass(frozen=True)
class Changes:
    """What this run has that the previous report of its output folder did not."""

    previous: dict[str, int]
    new_entries: tuple[str, ...] = ()
    edited_entries: tuple[str, ...] = ()
    removed_entries: tuple[str, ...] = ()
    new_sources: tuple[str, ...] = ()
    removed_sources: tuple[str, ...] = ()
    events: dict[str, dict[str, Any]] = field(default_factory=dict)   # event id -> marks, previous ...
    removed_events: tuple[str, ...] = ()

    def entry_mark(self, entry_id: str) -> str:
        return "new" if entry_id in self._new else "edited" if entry_id in self._edited else ""

    def event_marks(self, event_id: str) -> list[str]:
        return list(self.events.get(event_id, {}).get("marks", []))

    @property
    def _new(self) -> frozenset[str]:
        return frozenset(self.new_entries)

    @property
    def _edited(self) -> frozenset[str]:
        return frozenset(self.edited_entries)

    def of_kind(self, mark: str) -> list[str]:
        return [i for i, v in self.events.items() if mark in v["marks"]]

    @property
    def empty(self) -> bool:
        return not (self.new_entries or self.edited_entries or self.removed_entries or self.new_sources
                    or self.removed_sources or self.events or self.removed_events)

    def summary(self) -> str:
        parts = []
        for n, one, many in ((len(self.new_sources), "new source", "new sources"),
                             (len(self.new_entries), "new entry", "new entries"),
                             (len(self.edited_entries), "edited entry", "edited entries"),
                             (len(self.removed_entries), "entry gone", "entries gone"),
                             (len(self.of_kind("new")), "new event", "new events"),
                             (len(self.of_kind("gained_source")), "event gained a source", "events gained a source"),
                             (len(self.of_kind("verdict_changed")), "verdict changed", "verdicts changed"),
                             (len(self.of_kind("regrouped")), "event regrouped", "events regrouped"),
                             (len(self.removed_events), "event gone", "events gone")):
            if n:
                parts.append(f"{n} {one if n == 1 else many}")
        return ", ".join(parts) or "no changes"

    def as_json(self) -> dict[str, Any]:
        def events_with(mark: str, *keys: str) -> list[Any]:
            ids = sorted(self.of_kind(mark))
            if not keys:
                return ids
            return [{"event": i, **{k: self.events[i][k] for k in keys}} for i in ids]

        return {
            "schema": SCHEMA,
            "previous": self.previous,
            "summary": self.summary(),
            "sources": {"new": list(self.new_sources), "removed": list(self.removed_sources)},
            "entries": {"new": list(self.new_entries), "edited": list(self.edited_entries),
                        "removed": list(self.removed_entries)},
            "events": {
                "new": events_with("new"),
                "gained_source": events_with("gained_source", "previous", "sources_added"),
                "verdict_changed": events_with("verdict_changed", "previous", "verdict_before", "verdict"),
                "edited": events_with("edited"),
                "regrouped": events_with("regrouped", "previous"),
                "removed": list(self.removed_events),
            },
        }


def _text_of(e: Entry) -> str:
    return "\n".join((e.body, *e.embeds)).strip("\n")


def compare(previous: dict[str, Any], report: Report) -> Changes:
    """This run against the previous report.json (as load_previous reads it).

    An event is the continuation of the previous event it shares most posts with (entries
    that were in one previous event only: a summary listed in several events does not tie
    them), one to one; identical entry sets always continue. Marks on a continued event:
    gained_source (sources it did not have), verdict_changed, regrouped (its entries
    changed otherwise), edited (holds an edited entry). An event continuing none is new."""
    prev_entries = {p["id"]: p for p in previous.get("entries", []) if isinstance(p, dict) and "id" in p}
    prev_events = {ev["id"]: ev for ev in previous.get("events", []) if isinstance(ev, dict) and "id" in ev}
    cur = {e.id: e for e in report.entries}
    new_entries = tuple(sorted(set(cur) - set(prev_entries)))
    removed_entries = tuple(sorted(set(prev_entries) - set(cur)))
    edited = tuple(sorted(i for i in set(cur) & set(prev_entries)
                          if (cur[i].headline, _text_of(cur[i])) != (prev_entries[i].get("headline", ""),
                                                                       prev_entries[i].get("text", ""))))
    prev_sources = {s.get("id") for s in previous.get("sources", []) if isinstance(s, dict)}
    cur_sources = {s.id for s in report.sources}

    in_prev_events: dict[str, list[str]] = {}
    for pid, ev in prev_events.items():
        for eid in ev.get("entries", []):
            in_prev_events.setdefault(eid, []).append(pid)
    candidates: list[tuple[int, float, str, str]] = []
    for ev in report.events:
        mine = set(ev.entries)
        for pid in sorted({p for eid in mine for p in in_prev_events.get(eid, ())}):
            theirs = set(prev_events[pid].get("entries", []))
            shared = mine & theirs
            anchors = sum(1 for eid in shared if len(in_prev_events[eid]) == 1)
            if not anchors and mine != theirs:
                continue
            jaccard = len(shared) / len(mine | theirs)
            candidates.append((-(anchors + (1000 if mine == theirs else 0)), -jaccard, ev.id, pid))
    successor: dict[str, str] = {}
    used: set[str] = set()
    for _, _, eid, pid in sorted(candidates):
        if eid in successor or pid in used:
            continue
        successor[eid] = pid
        used.add(pid)

    edited_set = set(edited)
    marks: dict[str, dict[str, Any]] = {}
    for ev in report.events:
        pid = successor.get(ev.id)
        record: dict[str, Any] = {"marks": [], "previous": pid}
        if pid is None:
            record["marks"].append("new")
        else:
            before = prev_events[pid]
            added = sorted(set(ev.sources) - set(before.get("sources", [])))
            if added:
                record["marks"].append("gained_source")
                record["sources_added"] = added
            if before.get("verdict") != ev.verdict:
                record["marks"].append("verdict_changed")
                record["verdict_before"], record["verdict"] = before.get("verdict"), ev.verdict
            if not added and set(before.get("entries", [])) != set(ev.entries):
                record["marks"].append("regrouped")
        if pid is not None and edited_set & set(ev.entries):
            record["marks"].append("edited")
        if record["marks"]:
            marks[ev.id] = record
    current_events = {ev.id for ev in report.events}
    removed_events = tuple(sorted(p for p in prev_events if p not in used and p not in current_events))
    counts = {"sources": len(prev_sources), "entries": len(prev_entries), "events": len(prev_events)}
    return Changes(previous=counts, new_entries=new_entries, edited_entries=edited, removed_entries=removed_entries,
                   new_sources=tuple(sorted(cur_sources - prev_sources)),
                   removed_sources=tuple(sorted(s for s in prev_sources - cur_sources if s)),
                   events=marks, removed_events=removed_events)
