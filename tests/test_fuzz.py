"""Fuzzing the whole pipeline with mutated real dumps.

Each example takes a real dump (seeds, the dev corpus, the format catalogue), mutates it
the way copies of pages get mangled and the way hostile input is written — lines deleted,
duplicated, swapped or reversed; random unicode; absurd zones (GMT+25, UTC-99), years 1 and
9999, 31 February, 25:61, huge numbers; CR/CRLF/LF mixes, NUL bytes, very long lines, byte
order marks in the middle, truncation, other encodings — and runs `reconcile.pipeline.run`
on a folder holding it. Two properties:

- nothing escapes but a ReconcileError (an unusable dump is an error or a warning, never a
  traceback);
- every non-blank line of every dump that could be read ends in exactly one entry's
  line_numbers or in the report's skipped list.
"""
from __future__ import annotations

import re
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from reconcile.cli import main
from reconcile.errors import ReconcileError
from reconcile.ingest import decode, read_document
from reconcile.pipeline import RunOptions, run
from reconcile.rules import load_rules
from reconcile.times import ClockOptions

from .conftest import ROOT

BASES = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "corpus" / "dev").glob("*/*.txt")) \
    + sorted((ROOT / "tests" / "data" / "formats").glob("*.txt"))
_LINES: dict[Path, list[str]] = {}
RULES = load_rules()     # not a fixture: hypothesis would print it with every failing example


def base_lines(path: Path) -> list[str]:
    if path not in _LINES:
        text, _, _ = decode(path.read_bytes(), str(path))
        _LINES[path] = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return list(_LINES[path])


# -- hostile pieces -----------------------------------------------------------------------
ABSURD_TIMES = ["25:61", "24:00", "23:59", "00:00", "99:99", "12:60pm", "0:00am", "13:00pm", "00:00am", "12:00 a.m.",
                "2: 32", "2460", "0000", "1:09:am", "23.59.59", "7h61", "-1:30", "1:5", "١٥:٣٠", "１５：３０"]
ABSURD_ZONES = ["GMT+25", "UTC-99", "UTC+14", "GMT-12", "UTC+99:99", "UTC+05:75", "GMT+0", "UTC−3", "BST", "GMT",
                "British Summer Time", "Greenwich Mean Time", "Kyiv time", "(IST)", "EDT", "XYZ", "UTC+ 3", ""]
ABSURD_DATES = ["31 February 2023", "February 30, 2024", "29 February 2023", "32 July 2023", "January 1, 1",
                "1 January 0001", "0001-01-01", "9999-12-31", "December 31, 9999", "31 December 9999",
                "00.00.0000", "31.12.9999", "01.01.0001", "Monday, February 31", "Tuesday", "July 0, 2023",
                "2023-13-45", "99999-01-01", "Sunday 31 December 9999", "Monday 1 January 1"]
HUGE = ["9" * 20, "1" + "0" * 40, "999", "-1", "0", "4294967296", "1e309", "NaN", "٣"]
RELATIVE = ["{n}m ago", "{n} min ago", "{n} hr {n} min ago", "{n} hours ago", "{n} days ago", "{n}d ago",
            "Updated {n}m ago", "Live{n} hour ago", "{n} months ago"]
CAPTURES = ["Captured: 9999-12-31 23:59", "Captured: 0001-01-01 00:00", "Retrieved on 31 February 2023",
            "Saved at 25:61", "Captured 2023-07-11T15:00:00+14:00", "Accessed: yesterday",
            "Captured: 2023-07-11 10:00 UTC-99", "Snapshot " + "9" * 30]
STATEMENTS = ["All times are GMT+25.", "All times are UTC-99", "All times are Kyiv time (UTC+3).",
              "All times are in Paris time", "Times shown are EDT", "All times are " + "GMT " * 40]
SPECIAL = ["\x00", "\ufeff", "\u200b", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x7f", "\ud7ff",
           "\U0010ffff", "\u0301", "\u202e", "\t", " ", "\xa0", "\u3000", "—", "–", "•", "(", ")", ":", "|"]
WORDS = ["army", "drone", "talks", "strike", "Kyiv", "minister", "Peskov", "advanced", "repelled", "ceasefire"]

EOLS = ["\n", "\r\n", "\r"]
ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1", "cp1251",
             "mac_roman", "utf-16-le", "shift_jis"]


