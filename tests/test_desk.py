"""The desk's workflow: confidence in words, live re-runs that mark what changed, entry and
event ids that survive re-runs and small edits, and review decisions kept in the SQLite
store beside the dumps (reconcile reviews import/export, reconcile watch)."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from reconcile.cli import main
from reconcile.desk import compare, load_previous, reattach
from reconcile.model import Entry, Report
from reconcile.reviews import load_reviews
from reconcile.store import STORE_NAME, read_decisions
from reconcile.verdict import Judge

from .conftest import ROOT
from .helpers import entry

ALPHA = """Alpha News live: the day in brief
Tuesday, July 11, 2023
All times are GMT.
1000 GMT — Odesa grain port reopens after overnight drone strike
The port of Odesa reopened its grain terminal on Tuesday morning after Russian drones damaged two warehouses overnight, regional governor Oleg Kiper said.
Kiper said 26 drones were shot down and no one was hurt at the terminal.
1100 GMT — Helsinki and Tallinn ferries sail again after strike ends
Ferry crossings between Helsinki and Tallinn resumed at noon after dockworkers ended a two-day strike over pay, the operator Eckero Line said.
Passengers with cancelled tickets will be rebooked free of charge.
1200 GMT — Hungarian central bank holds base rate at 13 percent
The National Bank of Hungary kept its base rate unchanged at 13 percent, governor Gyorgy Matolcsy told reporters in Budapest.
Analysts polled by the bank had expected no change before September.
1300 GMT — Wildfire forces evacuation of villages near Athens
Firefighters battled a wildfire in the Parnitha mountains north of Athens on Tuesday as authorities ordered residents of Fyli and Ano Liosia to leave their homes.
More than 200 firefighters and nine water-dropping aircraft were deployed, the Greek fire service said.
"""

BETA = """Beta Times rolling coverage
July 11, 2023
All times are GMT.
10:25 GMT - Odesa grain terminal back in operation after drone attack
Odesa's grain terminal is working again after an overnight Russian drone attack hit two warehouses, governor Oleg Kiper said on Tuesday.
Air defences downed 26 drones, Kiper said, adding nobody was injured.
14:10 GMT - Lithuania to host Ukraine defence industry forum in autumn
Vilnius will host a forum for Ukrainian and European arms makers in October, Lithuania's economy minister Aušrinė Armonaitė announced.
"""

GAMMA = """Gamma Wire live
11 July 2023
All times are GMT.
13:20 GMT: Greek authorities evacuate villages as wildfire rages near Athens
Residents of Fyli and Ano Liosia were ordered to leave their homes as a wildfire spread through the Parnitha mountains north of Athens, the Greek fire service said.
It said more than 200 firefighters and nine water-dropping aircraft were battling the blaze.
"""

NEW_POST = ("1430 GMT — Kyiv parliament approves wartime budget amendment\n"
            "The Verkhovna Rada approved an amendment raising defence spending by 537 billion hryvnias, "
            "speaker Ruslan Stefanchuk said.\n")


def validate(doc: dict, schema: str) -> None:
    import jsonschema
    from importlib.resources import files

    spec = json.loads(files("reconcile").joinpath("schema", schema).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(spec)
    jsonschema.validate(doc, spec)


def make_dumps(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "alpha.txt").write_text(ALPHA, encoding="utf-8")
    (folder / "beta.txt").write_text(BETA, encoding="utf-8")
    return folder


def update_dumps(folder: Path) -> None:
    """What a live desk sees between two runs: a post edited a little, a new post in the
    same dump, and a new outlet's dump reporting an event only one outlet had."""
    alpha = folder / "alpha.txt"
    text = alpha.read_text(encoding="utf-8")
    text = text.replace("after Russian drones damaged two warehouses overnight",
                        "after Russian drones damaged two grain warehouses overnight")
    text = text.replace("All times are GMT.\n", "All times are GMT.\n" + NEW_POST, 1)
    alpha.write_text(text, encoding="utf-8")
    (folder / "gamma.txt").write_text(GAMMA, encoding="utf-8")


