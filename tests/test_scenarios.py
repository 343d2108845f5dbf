"""Scenario folders: realistic multi-outlet blogs with a gold file each, held to floors."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from reconcile.cli import main

from .conftest import ROOT

SCENARIOS = sorted(p for p in (ROOT / "tests" / "scenarios").iterdir() if (p / "gold.json").exists())
FLOORS = tomllib.loads((ROOT / "tests" / "gold" / "floors.toml").read_text())["scenarios"]


def test_there_are_at_least_three():
    assert len(SCENARIOS) >= 3


@pytest.mark.parametrize("folder", SCENARIOS, ids=lambda p: p.name)
def test_scenario_meets_floors(folder: Path, tmp_path: Path, capsys):
    assert main(["run", str(folder), "--out", str(tmp_path), "--format", "json", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["eval", str(folder / "gold.json"), str(tmp_path / "report.json"), "--json"]) == 0
    s = json.loads(capsys.readouterr().out)
    found, total = s["items_found"].split("/")
    assert found == total, s["unmapped"]
    assert s["pairwise"]["f1"] >= FLOORS["min_f1"], (s["false_links"], s["missed_links"])
    assert len(s["hard_negatives_linked"]) <= FLOORS["max_hard_negatives_linked"]
    right, n = map(int, s["verdicts_right"].split("/"))
    assert n == 0 or right / n >= FLOORS["min_verdicts_share"], s["verdict_errors"]
    ok, n = s["times_right"].split("/")
    assert ok == n, s["time_errors"]