class Dump:
    """A mutated dump: its base file, the mutations applied (for the report of a failing
    example) and the bytes written."""

    def __init__(self, base: str) -> None:
        self.base, self.ops, self.name, self.data = base, [], "blog.txt", b""

    def _repr_pretty_(self, p, cycle) -> None:     # hypothesis prints examples with this
        p.text(repr(self))

    def __repr__(self) -> str:       # what a falsifying example shows
        return f"Dump(base={self.base!r}, name={self.name!r}, ops={self.ops!r}, {len(self.data)} bytes)"


@st.composite
def stamp_line(draw) -> str:
    """A post header assembled from absurd parts in any order."""
    parts = draw(st.lists(st.sampled_from(["time", "zone", "date", "rel", "head", "huge", "sep"]), min_size=1,
                          max_size=6))
    out = []
    for p in parts:
        if p == "time":
            out.append(draw(st.sampled_from(ABSURD_TIMES)))
        elif p == "zone":
            out.append(draw(st.sampled_from(ABSURD_ZONES)))
        elif p == "date":
            out.append(draw(st.sampled_from(ABSURD_DATES)))
        elif p == "rel":
            out.append(draw(st.sampled_from(RELATIVE)).format(n=draw(st.sampled_from(HUGE))))
        elif p == "huge":
            out.append(draw(st.sampled_from(HUGE)))
        elif p == "sep":
            out.append(draw(st.sampled_from(["—", "-", ":", "|", ",", "(", ")", "published at", "Update at", ""])))
        else:
            out.append(" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))))
    glue = draw(st.sampled_from([" ", "", " — ", ", "]))
    return glue.join(out)


def _pick(draw, n: int) -> int:
    return draw(st.integers(min_value=0, max_value=10**6)) % max(n, 1)


@st.composite
def mutated_dumps(draw, max_lines: int | None = None, long_line: int = 20_000) -> Dump:
    path = draw(st.sampled_from(BASES))
    lines = base_lines(path)
    dump = Dump(base=str(path.relative_to(ROOT)))
    if max_lines is not None and len(lines) > max_lines:
        start = _pick(draw, len(lines) - max_lines + 1)
        lines = lines[start:start + max_lines]
        dump.ops.append(f"window {start}:{start + max_lines}")
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        op = draw(st.sampled_from([
            "delete", "duplicate", "swap", "reverse", "unicode-line", "unicode-in", "stamp-line", "absurd-time",
            "absurd-year", "absurd-date", "absurd-zone", "huge-number", "long-line", "special", "truncate",
            "capture", "statement", "date-line", "join", "split", "blank", "strip-digits",
        ]))
        n = len(lines)
        i = _pick(draw, n)
        if op == "delete" and lines:
            k = 1 + _pick(draw, 5)
            del lines[i:i + k]
            dump.ops.append(f"delete {i}+{k}")
        elif op == "duplicate" and lines:
            k = 1 + _pick(draw, 5)
            lines[i:i] = lines[i:i + k]
            dump.ops.append(f"duplicate {i}+{k}")
        elif op == "swap" and lines:
            j = _pick(draw, n)
            lines[i], lines[j] = lines[j], lines[i]
            dump.ops.append(f"swap {i} {j}")
        elif op == "reverse" and lines:
            # A page's order flipped (or a stretch of it).
            j = i + 1 + _pick(draw, n - i)
            lines[i:j] = lines[i:j][::-1]
            dump.ops.append(f"reverse {i}:{j}")
        elif op == "unicode-line":
            lines.insert(i, draw(st.text(max_size=60)))
            dump.ops.append(f"unicode-line at {i}")
        elif op == "unicode-in" and lines:
            s = lines[i]
            at = _pick(draw, len(s) + 1)
            lines[i] = s[:at] + draw(st.text(min_size=1, max_size=12)) + s[at:]
            dump.ops.append(f"unicode-in {i}@{at}")
        elif op == "stamp-line":
            lines.insert(i, draw(stamp_line()))
            dump.ops.append(f"stamp-line at {i}: {lines[i]!r}")
        elif op == "absurd-time" and lines:
            new = draw(st.sampled_from(ABSURD_TIMES))
            lines[i] = re.sub(r"\d{1,2}[:.h]\d\d", new, lines[i], count=1 + _pick(draw, 3))
            dump.ops.append(f"absurd-time {i} -> {new}")
        elif op == "absurd-year":
            year = draw(st.sampled_from(["1", "0001", "9999", "0", "99999", "2100", "1970"]))
            k = 1 + _pick(draw, 10)
            for j in range(i, min(i + k, n)):
                lines[j] = re.sub(r"(?<!\d)(?:19|20)\d\d(?!\d)", year, lines[j])
            dump.ops.append(f"absurd-year {i}+{k} -> {year}")
        elif op == "absurd-date" and lines:
            new = draw(st.sampled_from(ABSURD_DATES))
            months = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
            lines[i] = re.sub(r"\d{1,2}\s+" + months + r"(?:\s+\d{4})?|" + months + r"\s+\d{1,2}(?:,\s*\d{4})?",
                              new, lines[i], count=1)
            dump.ops.append(f"absurd-date {i} -> {new}")
        elif op == "absurd-zone":
            new = draw(st.sampled_from(ABSURD_ZONES))
            k = 1 + _pick(draw, 10)
            for j in range(i, min(i + k, n)):
                lines[j] = re.sub(r"\b(?:GMT|UTC|BST|CEST|EDT|EST|IST|ET)\b(?:[+\-]\d+)?", new, lines[j])
            dump.ops.append(f"absurd-zone {i}+{k} -> {new!r}")
        elif op == "huge-number" and lines:
            new = draw(st.sampled_from(HUGE))
            lines[i] = re.sub(r"\d+", new, lines[i], count=1 + _pick(draw, 3))
            dump.ops.append(f"huge-number {i} -> {new}")
        elif op == "long-line":
            unit = draw(st.sampled_from([lines[i] if lines else "x", "10:00 GMT — ", "word ", "(1544 GMT) ",
                                         "5m ago (15:44 GMT)", "a" * 50, "— ", "15:39 British Summer Time 12 July "]))
            times = draw(st.integers(min_value=50, max_value=3000))
            lines.insert(i, (unit or "x") * max(1, min(times, long_line // max(len(unit), 1))))
            dump.ops.append(f"long-line at {i}: {unit[:30]!r} x{times}")
        elif op == "special" and lines:
            ch = draw(st.sampled_from(SPECIAL)) * (1 + _pick(draw, 3))
            s = lines[i]
            at = _pick(draw, len(s) + 1)
            lines[i] = s[:at] + ch + s[at:]
            dump.ops.append(f"special {i}@{at} {ch!r}")
        elif op == "truncate" and lines:
            s = lines[i]
            lines[i:] = [s[:_pick(draw, len(s) + 1)]]
            dump.ops.append(f"truncate at line {i}")
        elif op == "capture":
            lines.insert(i, draw(st.sampled_from(CAPTURES)))
            dump.ops.append(f"capture at {i}: {lines[i]!r}")
        elif op == "statement":
            lines.insert(i, draw(st.sampled_from(STATEMENTS)))
            dump.ops.append(f"statement at {i}")
        elif op == "date-line":
            lines.insert(i, draw(st.sampled_from(ABSURD_DATES)))
            dump.ops.append(f"date-line at {i}: {lines[i]!r}")
        elif op == "join" and n >= 2:
            j = min(i + 1 + _pick(draw, 20), n)
            glue = draw(st.sampled_from(["", " ", " * ", "\t"]))
            lines[i:j] = [glue.join(lines[i:j])]
            dump.ops.append(f"join {i}:{j} with {glue!r}")
        elif op == "split" and lines:
            s = lines[i]
            at = _pick(draw, len(s) + 1)
            lines[i:i + 1] = [s[:at], s[at:]]
            dump.ops.append(f"split {i}@{at}")
        elif op == "blank":
            lines.insert(i, draw(st.sampled_from(["", " ", "\t", "\xa0", "\u3000", "\ufeff", "\x1c", " \x0c "])))
            dump.ops.append(f"blank at {i}")
        elif op == "strip-digits" and lines:
            k = 1 + _pick(draw, 20)
            for j in range(i, min(i + k, n)):
                lines[j] = re.sub(r"\d", "", lines[j])
            dump.ops.append(f"strip-digits {i}+{k}")
    # Line ends: one style, or a mix line by line.
    if draw(st.booleans()):
        eol = draw(st.sampled_from(EOLS))
        text = eol.join(lines) + (eol if draw(st.booleans()) else "")
    else:
        eols = draw(st.lists(st.sampled_from(EOLS), min_size=1, max_size=8))
        text = "".join(line + eols[k % len(eols)] for k, line in enumerate(lines))
        dump.ops.append(f"eols {eols!r}")
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="replace")
    if encoding != "utf-8":
        dump.ops.append(f"encoded {encoding}")
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        what = draw(st.sampled_from(["nul", "flip", "cut", "bom"]))
        at = _pick(draw, len(data) + 1)
        if what == "nul":
            data = data[:at] + b"\x00" * (1 + _pick(draw, 4)) + data[at:]
        elif what == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (1 << _pick(draw, 8))]) + data[at + 1:]
        elif what == "cut":
            data = data[:at]
        elif what == "bom":
            data = data[:at] + draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])) + data[at:]
        dump.ops.append(f"bytes {what} at {at}")
    dump.data = data
    dump.name = draw(st.sampled_from([path.name, path.name, "blog.txt", "blog_2023-07-11.txt", "x_2023-02-29.txt",
                                      "y_2099-12-31.txt", "z_2000-01-01.txt"]))
    return dump