def run(folder: Path, out: Path, *extra: str) -> dict:
    assert main(["run", str(folder), "--out", str(out), "-q", *extra]) == 0
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def by_head(report: dict) -> dict[str, str]:
    return {e["headline"]: e["id"] for e in report["entries"]}


def event_of(report: dict, entry_id: str) -> dict:
    return next(ev for ev in report["events"] if entry_id in ev["entries"])


# -- trust at a glance -----------------------------------------------------------------

def test_confidence_says_what_it_means(tmp_path: Path):
    dumps = make_dumps(tmp_path / "dumps")
    report = run(dumps, tmp_path / "out")
    heads = by_head(report)
    odesa = event_of(report, heads["Odesa grain port reopens after overnight drone strike"])
    ferry = event_of(report, heads["Helsinki and Tallinn ferries sail again after strike ends"])
    fire = event_of(report, heads["Wildfire forces evacuation of villages near Athens"])
    assert odesa["verdict"] == "corroborated" and odesa["nearest"] is None
    assert odesa["confidence"] == min(l["score"] for l in odesa["links"])
    # compared with another outlet's entry, which came nowhere near: a number
    assert ferry["verdict"] == "single_source" and isinstance(ferry["nearest"], float)
    assert ferry["confidence"] == pytest.approx(1 - ferry["nearest"], abs=1e-3)
    # nothing from another outlet was even a candidate: never compared
    assert fire["verdict"] == "single_source" and fire["nearest"] is None and fire["confidence"] == 1.0

    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    for text in (html, md):
        assert "match probability" in text
        assert "check before reuse" in text
        assert "never compared" in text
    card = html.split(f'id="{fire["id"]}"', 1)[1].split("</article>", 1)[0]
    assert "not corroborated — check before reuse" in card and "never compared" in card
    card = html.split(f'id="{ferry["id"]}"', 1)[1].split("</article>", 1)[0]
    assert "nearest candidate from another outlet: match probability" in card and "never compared" not in card
    card = html.split(f'id="{odesa["id"]}"', 1)[1].split("</article>", 1)[0]
    assert "match probability" in card and "check before reuse" not in card and "confidence" not in card
    # single-source rows in the Markdown say how near the nearest candidate came
    row = next(l for l in md.splitlines() if "Helsinki and Tallinn" in l)
    assert "match probability" in row
    row = next(l for l in md.splitlines() if "Wildfire forces" in l)
    assert row.rstrip(" |").endswith("never compared")


def test_judge_nearest_and_event_id_from_entry_ids_only(rules):
    from reconcile.model import Link, Signal
    from reconcile.text import Analyzer

    judge = Judge(rules, Analyzer(rules))
    a = entry("a-1", "a", "Harbour reopens after the storm", "2023-07-11T10:00:00")
    b = entry("b-1", "b", "Harbour reopens after storm", "2023-07-11T10:05:00")
    never = judge.judge([a], (), 0.0)
    near = Judge(rules, Analyzer(rules)).judge([a], (), 0.25)
    assert never.nearest is None and never.confidence == 1.0
    assert near.nearest == 0.25 and near.confidence == 0.75
    link1 = Link("a-1", "b-1", 0.9, 0, 0, (Signal("prior", 0.1, 1.0, 3.17),), (), "x", "y")
    link2 = Link("a-1", "b-1", 0.8, 1, 0, (Signal("prior", 0.1, 1.0, 2.0),), (), "x", "y")
    one = Judge(rules, Analyzer(rules)).judge([a, b], (link1,), 0.0)
    two = Judge(rules, Analyzer(rules)).judge([b, a], (link2,), 0.0)
    assert one.id == two.id                           # same entries, same id, whatever the links
    assert one.nearest is None and one.confidence == 0.9
    # two events of one run with the same entries still get different ids
    same_run = Judge(rules, Analyzer(rules))
    assert same_run.judge([a, b], (link1,), 0.0).id != same_run.judge([a, b], (link2,), 0.0).id


