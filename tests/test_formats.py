"""Realistic dumps in real outlets' layouts (tests/data/formats), each with its expected
entries and UTC times in a sidecar *.expected.json.

Two sidecar shapes: the first hand-written cases list headline/text prefixes; the
catalogue cases (one per outlet row of the layout catalogue, written from the catalogue
by someone who had not read the parser) list an `anchor` substring per entry with its
`utc`, `date` or `time: null`, and `not_entries` strings that must not open an entry.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reconcile.pipeline import read_sources
from reconcile.times import ClockOptions

DATA = Path(__file__).parent / "data" / "formats"
CASES = sorted(p for p in DATA.iterdir() if p.suffix != ".json")
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", (s or "").translate(QUOTES)).strip()


def _utc(e) -> str | None:
    return e.time.strftime("%Y-%m-%dT%H:%M:%SZ") if e.time is not None else None


def _score_anchored(want: dict, entries: list) -> dict[str, list[str]]:
    """Per expected entry: found as its own entry? time right, missing, or WRONG?"""
    texts = [norm(" ".join([e.headline, e.body, *e.embeds])) for e in entries]
    out: dict[str, list[str]] = {"own": [], "lost": [], "right": [], "missing": [], "wrong": []}
    used: set[int] = set()
    for w in want["entries"]:
        a = norm(w["anchor"])
        hits = [i for i, t in enumerate(texts) if a in t]
        if not hits:
            out["lost"].append(w["anchor"])
            continue
        i = min(hits, key=lambda i: len(texts[i]))
        (out["own"] if i not in used else out["lost"]).append(w["anchor"])
        used.add(i)
        got = _utc(entries[i])
        if "utc" in w:
            out["right" if got == w["utc"] else "missing" if got is None else "wrong"].append(
                f"{w['anchor'][:40]}: want {w['utc']} got {got}")
        elif got is not None:
            out["wrong"].append(f"{w['anchor'][:40]}: no time is knowable, got {got}")
    return out


# Known gaps, each a test that fails loudly (strict xfail) once it is fixed:
KNOWN_WRONG = {
    "adevarul_2024-06-09.txt": "a headline-and-paragraph block between two UPDATE posts is read as part of the post above",
    "washingtonpost_2024-10-09.txt": "index list: a stamp that lost its digits shifts one headline onto its neighbour's time",
}


@pytest.mark.parametrize("dump", CASES, ids=lambda p: p.name)
def test_expected_entries_and_times(rules, dump: Path):
    want = json.loads(dump.with_suffix(".expected.json").read_text())
    sources, entries, skipped, notices = read_sources([dump], rules, ClockOptions())
    if want["entries"] and "anchor" in want["entries"][0]:
        got = _score_anchored(want, entries)
        if dump.name in KNOWN_WRONG and got["wrong"]:
            pytest.xfail(KNOWN_WRONG[dump.name])
        # Never a wrong time: a time the page does not give is left empty.
        assert not got["wrong"], got["wrong"]
        assert dump.name not in KNOWN_WRONG, "fixed: remove it from KNOWN_WRONG"
    else:
        assert len(entries) == len(want["entries"]), [(e.headline, e.body[:40]) for e in entries]
        for e, w in zip(entries, want["entries"]):
            if "headline" in w:
                assert e.headline == w["headline"]
            if "text" in w:
                assert e.body.startswith(w["text"])
            if "utc" in w:
                assert _utc(e) == w["utc"], e.headline
            if "date" in w:
                assert e.date is not None and e.date.isoformat() == w["date"] and e.time is None
            if "printed_time" in w:
                assert e.printed_time == w["printed_time"]
            if "kind" in w:
                assert e.kind == w["kind"]
        reasons = {s.reason for s in skipped}
        assert set(want.get("skipped", [])) <= reasons, reasons
        assert set(want.get("warnings", [])) <= {n.code for n in notices}
    if dump.suffix == ".txt":
        # Every non-blank line ends in exactly one entry or in the skipped list.
        lines = dump.read_text(encoding="utf-8").splitlines()
        nonblank = [n for n, line in enumerate(lines, 1) if line.strip()]
        assert sorted([n for e in entries for n in e.line_numbers] + [s.line for s in skipped]) == nonblank


def test_every_catalogue_family_is_covered():
    assert len(CASES) >= 40
    assert {p.suffix for p in CASES} >= {".txt", ".html", ".jsonl"}


def test_catalogue_dumps_meet_the_floors(rules):
    """Over every anchored dump: posts found as their own entry, times right; floors in
    tests/gold/floors.toml (measured with bench/formats_score.py)."""
    import tomllib

    floors = tomllib.loads((Path(__file__).parent / "gold" / "floors.toml").read_text())["formats"]
    own = expected = right = timed = 0
    for dump in CASES:
        want = json.loads(dump.with_suffix(".expected.json").read_text())
        if not want["entries"] or "anchor" not in want["entries"][0]:
            continue
        _, entries, _, _ = read_sources([dump], rules, ClockOptions())
        got = _score_anchored(want, entries)
        own += len(got["own"])
        expected += len(want["entries"])
        right += len(got["right"])
        timed += len(got["right"]) + len(got["missing"]) + len(got["wrong"])
    assert own / expected >= floors["min_own_entries"], (own, expected)
    assert right / timed >= floors["min_times_right"], (right, timed)
