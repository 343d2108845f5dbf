"""The command line. It only translates: arguments in, one-line errors and exit codes out."""
from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from .errors import OutputError, ReconcileError, SkippedDumpsError, UsageError
from .model import Notice, Report

FORMATS = ("json", "md", "html", "csv", "jsonld")

EXIT_CODES = """\
exit codes:
  0    done (warnings, if any, are in the report)
  2    unusable input or options: no such folder, no dumps, a bad --tz, --date, --now
       or --format, a bad --out (a file, inside the input folder, not writable),
       reports that could not be written
  3    invalid rules (every problem is listed)
  4    reports written, but some dumps could not be read and were skipped
       (binary, undecodable or unreadable); --keep-going exits 0 instead
  130  interrupted
  1    anything else: a bug (the traceback says where)
"""

RUN_EXAMPLES = """\
examples:
  reconcile run seeds/ --out reports/
  reconcile run dumps/ --out out/ --format json,html --tz blog=Europe/Kyiv --date blog=2023-07-11
  reconcile run dumps/ --glob '*.txt,*.log' --now 2023-07-19T18:00:00+03:00 --keep-going -q
"""

EVAL_EXAMPLES = """\
examples:
  reconcile eval tests/gold/seeds.gold.json reports/report.json
  reconcile eval gold.json reports/report.json --json

exit codes:
  0    scores printed
  2    a file is missing or not valid JSON
  1    anything else: a bug (the traceback says where)
"""

TOP_EXAMPLES = """\
examples:
  reconcile run seeds/ --out reports/
  reconcile eval tests/gold/seeds.gold.json reports/report.json
  reconcile run --help          (every option of a command, with its exit codes)
"""

# A --tz offset as the rules read it ("UTC+3", "GMT-04:30", "+05:30"); checked here so an
# impossible one ("UTC+25") is a one-line error, not a traceback deep in zone handling.
_OFFSET = re.compile(r"(?:UTC|GMT)?\s*([+\-\u2212])\s*(\d{1,2})(?::?(\d{2}))?", re.I)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("reconcile")
    except PackageNotFoundError:          # run from a source tree that was never installed
        from . import __version__

        return __version__


def _pairs(values: list[str], flag: str) -> list[tuple[str, str]]:
    out = []
    for v in values:
        key, sep, value = v.partition("=")
        if not sep:
            key, value = "*", v
        if not value:
            raise UsageError(f"{flag} {v!r}: expected SOURCE=VALUE (or just VALUE for every source)")
        out.append((key.strip(), value.strip()))
    return out


def _parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    p = argparse.ArgumentParser(prog="reconcile", formatter_class=fmt,
                                description="Reconcile live-blog dumps across outlets: "
                                "corroborated, single-source and conflicting events.",
                                epilog=TOP_EXAMPLES + "\n" + EXIT_CODES)
    p.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="read a folder of dumps and write reports", formatter_class=fmt,
                       description="Read every dump in DIR and write report.json, report.md, report.html, "
                       "events.csv and claimreview.jsonld.",
                       epilog=RUN_EXAMPLES + "\n" + EXIT_CODES)
    r.add_argument("folder", metavar="DIR", help="folder of live-blog dumps")
    r.add_argument("--out", default="reports", metavar="DIR",
                   help="folder for the reports (default: reports/); not a file, not inside DIR")
    r.add_argument("--format", default=",".join(FORMATS),
                   help="comma-separated: json, md, html, csv (events.csv), jsonld (ClaimReview); default: all")
    r.add_argument("--glob", default="*.txt,*.html,*.htm,*.jsonl",
                   help="comma-separated file patterns (default: *.txt,*.html,*.htm,*.jsonl)")
    r.add_argument("--tz", action="append", default=[], metavar="SOURCE=ZONE",
                   help="clock of a source when the page does not say (IANA name, abbreviation or +HH:MM)")
    r.add_argument("--date", action="append", default=[], metavar="SOURCE=YYYY-MM-DD",
                   help="page date of a source when the dump does not print one")
    r.add_argument("--now", metavar="ISO-TIME", help="capture time for relative stamps ('2h ago')")
    r.add_argument("--rules", metavar="DIR", help="rules folder (default: the shipped rules/)")
    r.add_argument("--reviews", metavar="FILE", help="editors' decisions (default: reviews.toml in DIR, if any)")
    r.add_argument("--candidates", metavar="FILE",
                   help="also write every compared pair of entries and the blocking rules that proposed it (CSV)")
    r.add_argument("--keep-going", action="store_true",
                   help="exit 0 even when some dumps could not be read and were skipped (default: exit 4)")
    loud = r.add_mutually_exclusive_group()
    loud.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    loud.add_argument("--verbose", "-v", action="store_true", help="print each stage and every warning")
    e = sub.add_parser("eval", help="score a report against a gold file", formatter_class=fmt,
                       description="Pairwise precision/recall/F1, B-cubed, times and verdicts of REPORT against GOLD.",
                       epilog=EVAL_EXAMPLES)
    e.add_argument("gold", metavar="GOLD.json", help="hand-written gold file")
    e.add_argument("report", metavar="REPORT.json", help="report.json of a run")
    e.add_argument("--json", action="store_true", help="print the scores as JSON")
    e.add_argument("--candidates", metavar="FILE",
                   help="the run's --candidates file: also report blocking recall, overall and per rule")
    return p