# -- re-attaching edited posts -----------------------------------------------------------

def _prev(*entries: Entry) -> dict:
    return {"entries": [{"id": e.id, "source": e.source, "headline": e.headline, "text": e.body,
                         "time": e.time.strftime("%Y-%m-%dT%H:%M:%SZ") if e.time else None,
                         "date": e.date.isoformat() if e.date else None} for e in entries]}


def test_reattach_keeps_the_id_of_a_post_edited_a_little():
    old = entry("s-20230711T1000Z-aaaaaa", "s", "Ferries resume on every route after the strike ended at noon.",
                "2023-07-11T10:00:00", headline="Ferries resume after strike")
    edited = entry("s-20230711T1000Z-bbbbbb", "s", "Ferries resumed on every route after the strike ended at noon.",
                   "2023-07-11T10:00:00", headline="Ferries resume after strike")
    retitled = entry("s-20230711T1000Z-cccccc", "s", "Totally different text about elections in the north.",
                     "2023-07-11T10:00:00", headline="Ferries resume after strikes")
    other = entry("s-20230711T1000Z-dddddd", "s", "Central bank holds its base rate at thirteen percent.",
                  "2023-07-11T10:00:00", headline="Rate on hold")
    later = entry("s-20230711T1100Z-eeeeee", "s", "Ferries resumed on every route after the strike ended at noon.",
                  "2023-07-11T11:00:00", headline="Ferries resume after strike")
    elsewhere = entry("t-20230711T1000Z-ffffff", "t", "Ferries resumed on every route after the strike ended at noon.",
                      "2023-07-11T10:00:00", headline="Ferries resume after strike")
    prev = _prev(old)
    assert [e.id for e in reattach([edited], prev)] == [old.id]          # text edited a little
    assert [e.id for e in reattach([retitled], prev)] == [old.id]        # headline close: same post
    assert [e.id for e in reattach([other], prev)] == [other.id]         # another post at that minute
    assert [e.id for e in reattach([later], prev)] == [later.id]         # another time
    assert [e.id for e in reattach([elsewhere], prev)] == [elsewhere.id]  # another source
    # one to one, the most similar first; an id still in use is never taken
    assert [e.id for e in reattach([retitled, edited], prev)] == [retitled.id, old.id]
    assert [e.id for e in reattach([old, edited], prev)] == [old.id, edited.id]


# -- live re-runs: what changed, stable ids, decisions that keep applying -----------------

