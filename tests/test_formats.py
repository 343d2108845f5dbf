"""Realistic dumps in distinct outlet styles (tests/data/formats), each with its expected
entries and UTC times in a sidecar *.expected.json."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from reconcile.pipeline import read_sources
from reconcile.times import ClockOptions

DATA = Path(__file__).parent / "data" / "formats"
CASES = sorted(p for p in DATA.iterdir() if p.suffix != ".json")


@pytest.mark.parametrize("dump", CASES, ids=lambda p: p.name)
def test_expected_entries_and_times(rules, dump: Path):
    want = json.loads(dump.with_suffix(".expected.json").read_text())
    sources, entries, skipped, notices = read_sources([dump], rules, ClockOptions())
    got = [e for e in entries]
    assert len(got) == len(want["entries"]), [(e.headline, e.body[:40]) for e in got]
    for e, w in zip(got, want["entries"]):
        if "headline" in w:
            assert e.headline == w["headline"]
        if "text" in w:
            assert e.body.startswith(w["text"])
        if "utc" in w:
            assert e.time is not None and e.time.strftime("%Y-%m-%dT%H:%M:%SZ") == w["utc"], e.headline
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


def test_at_least_eight_styles():
    assert len(CASES) >= 8
    assert {p.suffix for p in CASES} >= {".txt", ".html", ".jsonl"}
