"""Labelled multi-outlet days, held to floors: the *dev* set (tests/corpus/dev, written
independently of the engine, tuned on) and the *test* set (tests/corpus/test, written by
helpers who never read the engine's code, on other stories; never tuned on). A floor sits
just under the figure measured when it was set; see tests/gold/floors.toml."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from reconcile.cli import main

from .conftest import ROOT

FLOORS = tomllib.loads((ROOT / "tests" / "gold" / "floors.toml").read_text())
DAYS = sorted(p for p in (ROOT / "tests" / "corpus").glob("*/*") if (p / "gold.json").exists())


def test_both_piles_are_there():
    piles = {p.parent.name for p in DAYS}
    assert piles == {"dev", "test"}
    assert sum(1 for p in DAYS if p.parent.name == "test") >= 4


@pytest.mark.corpus
@pytest.mark.parametrize("day", DAYS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_day_meets_its_floor(day: Path, tmp_path: Path, capsys):
    floor = FLOORS["corpus"][day.parent.name][day.name]
    assert main(["run", str(day), "--out", str(tmp_path / "out"), "--format", "json", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["eval", str(day / "gold.json"), str(tmp_path / "out" / "report.json"), "--json"]) == 0
    s = json.loads(capsys.readouterr().out)
    found, total = s["items_found"].split("/")
    assert found == total, s["unmapped"]
    assert s["pairwise"]["f1"] >= floor["min_f1"], (s["pairwise"], s["false_links"][:5], s["missed_links"][:5])
    assert len(s["hard_negatives_linked"]) <= floor["max_hard_negatives"], s["hard_negatives_linked"]
    ok, n = map(int, s["times_right"].split("/"))
    assert ok >= floor["min_times_right"] * n, s["time_errors"]
