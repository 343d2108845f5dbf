"""The command line. It only translates: arguments in, one-line errors and exit codes out."""
from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, replace
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

WATCH_EXAMPLES = """\
examples:
  reconcile watch dumps/ --out reports/
  reconcile watch dumps/ --out reports/ --interval 5 --format json,html -q
"""

WATCH_EXIT = """\
Runs once, then again whenever a dump is added, changed or removed, or a review decision
(reviews.toml or the store) changes; Ctrl-C stops it. A run that fails is reported and
the previous reports stay; watching goes on.

exit codes:
  0    stopped after --once-after-changes re-runs
  2    unusable input or options at the start (as for run)
  3    invalid rules
  130  interrupted (Ctrl-C): the usual way to stop
  1    anything else: a bug (the traceback says where)
"""

REVIEWS_EXAMPLES = """\
examples:
  reconcile reviews import dumps/reviews.toml
  reconcile reviews export dumps/reviews.toml --force
  reconcile reviews export decisions.toml --dumps dumps/

exit codes:
  0    done
  2    a file is missing, not valid TOML, not a valid decision list, or the store is unusable;
       export would drop decisions FILE holds that the store lacks (--force to overwrite)
  1    anything else: a bug (the traceback says where)
"""

TOP_EXAMPLES = """\
examples:
  reconcile run seeds/ --out reports/
  reconcile watch dumps/ --out reports/
  reconcile reviews import dumps/reviews.toml
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


def _run_options(r: argparse.ArgumentParser) -> None:
    """The options `run` and `watch` share."""
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
    r.add_argument("--reviews", metavar="FILE", help="editors' decisions (default: reviews.toml in DIR, if any; "
                   "decisions in DIR/.reconcile.sqlite are read too)")
    r.add_argument("--candidates", metavar="FILE",
                   help="also write every compared pair of entries and the blocking rules that proposed it (CSV)")
    r.add_argument("--fresh", action="store_true",
                   help="ignore the previous report in --out: mark nothing as changed, give edited posts new ids")
    r.add_argument("--keep-going", action="store_true",
                   help="exit 0 even when some dumps could not be read and were skipped (default: exit 4)")
    loud = r.add_mutually_exclusive_group()
    loud.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    loud.add_argument("--verbose", "-v", action="store_true", help="print each stage and every warning")


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
                       "events.csv and claimreview.jsonld; when --out holds a previous report.json, also "
                       "changes.json, and every report marks what changed since it.",
                       epilog=RUN_EXAMPLES + "\n" + EXIT_CODES)
    _run_options(r)
    w = sub.add_parser("watch", help="run again whenever the dumps change (live desk mode)", formatter_class=fmt,
                       description="Run as `reconcile run` does, then poll DIR and run again whenever its dumps "
                       "change; each run rewrites the reports atomically and marks what changed since the one "
                       "before.", epilog=WATCH_EXAMPLES + "\n" + WATCH_EXIT)
    _run_options(w)
    w.add_argument("--interval", type=float, default=10.0, metavar="S",
                   help="seconds between looks at the dumps (default: 10)")
    w.add_argument("--once-after-changes", type=int, metavar="N",
                   help="stop after N runs caused by changes (for tests and scripts; default: run until Ctrl-C)")
    v = sub.add_parser("reviews", help="move review decisions between reviews.toml and the store",
                       formatter_class=fmt,
                       description="Editors' decisions live in reviews.toml and in the SQLite store beside the "
                       "dumps (.reconcile.sqlite); every run reads both.", epilog=REVIEWS_EXAMPLES)
    vsub = v.add_subparsers(dest="action", required=True)
    imp = vsub.add_parser("import", help="add FILE's decisions to the store", formatter_class=fmt,
                          description="Add (or update) every decision in FILE (reviews.toml format) in the "
                          "store.", epilog=REVIEWS_EXAMPLES)
    exp = vsub.add_parser("export", help="write the store's decisions to FILE", formatter_class=fmt,
                          description="Write every decision in the store to FILE (reviews.toml format).",
                          epilog=REVIEWS_EXAMPLES)
    for q in (imp, exp):
        q.add_argument("file", metavar="FILE", help="a reviews.toml file")
        q.add_argument("--dumps", metavar="DIR",
                       help="the dumps folder whose store (.reconcile.sqlite) is meant (default: FILE's folder)")
    exp.add_argument("--force", action="store_true",
                     help="overwrite FILE even if it holds decisions the store lacks")
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


@dataclass
class _Desk:
    """A run's settings, checked once (before any work) and reused by every watch run."""

    args: argparse.Namespace
    folder: Path
    out: Path
    formats: list[str]
    rules: object
    options: object                      # live.DeskOptions without its previous report
    zone_pairs: list[tuple[str, str]]
    date_pairs: list[tuple[str, str]]