CLOCKS = st.sampled_from([
    ClockOptions(),
    ClockOptions(now=datetime(2024, 7, 14, 22, 0, tzinfo=UTC)),
    ClockOptions(now=datetime(2199, 12, 31, 23, 59, tzinfo=UTC)),
    ClockOptions(now=datetime(1900, 1, 1, 0, 0, tzinfo=UTC)),
    ClockOptions(zones=(("*", "Europe/Kyiv"),)),
    ClockOptions(zones=(("*", "+14:00"),), dates=(("*", date(2199, 12, 31)),)),
    ClockOptions(zones=(("*", "-12:00"),), dates=(("*", date(1900, 1, 1)),)),
    ClockOptions(zones=(("*", "-12:00"),), dates=(("*", date(1, 1, 1)),)),      # a UsageError
    ClockOptions(dates=(("*", date(2023, 3, 26)),), zones=(("*", "Europe/London"),)),
])


def check_run(dumps: list[Dump], clock: ClockOptions) -> None:
    for d in dumps:
        note(repr(d))
    note(repr(clock))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for k, d in enumerate(dumps):
            name = d.name if k == 0 else f"second_{d.name}"
            (folder / name).write_bytes(d.data)
        try:
            report = run(folder, RunOptions(glob="*.txt", clock=clock), rules=RULES)
        except ReconcileError:
            return
        unreadable = {n.file for n in report.notices if n.code == "unreadable"}
        for path in sorted(folder.glob("*.txt")):
            if path.name in unreadable:
                continue
            doc = read_document(path)
            nonblank = [n for n, line in enumerate(doc.lines, 1) if line.strip()]
            got = sorted([n for e in report.entries if e.file == path.name for n in e.line_numbers]
                         + [s.line for s in report.skipped if s.file == path.name])
            assert got == nonblank, f"{path.name}: lines not accounted once"
            for e in report.entries:
                if e.time is not None:
                    assert e.time.tzinfo is not None and e.time.utcoffset().total_seconds() == 0