def check_second_run(first: dict, second: dict, changes: dict) -> None:
    """The changes between make_dumps and update_dumps, exactly."""
    h1, h2 = by_head(first), by_head(second)
    edited_head = "Odesa grain port reopens after overnight drone strike"
    edited = h1[edited_head]
    assert h2[edited_head] == edited                                       # edited post keeps its id
    new_post = h2["Kyiv parliament approves wartime budget amendment"]
    gamma = h2["Greek authorities evacuate villages as wildfire rages near Athens"]
    assert changes["schema"] == "reconcile/changes@1"
    assert changes["previous"] == {"sources": 2, "entries": 6, "events": len(first["events"])}
    assert changes["sources"] == {"new": ["gamma"], "removed": []}
    assert changes["entries"] == {"new": sorted([new_post, gamma]), "edited": [edited], "removed": []}
    fire_before = event_of(first, h1["Wildfire forces evacuation of villages near Athens"])
    fire_after = event_of(second, gamma)
    assert set(fire_after["entries"]) == {fire_before["entries"][0], gamma}
    ev = changes["events"]
    assert ev["new"] == [event_of(second, new_post)["id"]]
    assert ev["gained_source"] == [{"event": fire_after["id"], "previous": fire_before["id"], "sources_added": ["gamma"]}]
    assert ev["verdict_changed"] == [{"event": fire_after["id"], "previous": fire_before["id"],
                                      "verdict_before": "single_source", "verdict": "corroborated"}]
    assert ev["edited"] == [event_of(second, edited)["id"]]
    assert ev["regrouped"] == [] and ev["removed"] == []
    # every event not marked is the same event with the same id as before
    marked = {e["id"] for e in second["events"] if e["changes"]}
    assert marked == {fire_after["id"], event_of(second, new_post)["id"], event_of(second, edited)["id"]}
    before = {ev["id"]: ev["entries"] for ev in first["events"]}
    for e in second["events"]:
        if e["id"] not in marked or "edited" in e["changes"]:
            assert before.get(e["id"]) == e["entries"], e["id"]
    # the marks are in the report too
    assert {e["id"]: e["change"] for e in second["entries"] if e["change"]} == \
        {new_post: "new", gamma: "new", edited: "edited"}
    assert event_of(second, new_post)["changes"] == ["new"]
    assert fire_after["changes"] == ["gained_source", "verdict_changed"]
    # the review decision on the edited post still applies: still split, no unknown-entry warning
    odesa = event_of(second, edited)
    assert odesa["verdict"] == "single_source" and "not the same event" in odesa["reviewed"]
    assert not [w for w in second["warnings"] if w["code"] == "review-unknown-entry"]


def decide_not_same(dumps: Path, report: dict) -> None:
    heads = by_head(report)
    a = heads["Odesa grain port reopens after overnight drone strike"]
    b = heads["Odesa grain terminal back in operation after drone attack"]
    assert event_of(report, a) is event_of(report, b)                     # linked before the decision
    (dumps / "reviews.toml").write_text(f'[[not_same]]\na = "{a}"\nb = "{b}"\nwhy = "desk test"\n', encoding="utf-8")


def test_rerun_marks_exactly_what_changed_in_every_report(tmp_path: Path):
    dumps, out = make_dumps(tmp_path / "dumps"), tmp_path / "out"
    decide_not_same(dumps, run(dumps, tmp_path / "scratch"))
    first = run(dumps, out)
    assert not (out / "changes.json").exists()                         # a first run compares with nothing
    assert all(not e["changes"] for e in first["events"]) and all(not e["change"] for e in first["entries"])
    update_dumps(dumps)
    second = run(dumps, out)
    changes = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    check_second_run(first, second, changes)
    validate(changes, "changes.schema.json")
    validate(second, "report.schema.json")
    html = (out / "report.html").read_text(encoding="utf-8")
    md = (out / "report.md").read_text(encoding="utf-8")
    csv = (out / "events.csv").read_text(encoding="utf-8")
    assert 'id="changes"' in html and "gained a source" in html and "new since the previous run" in html
    assert "## Changes since the previous run" in md and "**+SOURCE**" in md and "**NEW**" in md
    assert "**EDITED**" in md
    assert "gained_source verdict_changed" in csv
    # a third run with nothing new marks nothing and says so
    third = run(dumps, out)
    assert json.loads((out / "changes.json").read_text())["summary"] == "no changes"
    assert [e["id"] for e in third["events"]] == [e["id"] for e in second["events"]]
    assert all(not e["changes"] for e in third["events"])
    assert 'id="changes"' not in (out / "report.html").read_text(encoding="utf-8")
    # --fresh compares with nothing and leaves no stale changes.json behind
    run(dumps, out, "--fresh")
    assert not (out / "changes.json").exists()


def test_unchanged_rerun_writes_the_same_reports_as_a_first_run(tmp_path: Path):
    dumps = make_dumps(tmp_path / "dumps")
    run(dumps, tmp_path / "once")
    run(dumps, tmp_path / "twice")
    run(dumps, tmp_path / "twice")
    for name in ("report.json", "report.md", "report.html", "events.csv", "claimreview.jsonld"):
        assert (tmp_path / "once" / name).read_bytes() == (tmp_path / "twice" / name).read_bytes(), name