def _setup(args: argparse.Namespace) -> _Desk:
    from .ingest import find_dumps
    from .live import DeskOptions
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
    options = DeskOptions(glob=args.glob, clock=clock, rules_dir=Path(args.rules) if args.rules else None,
                          reviews=Path(args.reviews) if args.reviews else None,
                          candidates=Path(args.candidates) if args.candidates else None)
    return _Desk(args, folder, out, formats, rules, options, zone_pairs, date_pairs)


def _say(args: argparse.Namespace, text: str, err: bool = False) -> None:
    if not args.quiet:
        print(text, file=sys.stderr if err else sys.stdout)


def _once(desk: _Desk) -> int:
    """One run: compared with the previous report in --out, written atomically, recorded
    in the store's run history."""
    from .desk import compare, load_previous
    from .ingest import own_reports
    from .pipeline import run
    from .render import write_reports
    from .store import record_run, store_path

    args, out, folder = desk.args, desk.out, desk.folder
    previous, unreadable_previous = (None, "") if args.fresh else load_previous(out / "report.json")
    if unreadable_previous:
        _say(args, f"warning: {unreadable_previous}", err=True)
    options = replace(desk.options, previous=previous)   # type: ignore[type-var]
    started = time.perf_counter()
    show_progress = sys.stderr.isatty() and not args.quiet and not os.environ.get("CI")

    def progress(stage: str, done: int, total: int) -> None:
        if args.verbose:
            print(f"{time.perf_counter() - started:7.2f} s  {stage} {done}/{total}", file=sys.stderr)
        elif show_progress:
            filled = int(24 * done / max(total, 1))
            print(f"\r\033[K[{'#' * filled}{'.' * (24 - filled)}] {stage} {done}/{total}", end="", file=sys.stderr)
    report = run(folder, options, rules=desk.rules, progress=progress)   # type: ignore[arg-type]
    if args.verbose:
        blocking = report.stats.get("blocking", {})
        print("blocking: " + ", ".join(f"{k} {v}" for k, v in blocking.items()), file=sys.stderr)
    if show_progress:
        print("\r\033[K", end="", file=sys.stderr)
    report = _with_notices(report, own_reports(folder, args.glob)
                           + _option_notices(report, desk.zone_pairs, desk.date_pairs))
    changes = compare(previous, report) if previous is not None else None
    try:
        written = write_reports(report, out, desk.formats, changes, aliases=desk.rules.aliases)  # type: ignore[attr-defined]
    except OSError as exc:
        raise OutputError(f"--out {out}: reports not written ({exc.strerror or exc}); "
                          f"previous reports left as they were") from None
    counts = {v: sum(1 for ev in report.events if ev.verdict == v) for v in ("corroborated", "conflicting", "single_source")}
    seconds = time.perf_counter() - started
    store = desk.options.store or store_path(folder)      # type: ignore[attr-defined]
    try:
        record_run(store, out, {"sources": len(report.sources), "entries": len(report.entries),
                                "events": len(report.events), **counts},
                   seconds, changes.summary() if changes else None)
    except (ReconcileError, OSError) as exc:
        _say(args, f"warning: run history not recorded in {store} ({exc})", err=True)
    if not args.quiet:
        first = [n for n in report.notices if n.code in _ALWAYS_SHOWN]
        rest = [n for n in report.notices if n.code not in _ALWAYS_SHOWN]
        shown = first + (rest if args.verbose else rest[:5])
        for n in shown:
            print(f"warning: {n.file}{':' + str(n.line) if n.line else ''}: {n.message}", file=sys.stderr)
        if len(report.notices) > len(shown):
            print(f"warning: {len(report.notices) - len(shown)} more warnings in the report", file=sys.stderr)
        if changes is not None:
            print(f"since the previous report in {out}: {changes.summary()}"
                  + (f" (see {out / 'changes.json'})" if not changes.empty else ""))
        elif not args.fresh:
            print(f"first report in {out}: later runs will mark what changed since this one")
        print(f"{len(report.sources)} sources, {len(report.entries)} entries, {len(report.events)} events "
              f"({counts['corroborated']} corroborated, {counts['conflicting']} conflicting, "
              f"{counts['single_source']} single-source), {len(report.skipped)} lines skipped, "
              f"{seconds:.2f} s -> {', '.join(str(p) for p in written)}")
    unreadable = sorted({n.file for n in report.notices if n.code == "unreadable"})
    if unreadable and not args.keep_going:
        raise SkippedDumpsError(f"{len(unreadable)} dump(s) could not be read and were skipped: "
                                f"{', '.join(unreadable)} (reports written; --keep-going to accept)")
    return 0


