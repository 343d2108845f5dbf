"""The CLI on seeds/ against the hand-written gold, determinism, and the committed reports."""
from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from .conftest import GOLD, ROOT, SEEDS

FLOORS = tomllib.loads((ROOT / "tests" / "gold" / "floors.toml").read_text())
REFERENCE_SCORER = ROOT / "tests" / "gold" / "reference_score.py"   # copy of ../shared/eval/score.py


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reconcile", *args], capture_output=True, text=True, cwd=cwd,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "CI": "1"})


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    result = cli("run", str(SEEDS), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "2 sources, 31 entries" in result.stdout
    return out


def score(report: Path) -> dict:
    scorer = Path("/work/shared/eval/score.py")
    scorer = scorer if scorer.exists() else REFERENCE_SCORER
    out = subprocess.run([sys.executable, str(scorer), str(GOLD), str(report), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_seed_scores_meet_the_floors(seed_run: Path):
    s = score(seed_run / "report.json")
    floors = FLOORS["seeds"]
    assert s["items_found"] == floors["items_found"]
    assert s["times_right"] == floors["times_right"], s["time_errors"]
    assert s["f1"] >= floors["min_f1"], (s["false_links"], s["missed"])
    assert s["hard_negatives_linked"] == []
    found = s["verdicts_right"].split("/")
    assert found[0] == found[1]
    assert s["singles_right"] == floors["singles_right"]


def test_own_eval_agrees_with_reference_scorer(seed_run: Path):
    result = cli("eval", str(GOLD), str(seed_run / "report.json"), "--json")
    assert result.returncode == 0, result.stderr
    own, ref = json.loads(result.stdout), score(seed_run / "report.json")
    assert own["pairwise"]["f1"] == ref["f1"]
    assert own["times_right"] == ref["times_right"]
    assert own["hard_negatives_linked"] == ref["hard_negatives_linked"]


def test_report_contract(seed_run: Path):
    report = json.loads((seed_run / "report.json").read_text())
    assert report["schema"] == "reconcile/report@1"
    assert {"id", "file", "publisher", "timezone", "entries"} <= set(report["sources"][0])
    entry_ids = {e["id"] for e in report["entries"]}
    in_events = {i for ev in report["events"] for i in ev["entries"]}
    assert in_events == entry_ids                     # every entry is in at least one event
    for ev in report["events"]:
        assert ev["verdict"] in {"corroborated", "conflicting", "single_source"}
        assert 0.0 <= ev["confidence"] <= 1.0
        for link in ev["links"]:
            assert {"a", "b", "score", "why"} <= set(link) and link["why"]
            # The waterfall: prior and each comparison's log2 Bayes factor add up to the
            # match weight, whose probability is the link's score.
            weight = sum(w["contribution"] for w in link["why"])
            assert link["why"][0]["signal"] == "prior"
            assert abs(1 / (1 + 2 ** -weight) - link["score"]) < 0.002, link
    for e in report["entries"]:
        assert e["time"] is None or e["time"].endswith("Z")


def test_every_line_is_accounted_for(seed_run: Path):
    report = json.loads((seed_run / "report.json").read_text())
    for src in sorted(SEEDS.glob("*.txt")):
        lines = src.read_text(encoding="utf-8-sig").splitlines()
        want = {n for n, line in enumerate(lines, 1) if line.strip()}
        covered: list[int] = []
        for e in report["entries"]:
            if e["file"] == src.name:
                covered.extend(range(e["lines"][0], e["lines"][1] + 1))
        skipped = [s["line"] for s in report["skipped"] if s["file"] == src.name]
        got = [n for n in covered if n in want] + skipped
        assert sorted(got) == sorted(want), src.name


def test_two_runs_are_byte_identical(seed_run: Path, tmp_path: Path):
    result = cli("run", str(SEEDS), "--out", str(tmp_path))
    assert result.returncode == 0
    for name in ("report.json", "report.md", "report.html"):
        assert (tmp_path / name).read_bytes() == (seed_run / name).read_bytes(), name


def test_committed_reports_are_fresh(seed_run: Path):
    """reports/ must be what the quick start writes from seeds/ with this code and these rules."""
    for name in sorted(p.name for p in seed_run.iterdir()):
        committed = ROOT / "reports" / name
        assert committed.exists(), f"reports/{name} missing: run the quick start and commit it"
        assert committed.read_bytes() == (seed_run / name).read_bytes(), \
            f"reports/{name} is stale: run `reconcile run seeds/ --out reports/` and commit"


def test_report_matches_the_shipped_json_schema(seed_run: Path):
    import jsonschema
    from importlib.resources import files

    schema = json.loads(files("reconcile").joinpath("schema/report.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads((seed_run / "report.json").read_text()), schema)


def test_exports(seed_run: Path):
    import csv

    rows = list(csv.DictReader((seed_run / "events.csv").open(encoding="utf-8")))
    report = json.loads((seed_run / "report.json").read_text())
    assert len(rows) == len(report["events"])
    assert {r["verdict"] for r in rows} <= {"corroborated", "conflicting", "single_source"}
    assert [r["verdict"] for r in rows] == [ev["verdict"] for ev in report["events"]]
    graph = json.loads((seed_run / "claimreview.jsonld").read_text())
    assert graph["@context"] == "https://schema.org"
    assert all(n["@type"] == "ClaimReview" and n["reviewRating"]["alternateName"] for n in graph["@graph"])