def test_previous_report_that_is_not_a_report_is_not_compared(tmp_path: Path, capsys):
    dumps, out = make_dumps(tmp_path / "dumps"), tmp_path / "out"
    out.mkdir()
    (out / "report.json").write_text("{not json", encoding="utf-8")
    assert main(["run", str(dumps), "--out", str(out)]) == 0
    assert "previous report" in capsys.readouterr().err
    assert not (out / "changes.json").exists()
    assert load_previous(out / "report.json")[0] is not None


def test_compare_matches_events_by_their_posts_not_by_shared_summaries():
    from reconcile.model import Event, Source

    def ev(i: str, entries: tuple[str, ...], verdict: str = "single_source") -> Event:
        return Event(i, verdict, 1.0, entries, tuple(sorted({e[0] for e in entries})), (), "", None, None, (), ())

    src = (Source("a", ("a.txt",), "A", None, "unknown", None), Source("b", ("b.txt",), "B", None, "unknown", None))
    ents = tuple(entry(x, x[0], x) for x in ("a-sum", "b-1", "b-2", "b-3"))
    previous = {"sources": [{"id": "a"}, {"id": "b"}],
                "entries": [{"id": e.id, "source": e.source, "headline": "", "text": e.body} for e in ents[:3]],
                "events": [{"id": "e1", "entries": ["a-sum", "b-1"], "sources": ["a", "b"], "verdict": "corroborated"},
                           {"id": "e2", "entries": ["a-sum", "b-2"], "sources": ["a", "b"], "verdict": "corroborated"}]}
    now = Report(src, ents, (ev("e1", ("a-sum", "b-1"), "corroborated"), ev("e2", ("a-sum", "b-2"), "corroborated"),
                             ev("e3", ("a-sum", "b-3"), "corroborated")), (), ())
    changes = compare(previous, now)
    assert changes.events == {"e3": {"marks": ["new"], "previous": None}}     # a summary ties nothing
    assert changes.new_entries == ("b-3",)


# -- the review store ------------------------------------------------------------------------

def test_reviews_import_export_round_trip_and_runs_read_the_store(tmp_path: Path, capsys):
    dumps = make_dumps(tmp_path / "dumps")
    first = run(dumps, tmp_path / "o1")
    decide_not_same(dumps, first)
    heads = by_head(first)
    ferry = heads["Helsinki and Tallinn ferries sail again after strike ends"]
    with (dumps / "reviews.toml").open("a", encoding="utf-8") as fh:
        fh.write(f'\n[[verdict]]\nentries = ["{ferry}"]\nverdict = "conflicting"\n'
                 f'why = "quotes \\" and\\nnew line, tab\\t, DEL \\u007f, </script> & émigré"\n')
    assert main(["reviews", "import", str(dumps / "reviews.toml")]) == 0
    assert "2 added" in capsys.readouterr().out
    assert main(["reviews", "import", str(dumps / "reviews.toml")]) == 0          # again: nothing new
    assert "0 added, 0 updated" in capsys.readouterr().out
    store = dumps / STORE_NAME
    with sqlite3.connect(store) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # the run reads the store's decisions without reviews.toml
    (dumps / "reviews.toml").unlink()
    second = run(dumps, tmp_path / "o2")
    assert "not the same event" in event_of(second, heads["Odesa grain port reopens after overnight drone strike"])["reviewed"]
    assert event_of(second, ferry)["verdict"] == "conflicting"
    # export writes reviews.toml that reads back to the same decisions
    target = tmp_path / "exported.toml"
    assert main(["reviews", "export", str(target), "--dumps", str(dumps)]) == 0
    capsys.readouterr()
    tomllib.loads(target.read_text(encoding="utf-8"))
    back, stored = load_reviews(target), read_decisions(store)
    assert [(d.a, d.b, d.why) for d in back.not_same] == [(d.a, d.b, d.why) for d in stored.not_same]
    assert [(v.entries, v.verdict, v.why) for v in back.verdicts] == [(v.entries, v.verdict, v.why) for v in stored.verdicts]
    assert back.verdicts[0].why == 'quotes " and\nnew line, tab\t, DEL \x7f, </script> & émigré'
    # export never silently drops decisions the target holds and the store lacks
    target.write_text('[[same]]\na = "x-1"\nb = "y-1"\n', encoding="utf-8")
    assert main(["reviews", "export", str(target), "--dumps", str(dumps)]) == 2
    assert "--force" in capsys.readouterr().err and "x-1" in target.read_text()
    assert main(["reviews", "export", str(target), "--dumps", str(dumps), "--force"]) == 0
    assert "x-1" not in target.read_text()


