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


def _check_anchored(want: dict, entries: list) -> None:
    texts = [norm(" ".join([e.headline, e.body, *e.embeds])) for e in entries]
    found = []
    for w in want["entries"]:
        a = norm(w["anchor"])
        hits = [i for i, t in enumerate(texts) if a in t]
        assert hits, f"no entry holds {w['anchor']!r}"
        i = min(hits, key=lambda i: len(texts[i]))
        found.append(i)
        e = entries[i]
        if "utc" in w:
            assert _utc(e) == w["utc"], (w["anchor"], e.printed_time)
        elif "date" in w:
            assert e.time is None and e.date is not None and e.date.isoformat() == w["date"], (w["anchor"], _utc(e), e.date)
        else:
            assert e.time is None, (w["anchor"], "must have no time, never a wrong one", _utc(e))
    assert len(set(found)) == len(found), "two expected entries were read as one"
    assert len(entries) == len(want["entries"]), [t[:50] for j, t in enumerate(texts) if j not in found]


@pytest.mark.parametrize("dump", CASES, ids=lambda p: p.name)
def test_expected_entries_and_times(rules, dump: Path):
    want = json.loads(dump.with_suffix(".expected.json").read_text())
    sources, entries, skipped, notices = read_sources([dump], rules, ClockOptions())
    if want["entries"] and "anchor" in want["entries"][0]:
        _check_anchored(want, entries)
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
        lines = dump.read_text(encoding="utf-8").splitlines()
        nonblank = [n for n, line in enumerate(lines, 1) if line.strip()]
        assert sorted([n for e in entries for n in e.line_numbers] + [s.line for s in skipped]) == nonblank


def test_every_catalogue_family_is_covered():
    assert len(CASES) >= 40
    assert {p.suffix for p in CASES} >= {".txt", ".html", ".jsonl"}