FUZZ = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                  HealthCheck.filter_too_much])


def sometimes(strategy):
    """A second dump beside the first in one run of four (linking across sources)."""
    return st.one_of(st.none(), st.none(), st.none(), strategy)


@settings(max_examples=2000, **FUZZ)
@given(dump=mutated_dumps(max_lines=150), other=sometimes(mutated_dumps(max_lines=30)), clock=CLOCKS)
def test_mutated_dumps_never_crash_and_account_for_every_line(dump, other, clock):
    check_run([dump] + ([other] if other is not None else []), clock)


@pytest.mark.slow
@settings(max_examples=10_000, **FUZZ)
@given(dump=mutated_dumps(max_lines=40, long_line=5_000), other=sometimes(mutated_dumps(max_lines=15, long_line=2_000)),
       clock=CLOCKS)
def test_mutated_dumps_slow(dump, other, clock):
    check_run([dump] + ([other] if other is not None else []), clock)


@settings(max_examples=100, **FUZZ)
@given(dump=mutated_dumps(max_lines=80))
def test_mutated_dumps_through_the_command_line(dump):
    # The CLI turns any ReconcileError into a one-line message and an exit code; anything
    # else would escape main() as a traceback.
    note(repr(dump))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "dumps"
        folder.mkdir()
        (folder / dump.name).write_bytes(dump.data)
        code = main(["run", str(folder), "--out", str(Path(tmp) / "out"), "-q", "--keep-going"])
        assert code in (0, 2)
