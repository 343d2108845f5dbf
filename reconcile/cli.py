"""The command line. It only translates: arguments in, one-line errors and exit codes out."""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from datetime import date, datetime
from pathlib import Path

from .errors import ReconcileError, UsageError

FORMATS = ("json", "md", "html", "csv", "jsonld")


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
    p = argparse.ArgumentParser(prog="reconcile", description="Reconcile live-blog dumps across outlets: "
                                "corroborated, single-source and conflicting events.")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="read a folder of dumps and write reports",
                       description="Read every dump in DIR and write report.json, report.md and report.html.")
    r.add_argument("folder", metavar="DIR", help="folder of live-blog dumps")
    r.add_argument("--out", default="reports", help="folder for the reports (default: reports/)")
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
    r.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    r.add_argument("--verbose", "-v", action="store_true", help="print each stage and every warning")
    e = sub.add_parser("eval", help="score a report against a gold file",
                       description="Pairwise precision/recall/F1, B-cubed, times and verdicts of REPORT against GOLD.")
    e.add_argument("gold", metavar="GOLD.json")
    e.add_argument("report", metavar="REPORT.json")
    e.add_argument("--json", action="store_true", help="print the scores as JSON")
    return p


def _run(args: argparse.Namespace) -> int:
    from .pipeline import RunOptions, run
    from .render import write_reports
    from .times import ClockOptions

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UsageError(f"--format {args.format!r}: choose from {', '.join(FORMATS)}")
    try:
        dates = tuple((k, date.fromisoformat(v)) for k, v in _pairs(args.date, "--date"))
        now = datetime.fromisoformat(args.now.replace("Z", "+00:00")) if args.now else None
    except ValueError as exc:
        raise UsageError(f"bad date or time: {exc}") from None
    clock = ClockOptions(zones=tuple(_pairs(args.tz, "--tz")), dates=dates, now=now)
    options = RunOptions(glob=args.glob, clock=clock, rules_dir=Path(args.rules) if args.rules else None,
                         reviews=Path(args.reviews) if args.reviews else None)
    started = time.perf_counter()
    show_progress = sys.stderr.isatty() and not args.quiet and not os.environ.get("CI")

    def progress(stage: str, done: int, total: int) -> None:
        if args.verbose:
            print(f"{time.perf_counter() - started:7.2f} s  {stage} {done}/{total}", file=sys.stderr)
        elif show_progress:
            filled = int(24 * done / max(total, 1))
            print(f"\r\033[K[{'#' * filled}{'.' * (24 - filled)}] {stage} {done}/{total}", end="", file=sys.stderr)
    report = run(args.folder, options, progress=progress)
    if show_progress:
        print("\r\033[K", end="", file=sys.stderr)
    written = write_reports(report, Path(args.out), formats)
    counts = {v: sum(1 for ev in report.events if ev.verdict == v) for v in ("corroborated", "conflicting", "single_source")}
    if not args.quiet:
        for n in report.notices if args.verbose else report.notices[:5]:
            print(f"warning: {n.file}{':' + str(n.line) if n.line else ''}: {n.message}", file=sys.stderr)
        if not args.verbose and len(report.notices) > 5:
            print(f"warning: {len(report.notices) - 5} more warnings in the report", file=sys.stderr)
        print(f"{len(report.sources)} sources, {len(report.entries)} entries, {len(report.events)} events "
              f"({counts['corroborated']} corroborated, {counts['conflicting']} conflicting, "
              f"{counts['single_source']} single-source), {len(report.skipped)} lines skipped, "
              f"{time.perf_counter() - started:.2f} s -> {', '.join(str(p) for p in written)}")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_scores

    scores = evaluate(Path(args.gold), Path(args.report))
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
