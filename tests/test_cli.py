"""The command line: one-line errors naming the file, exit codes, help for every command."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from reconcile.cli import main

from .conftest import ROOT, SEEDS


def outside(tmp_path) -> str:
    """A report folder beside the dumps in tmp_path (--out may not be inside the input folder)."""
    return str(tmp_path.parent / f"{tmp_path.name}-out")


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str, *needles: str) -> None:
    lines = [l for l in err.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("reconcile: error:"), err
    assert "Traceback" not in err
    for n in needles:
        assert n in lines[0]


def test_missing_folder(capsys, tmp_path):
    code, _, err = run_cli(capsys, "run", str(tmp_path / "nope"))
    assert code == 2
    one_line_error(err, "nope", "no such folder")


def test_empty_folder(capsys, tmp_path):
    code, _, err = run_cli(capsys, "run", str(tmp_path))
    assert code == 2
    one_line_error(err, str(tmp_path), "no dumps")


def test_binary_file_is_named(capsys, tmp_path):
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 10)
    code, _, err = run_cli(capsys, "run", str(tmp_path), "--out", outside(tmp_path))
    assert code == 2
    one_line_error(err, "blob.txt", "binary")


def test_cp1252_file_is_read_with_a_warning(capsys, tmp_path):
    text = "Live\nJuly 11, 2023\nAll times are GMT.\n10:00 - Caf\xe9 owners protest \u201cloudly\u201d\nThey said so.\n"
    (tmp_path / "legacy.txt").write_bytes(text.encode("cp1252"))
    code, out, err = run_cli(capsys, "run", str(tmp_path), "--out", outside(tmp_path))
    assert code == 0
    assert "legacy.txt" in err and "not UTF-8" in err
    assert "1 sources, 1 entries" in out


def test_bom_and_crlf(capsys, tmp_path):
    text = "\ufeffLive\r\nJuly 11, 2023\r\nAll times are GMT.\r\n10:00 - First\r\nBody.\r\n"
    (tmp_path / "crlf.txt").write_bytes(text.encode("utf-8"))
    code, out, _ = run_cli(capsys, "run", str(tmp_path), "--out", outside(tmp_path), "--format", "json")
    assert code == 0 and "1 entries" in out
    assert (Path(outside(tmp_path)) / "report.json").exists() and not (Path(outside(tmp_path)) / "report.html").exists()


def test_bad_format_option(capsys, tmp_path):
    code, _, err = run_cli(capsys, "run", str(SEEDS), "--out", str(tmp_path), "--format", "pdf")
    assert code == 2
    one_line_error(err, "--format")


def test_summary_line(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "run", str(SEEDS), "--out", str(tmp_path))
    assert code == 0
    assert re.search(r"2 sources, 31 entries, \d+ events \(\d+ corroborated, \d+ conflicting, \d+ single-source\)"
                     r", \d+ lines skipped, [\d.]+ s", out)


def test_tz_option_places_an_unzoned_page(capsys, tmp_path):
    (tmp_path / "blog.txt").write_text("Live\nJuly 11, 2023\n10:00 - First thing\n11:00 - Second thing\n")
    code, _, _ = run_cli(capsys, "run", str(tmp_path), "--out", outside(tmp_path), "--tz", "blog=Europe/Kyiv")
    import json
    report = json.loads((Path(outside(tmp_path)) / "report.json").read_text())
    assert code == 0 and [e["time"] for e in report["entries"]] == ["2023-07-11T07:00:00Z", "2023-07-11T08:00:00Z"]


@pytest.mark.parametrize("command", ["run", "eval"])
def test_every_command_has_help_and_is_documented(capsys, command):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip()
    assert f"reconcile {command}" in (ROOT / "README.md").read_text()


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    command = re.search(r"^(pip install -e '\.\[test\]'.*pytest.*)$", readme, re.M)
    assert command, "README quick start lacks the test command"
    assert command.group(1) in ci


def test_one_bad_file_among_good_ones_is_reported_not_fatal(capsys, tmp_path):
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text("Live\nJuly 11, 2023\nAll times are GMT.\n10:00 - First\nBody.\n")
    code, out, err = run_cli(capsys, "run", str(tmp_path), "--out", outside(tmp_path), "--keep-going")
    assert code == 0
    assert "blob.txt" in err and "binary" in err
    assert "empty.txt" in err and "no entries" in err
    import json
    report = json.loads((Path(outside(tmp_path)) / "report.json").read_text())
    assert {w["file"] for w in report["warnings"]} >= {"blob.txt", "empty.txt"}


def test_single_source_folder(capsys, tmp_path):
    (tmp_path / "only.txt").write_text("Live\nJuly 11, 2023\nAll times are GMT.\n10:00 - First\nBody.\n"
                                       "11:00 - Second\nMore.\n")
    code, out, _ = run_cli(capsys, "run", str(tmp_path), "--out", outside(tmp_path))
    assert code == 0 and "1 sources, 2 entries, 2 events (0 corroborated, 0 conflicting, 2 single-source)" in out


def test_huge_single_line_is_read_quickly(capsys, tmp_path):
    line = ("word " * 220_000).strip()          # about 1 MB on one line; a quadratic regex would hang here
    (tmp_path / "long.txt").write_text(f"Live\nJuly 11, 2023\nAll times are GMT.\n10:00 - Head\n{line}\n")
    code, out, _ = run_cli(capsys, "run", str(tmp_path), "--out", outside(tmp_path), "--format", "json")
    assert code == 0 and "1 entries" in out


def test_two_snapshots_of_one_blog_count_each_entry_once(capsys, tmp_path):
    import json
    morning = "Live\nJuly 11, 2023\nAll times are GMT.\n09:00 - Port reopens\nShips moved.\n08:00 - Storm passes\nWind fell.\n"
    evening = "Live\nJuly 11, 2023\nAll times are GMT.\n18:00 - Ferries resume\nAll routes open.\n" + morning.split("GMT.\n", 1)[1]
    (tmp_path / "blog_0900.txt").write_text(morning)
    (tmp_path / "blog_1800.txt").write_text(evening)
    code, out, err = run_cli(capsys, "run", str(tmp_path), "--out", outside(tmp_path), "--format", "json")
    assert code == 0 and "1 sources, 3 entries" in out
    report = json.loads((Path(outside(tmp_path)) / "report.json").read_text())
    assert all(ev["verdict"] == "single_source" for ev in report["events"])
    dupes = [s for s in report["skipped"] if "snapshot" in s["reason"]]
    assert {s["line"] for s in dupes} == {6, 7, 8, 9} and {s["file"] for s in dupes} == {"blog_1800.txt"}


def test_bad_tz_is_a_one_line_error(capsys, tmp_path):
    code, _, err = run_cli(capsys, "run", str(SEEDS), "--out", str(tmp_path), "--tz", "Mars/Olympus")
    assert code == 2
    one_line_error(err, "--tz", "Mars/Olympus")


def test_now_resolves_relative_stamps(capsys, tmp_path):
    import json
    (tmp_path / "rel.txt").write_text("Live\n35m ago Strike reported in the port\nDetails.\n2h ago Sirens sounded\n")
    code, _, _ = run_cli(capsys, "run", str(tmp_path), "--out", outside(tmp_path), "--format", "json",
                         "--now", "2023-07-19T18:00:00+03:00")
    report = json.loads((Path(outside(tmp_path)) / "report.json").read_text())
    assert code == 0 and [e["time"] for e in report["entries"]] == ["2023-07-19T14:25:00Z", "2023-07-19T13:00:00Z"]