def test_runs_are_recorded_in_the_store(tmp_path: Path):
    from reconcile.store import runs

    dumps = make_dumps(tmp_path / "dumps")
    out = tmp_path / "out"
    run(dumps, out)
    update_dumps(dumps)
    run(dumps, out)
    history = runs(dumps / STORE_NAME)
    assert [r["entries"] for r in history] == [6, 8]
    assert history[0]["changes"] is None and "1 new source" in history[1]["changes"]
    assert history[1]["out"] == str(out)


def test_store_files_are_never_read_as_dumps(tmp_path: Path, capsys):
    dumps = make_dumps(tmp_path / "dumps")
    run(dumps, tmp_path / "o1")
    assert (dumps / STORE_NAME).exists()
    (dumps / (STORE_NAME + "-wal")).write_bytes(b"\x00\x01binary")
    report = run(dumps, tmp_path / "o2", "--glob", "*")
    assert {s["id"] for s in report["sources"]} == {"alpha", "beta"}
    assert not [w for w in report["warnings"] if w["code"] in ("unreadable", "own-report")]


# -- watch mode -------------------------------------------------------------------------------

def test_watch_reruns_when_dumps_change_and_marks_exactly_what_changed(tmp_path: Path):
    dumps, out = make_dumps(tmp_path / "dumps"), tmp_path / "out"
    decide_not_same(dumps, run(dumps, tmp_path / "scratch"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CI": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "reconcile", "watch", str(dumps), "--out", str(out),
                             "--interval", "0.2", "--once-after-changes", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not (out / "report.json").exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "watch wrote no first report"
            time.sleep(0.05)
        first = json.loads((out / "report.json").read_text(encoding="utf-8"))
        update_dumps(dumps)
        stdout, stderr = proc.communicate(timeout=90)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, stderr
    assert "dumps changed: running again" in stdout
    second = json.loads((out / "report.json").read_text(encoding="utf-8"))
    changes = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    check_second_run(first, second, changes)
    assert not [p for p in out.parent.iterdir() if ".tmp" in p.name]          # written atomically


def test_watch_options_are_checked(tmp_path: Path, capsys):
    dumps = make_dumps(tmp_path / "dumps")
    assert main(["watch", str(dumps), "--out", str(tmp_path / "o"), "--interval", "0"]) == 2
    assert "--interval" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_watch_and_reviews_help_flags_are_in_the_readme():
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Command line\n", 1)[1].split("\n## ", 1)[0]
    for command in (["watch"], ["reviews"], ["reviews", "import"], ["reviews", "export"]):
        with pytest.raises(SystemExit):
            main([*command, "--help"])
    for flag in ("--interval", "--once-after-changes", "--fresh", "--dumps", "--force"):
        assert re.search(r"(?<![\w-])" + re.escape(flag) + r"(?![\w-])", section), flag
    for usage in ("reconcile watch", "reconcile reviews import", "reconcile reviews export"):
        assert usage in section

