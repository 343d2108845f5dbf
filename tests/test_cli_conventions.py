"""Command-line conventions: --version, help with examples and exit codes, -q/-v exclusive,
options naming a source no dump produced, impossible offsets, and README's command-line
section naming every flag that --help shows."""
from __future__ import annotations

import json
import re
from importlib.metadata import version
from pathlib import Path

import pytest

from reconcile.cli import main

from .conftest import ROOT

BLOG = ("Live\nJuly 11, 2023\n10:00 - Harbour reopens after the storm\nShips moved again.\n"
        "11:00 - Ferries resume on every route\nAll routes open.\n")


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def help_of(capsys, *command: str) -> str:
    with pytest.raises(SystemExit) as exc:
        main([*command, "--help"])
    assert exc.value.code == 0
    return capsys.readouterr().out


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    d = tmp_path / "dumps"
    d.mkdir()
    (d / "blog.txt").write_text(BLOG)
    return d


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"reconcile {version('reconcile')}"


@pytest.mark.parametrize("command", [(), ("run",), ("eval",)], ids=["reconcile", "run", "eval"])
def test_help_has_examples_and_exit_codes(capsys, command):
    text = help_of(capsys, *command)
    assert "examples:" in text and "exit codes:" in text
    examples = text.split("examples:", 1)[1].split("exit codes:", 1)[0]
    assert re.search(r"^\s+reconcile (run|eval) \S", examples, re.M)
    codes = text.split("exit codes:", 1)[1]
    assert re.search(r"^\s+0\s", codes, re.M) and re.search(r"^\s+2\s", codes, re.M)
    if command != ("eval",):
        assert re.search(r"^\s+3\s", codes, re.M) and re.search(r"^\s+4\s.*", codes, re.M)
        assert "--keep-going" in codes


def test_quiet_and_verbose_are_mutually_exclusive(capsys, blog, tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["run", str(blog), "--out", str(tmp_path / "o"), "-q", "-v"])
    assert exc.value.code == 2
    assert "not allowed with" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("flag, value", [("--tz", "Europe/Kyiv"), ("--date", "2023-07-11")])
def test_option_for_a_source_no_dump_produced_is_a_warning(capsys, blog, tmp_path, flag, value):
    out = tmp_path / "o"
    code, _, err = run_cli(capsys, "run", str(blog), "--out", str(out), "--format", "json",
                           flag, f"nosuch={value}", flag, f"blog={value}", flag, f"blog.txt={value}")
    assert code == 0
    warned = [l for l in err.splitlines() if "nosuch" in l]
    assert len(warned) == 1 and warned[0].startswith("warning:") and "no dump produced" in warned[0]
    assert "'blog'" not in err and "blog.txt=" not in err          # the names that do exist are not warned about
    report = json.loads((out / "report.json").read_text())
    unknown = [w for w in report["warnings"] if w["code"] == "unknown-source"]
    assert len(unknown) == 1 and "nosuch" in unknown[0]["message"] and unknown[0]["file"] == flag


def test_unused_option_warning_survives_many_other_warnings(capsys, tmp_path):
    d = tmp_path / "dumps"
    d.mkdir()
    for i in range(8):                                           # eight dumps, each warning "no entries"
        (d / f"empty{i}.txt").write_text("nothing here\n")
    (d / "blog.txt").write_text(BLOG)
    code, _, err = run_cli(capsys, "run", str(d), "--out", str(tmp_path / "o"), "--format", "json",
                           "--tz", "nosuch=UTC")
    assert code == 0 and "nosuch" in err and "more warnings in the report" in err


def test_quiet_prints_no_warnings(capsys, blog, tmp_path):
    code, out, err = run_cli(capsys, "run", str(blog), "--out", str(tmp_path / "o"), "-q", "--tz", "nosuch=UTC")
    assert code == 0 and out == "" and err == ""


@pytest.mark.parametrize("value", ["blog=UTC+25", "blog=GMT-24", "UTC+24:00", "blog=+25:00", "blog=UTC+3:75", "blog=UTC+15"])
def test_offset_of_24_hours_or_more_is_a_one_line_error(capsys, blog, tmp_path, value):
    code, _, err = run_cli(capsys, "run", str(blog), "--out", str(tmp_path / "o"), "--tz", value)
    assert code == 2
    lines = [l for l in err.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("reconcile: error: --tz") and "Traceback" not in err
    assert value.split("=")[-1] in lines[0]
    assert not (tmp_path / "o").exists()                        # checked before any work


@pytest.mark.parametrize("value", ["blog=UTC+3", "blog=+05:30", "blog=GMT-4", "blog=UTC+14"])
def test_offsets_of_real_clocks_are_accepted(capsys, blog, tmp_path, value):
    code, _, err = run_cli(capsys, "run", str(blog), "--out", str(tmp_path / "o"), "--format", "json", "--tz", value)
    assert code == 0, err


def _readme_command_line() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Command line\n", 1)[1]
    return section.split("\n## ", 1)[0]


FLAG = re.compile(r"(?<![\w/-])(-{1,2}[A-Za-z][\w-]*)")


@pytest.mark.parametrize("command", [(), ("run",), ("eval",)], ids=["reconcile", "run", "eval"])
def test_every_help_flag_is_in_the_readme_command_line_section(capsys, command):
    text = help_of(capsys, *command)
    options = text.split("options:", 1)[1].split("examples:", 1)[0]
    flags = set(FLAG.findall(options)) | set(FLAG.findall(text.split("\n\n", 1)[0]))   # usage and options
    assert {"-h", "--help"} <= flags and (command != ("run",) or {"--out", "--keep-going", "-q", "-v"} <= flags)
    section = _readme_command_line()
    missing = sorted(f for f in flags if not re.search(r"(?<![\w-])" + re.escape(f) + r"(?![\w-])", section))
    assert missing == [], f"README's command-line section does not mention {missing}"
