"""The review loop: an editor's decisions split and merge events on the next run."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from reconcile.cli import main

from .conftest import SEEDS


def run(folder: Path, out: Path, capsys, *extra: str) -> dict:
    assert main(["run", str(folder), "--out", str(out), "--format", "json", "--quiet", *extra]) == 0
    capsys.readouterr()
    return json.loads((out / "report.json").read_text())


def event_of(report: dict, *entry_ids: str) -> dict | None:
    return next((ev for ev in report["events"] if set(entry_ids) <= set(ev["entries"])), None)


def test_reviews_split_merge_and_set_verdict(tmp_path: Path, capsys):
    dumps = tmp_path / "dumps"
    shutil.copytree(SEEDS, dumps)
    before = run(dumps, tmp_path / "r1", capsys)
    by_head = {e["headline"] or e["text"][:60]: e["id"] for e in before["entries"]}
    scalp = by_head["France delivers long-range cruise missiles to Ukraine, says military source"]
    summary = next(e["id"] for e in before["entries"] if e["text"].startswith("France on Tuesday also began"))
    f16_training = by_head["Ukrainian pilots' F-16 training to start in August, say officials"]
    f16_turkey = next(i for h, i in by_head.items() if h.startswith("Biden, Erdogan discuss transfer of F-16s"))
    fighting = by_head["Moscow: Russian forces advanced 1.5 km in eastern Ukraine"]
    assert event_of(before, scalp, summary) is not None
    assert event_of(before, f16_training, f16_turkey) is None

    (dumps / "reviews.toml").write_text(f'''
[[not_same]]
a = "{scalp}"
b = "{summary}"
why = "test: split"

[[same]]
a = "{f16_training}"
b = "{f16_turkey}"
why = "test: merge"

[[verdict]]
entries = ["{fighting}"]
verdict = "corroborated"
why = "test: the claims do not exclude each other"
''')
    after = run(dumps, tmp_path / "r2", capsys)
    assert [e["id"] for e in after["entries"]] == [e["id"] for e in before["entries"]]
    assert event_of(after, scalp, summary) is None
    merged = event_of(after, f16_training, f16_turkey)
    assert merged is not None and "editor: same event" in merged["reviewed"]
    assert any(w["signal"] == "editor" for link in merged["links"] for w in link["why"])
    assert "not the same event" in event_of(after, scalp)["reviewed"]
    fought = event_of(after, fighting)
    assert fought["verdict"] == "corroborated" and "verdict corroborated by editor" in fought["reviewed"]


def test_unknown_entry_in_reviews_is_a_warning(tmp_path: Path, capsys):
    dumps = tmp_path / "dumps"
    shutil.copytree(SEEDS, dumps)
    (dumps / "reviews.toml").write_text('[[not_same]]\na = "nope-1"\nb = "nope-2"\n')
    report = run(dumps, tmp_path / "r", capsys)
    assert any(w["code"] == "review-unknown-entry" and "nope-1" in w["message"] for w in report["warnings"])


def test_bad_reviews_file_is_a_one_line_error(tmp_path: Path, capsys):
    bad = tmp_path / "reviews.toml"
    bad.write_text("[[verdict]]\nentries = ['x']\nverdict = 'maybe'\n")
    code = main(["run", str(SEEDS), "--out", str(tmp_path / "o"), "--reviews", str(bad)])
    err = capsys.readouterr().err
    assert code == 2 and "reviews.toml" in err and "verdict[0]" in err and len(err.strip().splitlines()) == 1
