"""Editors' decisions, kept in a plain TOML file and honoured by every run.

    [[not_same]]              # these two entries do not report the same event
    a = "trtworld-20230711T1035Z-b60a3a"
    b = "france24-20230711-f6598a"
    why = "different statements"

    [[same]]                  # these two do
    a = "..."
    b = "..."
    why = "..."

    [[verdict]]               # the event holding all these entries has this verdict
    entries = ["...", "..."]
    verdict = "conflicting"
    why = "casualty figures differ"

Entry ids are stable across runs and re-dumps (source + time + text fingerprint; an
entry edited a little keeps its id, see desk.py), so a decision keeps applying when the
blogs are dumped again. Decisions may also live in the SQLite store beside the dumps
(store.py); a run reads both.
"""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from .cluster import entry_of, node, pair_key
from .errors import InputError
from .model import VERDICTS, Entry, Event, Link, Notice, Signal


@dataclass(frozen=True)
class PairDecision:
    a: str
    b: str
    why: str
    origin: str = ""                 # the file it came from (reviews.toml or the store)

    @property
    def key(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True)
class VerdictDecision:
    entries: tuple[str, ...]
    verdict: str
    why: str
    origin: str = ""

    @property
    def key(self) -> frozenset[str]:
        return frozenset(self.entries)


@dataclass(frozen=True)
class Reviews:
    path: str = ""
    not_same: tuple[PairDecision, ...] = ()
    same: tuple[PairDecision, ...] = ()
    verdicts: tuple[VerdictDecision, ...] = ()

    def split(self, a: str, b: str) -> PairDecision | None:
        return next((d for d in self.not_same if {d.a, d.b} == {a, b}), None)

    def __len__(self) -> int:
        return len(self.not_same) + len(self.same) + len(self.verdicts)

    def check(self, known: set[str]) -> list[Notice]:
        """Decisions naming entries this run does not have (a typo, or a dump not given)."""
        name = Path(self.path).name
        out = []
        for kind, items in (("not_same", self.not_same), ("same", self.same)):
            for i, d in enumerate(items):
                for eid in (d.a, d.b):
                    if eid not in known:
                        out.append(Notice(d.origin or name, None, "review-unknown-entry",
                                          f"{kind}[{i}] names unknown entry {eid!r}"))
        for i, v in enumerate(self.verdicts):
            for eid in v.entries:
                if eid not in known:
                    out.append(Notice(v.origin or name, None, "review-unknown-entry",
                                      f"verdict[{i}] names unknown entry {eid!r}"))
        return out

    def merged(self, other: Reviews) -> Reviews:
        """These decisions, then those of `other` that decide something not decided here
        (same kind, same entries): reviews.toml first, then the store."""
        if not len(other):
            return self
        if not len(self):
            return other

        def add(mine: tuple, theirs: tuple) -> tuple:
            keys = {d.key for d in mine}
            return mine + tuple(d for d in theirs if d.key not in keys)

        return Reviews(self.path or other.path, add(self.not_same, other.not_same), add(self.same, other.same),
                       add(self.verdicts, other.verdicts))

    def to_toml(self) -> str:
        """The decisions as reviews.toml text (read back by load_reviews)."""
        out = ["# Editors' decisions for reconcile (see README: Reviewing)."]
        for kind, items in (("not_same", self.not_same), ("same", self.same)):
            for d in items:
                out += ["", f"[[{kind}]]", f"a = {_toml_str(d.a)}", f"b = {_toml_str(d.b)}", f"why = {_toml_str(d.why)}"]
        for v in self.verdicts:
            out += ["", "[[verdict]]", "entries = [" + ", ".join(_toml_str(e) for e in v.entries) + "]",
                    f"verdict = {_toml_str(v.verdict)}", f"why = {_toml_str(v.why)}"]
        return "\n".join(out) + "\n"


def _toml_str(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, plus DEL, which TOML also forbids raw."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def load_reviews(path: Path | None) -> Reviews:
    if path is None or not path.exists():
        return Reviews()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read reviews: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(str(path), f"not valid TOML ({exc})") from None
    problems = []

    def pairs(key: str) -> tuple[PairDecision, ...]:
        out = []
        for i, d in enumerate(data.get(key, [])):
            if not isinstance(d, dict) or not isinstance(d.get("a"), str) or not isinstance(d.get("b"), str):
                problems.append(f"{key}[{i}] needs string keys a and b")
                continue
            out.append(PairDecision(d["a"], d["b"], str(d.get("why", "")), origin=path.name))
        return tuple(out)

    verdicts = []
    for i, d in enumerate(data.get("verdict", [])):
        if not isinstance(d, dict) or d.get("verdict") not in VERDICTS or not d.get("entries"):
            problems.append(f"verdict[{i}] needs entries = [...] and verdict = one of {', '.join(VERDICTS)}")
            continue
        verdicts.append(VerdictDecision(tuple(d["entries"]), d["verdict"], str(d.get("why", "")), origin=path.name))
    result = Reviews(str(path), pairs("not_same"), pairs("same"), tuple(verdicts))
    if problems:
        raise InputError(str(path), "; ".join(problems))
    return result


def apply_pair_reviews(links: list[Link], pair_scores: dict[tuple[str, str], float], reviews: Reviews,
                       by_id: dict[str, Entry]) -> tuple[list[Link], dict[tuple[str, str], float], dict[str, str]]:
    """Editors' split and merge decisions: a split removes the link and forbids the pair in
    one event; a merge adds a link the engine did not find. Returns notes per entry id."""
    notes: dict[str, str] = {}
    if not (reviews.not_same or reviews.same):
        return links, pair_scores, notes
    kept = []
    for link in links:
        if reviews.split(link.a, link.b) is None:
            kept.append(link)
    scores = dict(pair_scores)
    for d in reviews.not_same:
        for key in list(scores):
            if {entry_of(key[0]), entry_of(key[1])} == {d.a, d.b}:
                scores[key] = 0.0
        notes[d.a] = f"editor: not the same event as {d.b}" + (f" ({d.why})" if d.why else "")
        notes[d.b] = f"editor: not the same event as {d.a}" + (f" ({d.why})" if d.why else "")
    for d in reviews.same:
        if d.a not in by_id or d.b not in by_id:
            continue
        signal = Signal("editor", 1.0, 1.0, 1.0, d.why or "same event, by an editor's decision")
        kept.append(Link(d.a, d.b, 1.0, 0, 0, (signal,), (), by_id[d.a].headline or by_id[d.a].body[:200],
                         by_id[d.b].headline or by_id[d.b].body[:200]))
        scores[pair_key(node(d.a, 0), node(d.b, 0))] = 1.0
        notes[d.a] = notes[d.b] = "editor: same event" + (f" ({d.why})" if d.why else "")
    return kept, scores, notes


def apply_event_reviews(event: Event, reviews: Reviews, notes: dict[str, str]) -> Event:
    marks = sorted({notes[e] for e in event.entries if e in notes})
    for v in reviews.verdicts:
        if set(v.entries) <= set(event.entries):
            said = "verdict set by editor" + (f": {v.why}" if v.why else "")
            event = replace(event, verdict=v.verdict, detail="; ".join(x for x in (event.detail, said) if x))
            marks.append(f"verdict {v.verdict} by editor" + (f" ({v.why})" if v.why else ""))
    return replace(event, reviewed="; ".join(marks)) if marks else event
