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

Entry ids are stable across runs and re-dumps (source + time + text fingerprint), so a
decision keeps applying when the blogs are dumped again.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model import VERDICTS, Notice


@dataclass(frozen=True)
class PairDecision:
    a: str
    b: str
    why: str


@dataclass(frozen=True)
class VerdictDecision:
    entries: tuple[str, ...]
    verdict: str
    why: str


@dataclass(frozen=True)
class Reviews:
    path: str = ""
    not_same: tuple[PairDecision, ...] = ()
    same: tuple[PairDecision, ...] = ()
    verdicts: tuple[VerdictDecision, ...] = ()

    def split(self, a: str, b: str) -> PairDecision | None:
        return next((d for d in self.not_same if {d.a, d.b} == {a, b}), None)

    def check(self, known: set[str]) -> list[Notice]:
        """Decisions naming entries this run does not have (a typo, or a dump not given)."""
        name = Path(self.path).name
        out = []
        for kind, items in (("not_same", self.not_same), ("same", self.same)):
            for i, d in enumerate(items):
                for eid in (d.a, d.b):
                    if eid not in known:
                        out.append(Notice(name, None, "review-unknown-entry", f"{kind}[{i}] names unknown entry {eid!r}"))
        for i, v in enumerate(self.verdicts):
            for eid in v.entries:
                if eid not in known:
                    out.append(Notice(name, None, "review-unknown-entry", f"verdict[{i}] names unknown entry {eid!r}"))
        return out


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
            out.append(PairDecision(d["a"], d["b"], str(d.get("why", ""))))
        return tuple(out)

    verdicts = []
    for i, d in enumerate(data.get("verdict", [])):
        if not isinstance(d, dict) or d.get("verdict") not in VERDICTS or not d.get("entries"):
            problems.append(f"verdict[{i}] needs entries = [...] and verdict = one of {', '.join(VERDICTS)}")
            continue
        verdicts.append(VerdictDecision(tuple(d["entries"]), d["verdict"], str(d.get("why", ""))))
    result = Reviews(str(path), pairs("not_same"), pairs("same"), tuple(verdicts))
    if problems:
        raise InputError(str(path), "; ".join(problems))
    return result