def check_out(out: Path, folder: Path) -> None:
    """--out must be a folder reconcile can write, and not the input folder or inside it
    (its reports would be read as dumps on the next run). Checked before any work."""
    where = f"--out {out}"
    if out.exists() and not out.is_dir():
        raise OutputError(f"{where}: is a file, not a folder")
    target, inside = out.resolve(), folder.resolve()
    if folder.is_dir() and (target == inside or inside in target.parents):
        what = "is the input folder" if target == inside else f"is inside the input folder {folder}"
        raise OutputError(f"{where}: {what}; reports there would be read as dumps (choose another folder)")
    probe = target
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        raise OutputError(f"{where}: {probe} is a file, not a folder")
    try:                                    # the only sure test of "writable": write something
        os.rmdir(tempfile.mkdtemp(prefix=".reconcile-probe-", dir=probe))
    except OSError as exc:
        raise OutputError(f"{where}: cannot write in {probe} ({exc.strerror or exc})") from None


def _check_zones(zones: list[tuple[str, str]], rules) -> None:  # noqa: ANN001
    from .times import option_zone

    for key, value in zones:
        flag = f"--tz {key + '=' if key != '*' else ''}{value}"
        m = _OFFSET.fullmatch(value.strip())
        if m and (int(m[2]) >= 24 or int(m[3] or 0) >= 60):
            raise UsageError(f"{flag}: offset {value!r} is out of range (hours under 24, minutes under 60)")
        try:
            option_zone(value, rules)
        except (ValueError, OverflowError) as exc:
            raise UsageError(f"{flag}: not a usable zone ({exc})") from None


def _known_keys(report: Report) -> set[str]:
    """What a --tz/--date SOURCE may name: a source id, a dump's file name, or its stem."""
    keys = {"*"}
    for s in report.sources:
        keys.add(s.id)
        for f in s.files:
            name = Path(f).name
            stem = Path(name).stem.lower()
            keys.update({name, Path(name).stem, stem,
                         "".join(ch if ch.isalnum() else "-" for ch in stem).strip("-")})
    return keys


def _option_notices(report: Report, zones: list[tuple[str, str]], dates: list[tuple[str, str]]) -> list[Notice]:
    known = _known_keys(report)
    ids = ", ".join(s.id for s in report.sources) or "none"
    out = []
    for flag, pairs in (("--tz", zones), ("--date", dates)):
        for key, value in pairs:
            if key not in known:
                out.append(Notice(flag, None, "unknown-source",
                                  f"{flag} {key}={value}: no dump produced source {key!r}; option unused "
                                  f"(sources: {ids})"))
    return out


def _with_notices(report: Report, extra: list[Notice]) -> Report:
    if not extra:
        return report
    notices = sorted(report.notices + tuple(extra), key=lambda n: (n.file, n.line or 0, n.code))
    return replace(report, notices=tuple(notices))


# Printed whatever the count: they change what the run means.
_ALWAYS_SHOWN = ("unreadable", "own-report", "unknown-source")