def _run(args: argparse.Namespace) -> int:
    return _once(_setup(args))


def _watch(args: argparse.Namespace) -> int:
    """Run, then poll the dumps (names, mtimes, sizes) and the review decisions; when they
    change and have stopped changing for one interval (a dump being written), run again."""
    from .live import snapshot
    from .store import store_path

    if args.interval <= 0:
        raise UsageError(f"--interval {args.interval}: must be more than 0 seconds")
    if args.once_after_changes is not None and args.once_after_changes < 0:
        raise UsageError(f"--once-after-changes {args.once_after_changes}: must be 0 or more")
    desk = _setup(args)
    store = desk.options.store or store_path(desk.folder)      # type: ignore[attr-defined]
    reviews = Path(args.reviews) if args.reviews else None

    def look() -> tuple:
        return snapshot(desk.folder, args.glob, reviews, store)

    def attempt() -> int:
        try:
            return _once(desk)
        except ReconcileError as exc:          # the previous reports stay; keep watching
            print(f"reconcile: error: {exc}", file=sys.stderr)
            return exc.exit_code

    seen = look()
    code = attempt()
    reruns = 0
    _say(args, f"watching {desk.folder} every {args.interval:g} s (Ctrl-C to stop)")
    while args.once_after_changes is None or reruns < args.once_after_changes:
        time.sleep(args.interval)
        now = look()
        if now == seen:
            continue
        while True:                            # wait until the dumps stop changing
            time.sleep(args.interval)
            again = look()
            if again == now:
                break
            now = again
        seen = now
        _say(args, f"{datetime.now().strftime('%H:%M:%S')} dumps changed: running again")
        code = attempt()
        reruns += 1
    return code


def _reviews(args: argparse.Namespace) -> int:
    from .reviews import load_reviews
    from .store import put_decisions, read_decisions, store_path

    path = Path(args.file)
    folder = Path(args.dumps) if args.dumps else path.resolve().parent
    if not folder.is_dir():
        raise UsageError(f"--dumps {folder}: no such folder")
    store = store_path(folder)
    if args.action == "import":
        if not path.is_file():
            raise UsageError(f"{path}: no such reviews file")
        decisions = load_reviews(path)
        added, updated = put_decisions(store, decisions)
        print(f"{len(decisions)} decisions read from {path}: {added} added, {updated} updated, "
              f"{len(decisions) - added - updated} already in {store}")
        return 0
    stored = read_decisions(store)
    if path.exists():
        held = load_reviews(path)
        keys = {(k, d.key) for k, items in (("not_same", stored.not_same), ("same", stored.same),
                                            ("verdict", stored.verdicts)) for d in items}
        lost = [d for k, items in (("not_same", held.not_same), ("same", held.same), ("verdict", held.verdicts))
                for d in items if (k, d.key) not in keys]
        if lost and not args.force:
            raise UsageError(f"{path} holds {len(lost)} decision(s) the store lacks; "
                             f"`reconcile reviews import {path}` first, or --force to overwrite")
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(stored.to_toml(), encoding="utf-8")
    os.replace(tmp, path)
    print(f"{len(stored)} decisions from {store} written to {path}")
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
        command = {"run": _run, "watch": _watch, "reviews": _reviews, "eval": _eval}[args.command]
        return command(args)
    except ReconcileError as exc:
        print(f"reconcile: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("reconcile: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