def _run(args: argparse.Namespace) -> int:
    from .ingest import find_dumps, own_reports
    from .pipeline import RunOptions, run
    from .render import write_reports
    from .rules import load_rules
    from .times import ClockOptions

    out, folder = Path(args.out), Path(args.folder)
    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UsageError(f"--format {args.format!r}: choose from {', '.join(FORMATS)}")
    date_pairs, zone_pairs = _pairs(args.date, "--date"), _pairs(args.tz, "--tz")
    try:
        dates = tuple((k, date.fromisoformat(v)) for k, v in date_pairs)
        now = datetime.fromisoformat(args.now.replace("Z", "+00:00")) if args.now else None
    except ValueError as exc:
        raise UsageError(f"bad date or time: {exc}") from None
    find_dumps(folder, args.glob)          # no such folder, no dumps: said before --out is looked at
    check_out(out, folder)
    if args.candidates and (not Path(args.candidates).parent.is_dir() or Path(args.candidates).is_dir()):
        raise OutputError(f"--candidates {args.candidates}: its folder does not exist, or it is a folder")
    rules = load_rules(Path(args.rules) if args.rules else None)
    _check_zones(zone_pairs, rules)
    clock = ClockOptions(zones=tuple(zone_pairs), dates=dates, now=now)
    options = RunOptions(glob=args.glob, clock=clock, rules_dir=Path(args.rules) if args.rules else None,
                         reviews=Path(args.reviews) if args.reviews else None,
                         candidates=Path(args.candidates) if args.candidates else None)
    started = time.perf_counter()
    show_progress = sys.stderr.isatty() and not args.quiet and not os.environ.get("CI")

    def progress(stage: str, done: int, total: int) -> None:
        if args.verbose:
            print(f"{time.perf_counter() - started:7.2f} s  {stage} {done}/{total}", file=sys.stderr)
        elif show_progress:
            filled = int(24 * done / max(total, 1))
            print(f"\r\033[K[{'#' * filled}{'.' * (24 - filled)}] {stage} {done}/{total}", end="", file=sys.stderr)
    report = run(folder, options, rules=rules, progress=progress)
    if args.verbose:
        blocking = report.stats.get("blocking", {})
        print("blocking: " + ", ".join(f"{k} {v}" for k, v in blocking.items()), file=sys.stderr)
    if show_progress:
        print("\r\033[K", end="", file=sys.stderr)
    report = _with_notices(report, own_reports(folder, args.glob) + _option_notices(report, zone_pairs, date_pairs))
    try:
        written = write_reports(report, out, formats)
    except OSError as exc:
        raise OutputError(f"--out {out}: reports not written ({exc.strerror or exc}); "
                          f"previous reports left as they were") from None
    counts = {v: sum(1 for ev in report.events if ev.verdict == v) for v in ("corroborated", "conflicting", "single_source")}
    if not args.quiet:
        first = [n for n in report.notices if n.code in _ALWAYS_SHOWN]
        rest = [n for n in report.notices if n.code not in _ALWAYS_SHOWN]
        shown = first + (rest if args.verbose else rest[:5])
        for n in shown:
            print(f"warning: {n.file}{':' + str(n.line) if n.line else ''}: {n.message}", file=sys.stderr)
        if len(report.notices) > len(shown):
            print(f"warning: {len(report.notices) - len(shown)} more warnings in the report", file=sys.stderr)
        print(f"{len(report.sources)} sources, {len(report.entries)} entries, {len(report.events)} events "
              f"({counts['corroborated']} corroborated, {counts['conflicting']} conflicting, "
              f"{counts['single_source']} single-source), {len(report.skipped)} lines skipped, "
              f"{time.perf_counter() - started:.2f} s -> {', '.join(str(p) for p in written)}")
    unreadable = sorted({n.file for n in report.notices if n.code == "unreadable"})
    if unreadable and not args.keep_going:
        raise SkippedDumpsError(f"{len(unreadable)} dump(s) could not be read and were skipped: "
                                f"{', '.join(unreadable)} (reports written; --keep-going to accept)")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_scores

    scores = evaluate(Path(args.gold), Path(args.report), Path(args.candidates) if args.candidates else None)
    print(format_scores(scores, as_json=args.json))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING,
                        format="%(message)s")
    try:
        return _run(args) if args.command == "run" else _eval(args)
    except ReconcileError as exc:
        print(f"reconcile: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("reconcile: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
